"""relsafe: casework software for relational safeguarding."""
