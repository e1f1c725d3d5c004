"""Messages: one per (source event, recipient, channel), with its delivery state and attempt log."""
