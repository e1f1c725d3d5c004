"""Message templates: Jinja2, one per (code, channel, language), versioned and immutable once saved."""
