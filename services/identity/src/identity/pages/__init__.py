"""Server-rendered pages of the provider: sign-in, OTP, consent, sign-out (Jinja2, no JavaScript)."""
