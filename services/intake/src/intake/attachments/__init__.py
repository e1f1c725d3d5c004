"""Files: the documents of a dossier's components, resumable uploads, the citizen's document store."""
