"""Filing a dossier: completeness, confirmation by OTP or digital signature (R-ID-3), dossier.submitted."""
