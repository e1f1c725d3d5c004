"""Lookup by dossier code (R-LOOK-1/2): the public view, and the full one for its owner and officers."""
