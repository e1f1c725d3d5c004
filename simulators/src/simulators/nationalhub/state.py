"""In-memory state of the national hub simulator: records, progress, calls, tokens, the fault."""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from simulators._common import rfc3339, utc_now

FaultMode = Literal["ok", "unavailable", "timeout"]


@dataclass
class HubDossier:
    """What the hub knows of one dossier: its current record, every accepted version, its progress."""

    code: str
    current: dict[str, Any]
    updated_at: datetime
    history: list[dict[str, Any]] = field(default_factory=list)
    progress: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "MaHoSo": self.code,
            "TrangThaiHoSo": self.current.get("TrangThaiHoSo"),
            "DonViXuLy": self.current.get("DonViXuLy"),
            "updated_at": rfc3339(self.updated_at),
            "versions": len(self.history),
            "progress_entries": len(self.progress),
            "record": self.current,
        }

    def detail(self) -> dict[str, Any]:
        return {**self.summary(), "history": self.history, "progress": self.progress}


@dataclass
class HubCall:
    """One call to the data API, as the hub logged it."""

    id: int
    at: datetime
    path: str
    status: int
    idempotency_key: str | None
    replayed: bool
    codes: list[str]
    error_code: str | None
    fault: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": rfc3339(self.at),
            "path": self.path,
            "status": self.status,
            "idempotency_key": self.idempotency_key,
            "replayed": self.replayed,
            "codes": self.codes,
            "error_code": self.error_code,
            "fault": self.fault,
        }


class Store:
    """Dossiers (oldest dropped past `max_records`), the call log and the stored answers by key."""

    def __init__(self, *, max_records: int, max_calls: int) -> None:
        self.max_records = max(1, max_records)
        self.dossiers: OrderedDict[str, HubDossier] = OrderedDict()
        self.calls: deque[HubCall] = deque(maxlen=max(1, max_calls))
        self.answers: OrderedDict[str, tuple[int, dict[str, Any]]] = OrderedDict()
        self._next_call = 1

    def upsert(self, record: dict[str, Any], *, key: str | None) -> None:
        code = str(record["MaHoSo"])
        now = utc_now()
        dossier = self.dossiers.get(code)
        if dossier is None:
            dossier = HubDossier(code=code, current=record, updated_at=now)
            self.dossiers[code] = dossier
        dossier.current = record
        dossier.updated_at = now
        dossier.history.append({"received_at": rfc3339(now), "idempotency_key": key, "record": record})
        self.dossiers.move_to_end(code)
        while len(self.dossiers) > self.max_records:
            self.dossiers.popitem(last=False)

    def add_progress(self, entry: dict[str, Any], *, key: str | None) -> None:
        dossier = self.dossiers[str(entry["MaHoSo"])]
        dossier.progress.append({"received_at": rfc3339(utc_now()), "idempotency_key": key, "entry": entry})

    def log_call(
        self,
        *,
        path: str,
        status: int,
        key: str | None,
        replayed: bool,
        codes: list[str],
        error_code: str | None,
        fault: str | None = None,
    ) -> None:
        self.calls.append(
            HubCall(
                id=self._next_call,
                at=utc_now(),
                path=path,
                status=status,
                idempotency_key=key,
                replayed=replayed,
                codes=codes,
                error_code=error_code,
                fault=fault,
            )
        )
        self._next_call += 1

    def remember(self, key: str, status: int, body: dict[str, Any]) -> None:
        self.answers[key] = (status, body)
        while len(self.answers) > self.max_records:
            self.answers.popitem(last=False)

    def clear(self) -> None:
        self.dossiers.clear()
        self.calls.clear()
        self.answers.clear()


class Tokens:
    """Opaque access tokens issued by the client credentials grant, each until it expires."""

    def __init__(self, ttl: int) -> None:
        self.ttl = ttl
        self._tokens: dict[str, tuple[str, float]] = {}
        self.issued = 0

    def issue(self, client_id: str) -> str:
        now = time.monotonic()
        self._tokens = {t: v for t, v in self._tokens.items() if v[1] > now}
        token = secrets.token_urlsafe(32)
        self._tokens[token] = (client_id, now + self.ttl)
        self.issued += 1
        return token

    def client_of(self, token: str) -> str | None:
        entry = self._tokens.get(token)
        if entry is None or entry[1] <= time.monotonic():
            return None
        return entry[0]

    def revoke_all(self) -> int:
        count = len(self._tokens)
        self._tokens.clear()
        return count


@dataclass
class Fault:
    """The injected fault: for the next `remaining` calls and/or until `until` (monotonic seconds)."""

    mode: FaultMode = "ok"
    remaining: int | None = None
    until: float | None = None
    delay: float | None = None

    def to_json(self) -> dict[str, Any]:
        left = None if self.until is None else max(0.0, round(self.until - time.monotonic(), 3))
        return {"mode": self.mode, "remaining": self.remaining, "seconds_left": left, "delay": self.delay}


class FaultBox:
    def __init__(self) -> None:
        self.current = Fault()

    def set(self, fault: Fault) -> None:
        self.current = fault

    def reset(self) -> None:
        self.current = Fault()

    def take(self) -> Fault | None:
        """The fault this call meets (counting it), or None; an expired fault resets itself."""
        fault = self.current
        if fault.mode == "ok":
            return None
        if fault.until is not None and time.monotonic() >= fault.until:
            self.reset()
            return None
        if fault.remaining is not None:
            fault.remaining -= 1
            if fault.remaining <= 0:
                self.reset()
        return fault
