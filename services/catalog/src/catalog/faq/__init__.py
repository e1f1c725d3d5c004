"""Frequently asked questions per procedure (R-STAT-7), maintained by the procedure's agency."""
