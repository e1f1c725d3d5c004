"""The national hub's API as nationalsync speaks it: client credentials, records, progress."""
