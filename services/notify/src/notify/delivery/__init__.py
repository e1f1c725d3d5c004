"""Delivery: the dispatcher that sends due messages, the retry schedule, and recording outcomes."""
