"""Simulators of external parties, each a small server speaking the real protocol."""
