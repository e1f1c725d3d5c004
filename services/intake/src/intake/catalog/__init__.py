"""What intake reads from the catalogue: procedure versions, e-form schemas, agencies, calendars."""
