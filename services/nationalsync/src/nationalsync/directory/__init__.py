"""Names the national record shows and events only refer to: procedures, agencies, officials."""
