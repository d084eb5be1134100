"""Persistence of the profile and the check history in SQLite."""
