"""Process definitions: how an agency processes the dossiers of one procedure version (R-PROC-2, 5, 6, 9)."""
