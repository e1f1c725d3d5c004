"""motcua intake service — Intake: dossiers, submission, desk reception, lookup."""
