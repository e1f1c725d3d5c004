"""The history's hash chain: any change, removal or reordering of an entry shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from workflow.history.chain import entry_hash, verify

T0 = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def chain(n: int) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    previous = None
    for seq in range(1, n + 1):
        entry: dict[str, Any] = {
            "instance_id": "0192f0c8-7a3e-7b1c-9d2e-3f4a5b6c7d8e",
            "seq": seq,
            "at": T0 + timedelta(minutes=seq),
            "action": "transferred",
            "actor_subject": f"officer-{seq}",
            "actor_name": "Hoàng Văn Chuyên",
            "task_id": None,
            "step_title": "Thẩm định hồ sơ",
            "handling_agency_code": "000.00.31.H49",
            "giver": "Bộ phận Một cửa",
            "receiver": "Phòng Tài chính - Kế hoạch",
            "comment": None,
            "attachment_ids": [],
            "data": {"due_date": "2026-03-05"},
            "prev_hash": previous,
        }
        entry["hash"] = entry_hash(entry)
        previous = entry["hash"]
        entries.append(entry)
    return entries


def test_an_untouched_chain_verifies() -> None:
    entries = chain(5)
    verdict = verify(entries)
    assert verdict.valid and verdict.length == 5 and verdict.head == entries[-1]["hash"]


def test_a_changed_removed_or_reordered_entry_is_found() -> None:
    changed = chain(5)
    changed[2]["comment"] = "sửa"
    assert verify(changed).first_broken_seq == 3
    removed = chain(5)
    del removed[1]
    assert verify(removed).first_broken_seq == 2
    swapped = chain(5)
    swapped[1], swapped[2] = swapped[2], swapped[1]
    assert verify(swapped).first_broken_seq == 2


def test_the_same_moment_in_another_offset_hashes_the_same() -> None:
    entry = chain(1)[0]
    local = dict(entry, at=entry["at"].astimezone(datetime.now().astimezone().tzinfo))
    assert entry_hash(local) == entry["hash"]
