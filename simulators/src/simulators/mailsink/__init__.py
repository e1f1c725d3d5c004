"""SMTP capture server ("mail sink") with an HTTP API to read what it captured (see simulators/README.md)."""
