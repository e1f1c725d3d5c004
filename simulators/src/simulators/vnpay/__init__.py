"""A local VNPay 2.1.0 payment gateway: signed payment URL and page, browser return, IPN with retries,
the querydr/refund merchant API and a daily transaction report for reconciliation."""
