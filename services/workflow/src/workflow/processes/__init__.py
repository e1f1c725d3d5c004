"""Process instances: one per dossier, started by workflow when the dossier reaches it."""
