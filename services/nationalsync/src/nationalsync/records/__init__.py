"""The national record of each dossier (R-FMT-4), kept up to date from dossier and payment events."""
