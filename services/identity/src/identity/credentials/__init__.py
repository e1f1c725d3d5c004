"""Credentials: argon2id password hashes and officials' TOTP secrets."""
