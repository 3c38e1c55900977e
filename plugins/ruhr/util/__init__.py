"""Helpers shared by the build, the editor commands, the gates and publishing."""
