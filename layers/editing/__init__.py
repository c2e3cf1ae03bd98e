"""Editing features (OGC API – Features Part 4): input validation and the audited store."""
