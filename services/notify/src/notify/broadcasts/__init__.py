"""Broadcasts: one notice for every signed-in user (the portal's maintenance, R-OPS-1), stored once and
shown in each inbox while it is relevant, instead of one message per account."""
