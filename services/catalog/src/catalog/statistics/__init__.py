"""Public statistics per procedure and agency (R-STAT-6), a read model built from dossier events."""
