"""motcua identity service — Identity: accounts, OTP and the suite's OpenID Provider."""
