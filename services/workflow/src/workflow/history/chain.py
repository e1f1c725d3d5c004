"""The hash chain of a process history (pure): each entry's hash covers its content and the previous
entry's hash, so changing, removing or reordering any entry breaks every hash after it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

#: The fields an entry's hash covers, in the canonical document.
HASHED_FIELDS = (
    "instance_id",
    "seq",
    "at",
    "action",
    "actor_subject",
    "actor_name",
    "task_id",
    "step_title",
    "handling_agency_code",
    "giver",
    "receiver",
    "comment",
    "attachment_ids",
    "data",
    "prev_hash",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("history timestamps must be aware")
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if value is None or isinstance(value, str | int | bool | list | dict):
        return value
    return str(value)


def entry_hash(fields: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of an entry's hashed fields."""
    document = {name: _canonical(fields.get(name)) for name in HASHED_FIELDS}
    raw = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class Verdict:
    valid: bool
    length: int
    head: str | None
    first_broken_seq: int | None = None


def verify(entries: Iterable[Mapping[str, Any]]) -> Verdict:
    """Check an instance's entries (in seq order): numbering, links and hashes."""
    previous: str | None = None
    count = 0
    for expected_seq, entry in enumerate(entries, start=1):
        count = expected_seq
        if (
            entry["seq"] != expected_seq
            or entry["prev_hash"] != previous
            or entry_hash(entry) != entry["hash"]
        ):
            return Verdict(valid=False, length=count, head=previous, first_broken_seq=expected_seq)
        previous = entry["hash"]
    return Verdict(valid=True, length=count, head=previous)
