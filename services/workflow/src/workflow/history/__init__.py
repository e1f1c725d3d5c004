"""The process history: append-only, each entry hashing the one before it (tamper-evident)."""
