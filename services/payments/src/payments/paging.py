"""Keyset pages over UUIDv7 ids (servicekit's opaque cursors)."""

from __future__ import annotations

import uuid

from servicekit.http import InvalidCursor, decode_cursor


def after_id(cursor: str | None) -> uuid.UUID | None:
    if not cursor:
        return None
    (value,) = decode_cursor(cursor, 1)
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidCursor() from None
