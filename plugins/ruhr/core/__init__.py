"""The content model: fields (schema), reading and validation, cross-references, URLs, languages."""
