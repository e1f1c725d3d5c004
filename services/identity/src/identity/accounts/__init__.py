"""Accounts (tài khoản): citizens, organisations and officials, their profile and status (R-ID-1)."""
