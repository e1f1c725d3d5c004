"""SMS provider callbacks: delivery reports for sent messages, and inbound messages (lookup by SMS)."""
