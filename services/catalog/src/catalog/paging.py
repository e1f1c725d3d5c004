"""Keyset pagination shared by the catalogue's lists (servicekit's opaque cursors)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from servicekit.http import decode_cursor, encode_cursor

T = TypeVar("T")


def after_values(cursor: str | None, size: int) -> list[str] | None:
    """The key values a cursor carries, or None for the first page (400 ``invalid_cursor`` if bad)."""
    return decode_cursor(cursor, size) if cursor else None


def cut(rows: Sequence[T], limit: int, key: Callable[[T], Sequence[Any]]) -> tuple[list[T], str | None]:
    """Rows were fetched with ``limit + 1``: keep ``limit`` and build the next cursor if there is more."""
    items = list(rows[:limit])
    if len(rows) > limit and items:
        return items, encode_cursor(key(items[-1]))
    return items, None
