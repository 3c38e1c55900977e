"""The editors' commands: check, new, translations, import-sites, serve, fields."""
