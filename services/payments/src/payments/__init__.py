"""motcua payments service — Payments: fees and charges, refunds, reconciliation."""
