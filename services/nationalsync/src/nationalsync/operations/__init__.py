"""The operator API: sync failures, counts, retries, one dossier's history."""
