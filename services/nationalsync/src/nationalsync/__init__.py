"""motcua nationalsync service — the national portal adapter: keeps one record per dossier with the
R-FMT-4 fields and pushes every status change and progress step to the national hub (R-OPS-5)."""
