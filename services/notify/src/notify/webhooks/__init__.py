"""Webhooks: ministry systems subscribe to lifecycle events and receive them signed."""
