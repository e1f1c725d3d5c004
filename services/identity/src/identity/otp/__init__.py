"""One-time codes (mã OTP) by SMS or email: registration, sign-in, step-up, dossier confirmation (R-ID-3)."""
