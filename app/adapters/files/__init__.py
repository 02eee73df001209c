"""Folders on disk the app reads from or writes to (the intake watch folder)."""
