"""motcua catalog service — Catalogue: agencies, procedures, e-forms, fees and public statistics."""
