"""motcua notify service — Notify: in-app inbox, email, SMS and webhooks."""
