"""The Settings page's sections, one widget each: the SettingsPage puts them in a column."""
