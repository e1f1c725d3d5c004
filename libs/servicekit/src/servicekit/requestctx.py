"""Per-request context (request id, trace) shared by logs, outgoing calls and events."""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
traceparent_var: ContextVar[str | None] = ContextVar("traceparent", default=None)

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def new_request_id() -> str:
    return secrets.token_hex(16)


def valid_request_id(value: str | None) -> str | None:
    """Accept a caller's request id only if it is short and harmless in logs."""
    return value if value and _REQUEST_ID.match(value) else None


def parse_traceparent(value: str | None) -> tuple[str, str, str] | None:
    """W3C traceparent → (trace_id, parent_id, flags), or None if malformed or all-zero."""
    if not value:
        return None
    m = _TRACEPARENT.match(value.strip().lower())
    if not m or m.group(1) == "0" * 32 or m.group(2) == "0" * 16:
        return None
    return m.group(1), m.group(2), m.group(3)


def child_traceparent(parent: str | None) -> str:
    """A traceparent for a new span: same trace as ``parent`` (or a new one), fresh span id."""
    parsed = parse_traceparent(parent)
    trace_id, flags = (parsed[0], parsed[2]) if parsed else (secrets.token_hex(16), "01")
    return f"00-{trace_id}-{secrets.token_hex(8)}-{flags}"


def trace_id(traceparent: str | None) -> str | None:
    parsed = parse_traceparent(traceparent)
    return parsed[0] if parsed else None
