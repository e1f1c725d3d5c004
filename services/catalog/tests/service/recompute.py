"""R-STAT-6 figures recomputed from the events themselves, in plain Python, independently of the read
model: what the statistics must say about the dossiers those events describe.

Per dossier: each milestone happened at its earliest report; who received it and the promised date
come with the earliest reception, who decided and whether on time with the earliest resolution; the
appointment date in force at an instant is the latest extension made before it, else the promised one;
the rating is the highest revision, counted when the dossier was first rated.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel

from contracts.events import (
    DOSSIER_EXTENDED,
    DOSSIER_PROCESSING_STARTED,
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_RESOLVED,
    DOSSIER_RETURNED,
    DOSSIER_STOPPED,
    DOSSIER_SUBMITTED,
    DOSSIER_WITHDRAWN,
    RATING_CRITERIA,
    RATING_SUBMITTED,
    DossierEvent,
    DossierExtended,
    DossierReceived,
    DossierRefused,
    DossierResolved,
    DossierSubmitted,
    RatingSubmitted,
    SatisfactionLevel,
)
from servicekit.calendar import VN_TZ


@dataclass
class Facts:
    procedure: str
    agency: str
    version: int | None = None
    channel: str | None = None
    times: dict[str, datetime] = field(default_factory=dict)
    received: DossierReceived | None = None
    resolved: DossierResolved | None = None
    refused: DossierRefused | None = None
    extensions: list[DossierExtended] = field(default_factory=list)
    ratings: list[RatingSubmitted] = field(default_factory=list)

    def closed_at(self) -> datetime | None:
        ends = [self.times[m] for m in ("resolved", "refused", "withdrawn", "stopped") if m in self.times]
        return min(ends) if ends else None

    def appointment_at(self, instant: datetime) -> date | None:
        done = [e for e in self.extensions if e.occurred_at < instant]
        if done:
            return max(done, key=lambda e: e.occurred_at).new_appointment_date
        return self.received.appointment_date if self.received else None

    def rating(self) -> RatingSubmitted | None:
        return max(self.ratings, key=lambda r: (r.revision, r.occurred_at)) if self.ratings else None

    def rated_at(self) -> datetime | None:
        return min(r.first_submitted_at for r in self.ratings) if self.ratings else None


_NAMES = {
    DOSSIER_SUBMITTED: "submitted",
    DOSSIER_RECEIVED: "received",
    DOSSIER_PROCESSING_STARTED: "processing",
    DOSSIER_RESOLVED: "resolved",
    DOSSIER_RETURNED: "returned",
    DOSSIER_REFUSED: "refused",
    DOSSIER_WITHDRAWN: "withdrawn",
    DOSSIER_STOPPED: "stopped",
}


def facts_of(events: Iterable[tuple[str, BaseModel]]) -> dict[uuid.UUID, Facts]:
    dossiers: dict[uuid.UUID, Facts] = {}
    for kind, payload in events:
        assert isinstance(payload, DossierEvent)
        facts = dossiers.setdefault(payload.dossier_id, Facts(payload.procedure_code, payload.agency_code))
        if kind == RATING_SUBMITTED:
            assert isinstance(payload, RatingSubmitted)
            facts.ratings.append(payload)
            continue
        if kind == DOSSIER_EXTENDED:
            assert isinstance(payload, DossierExtended)
            facts.extensions.append(payload)
            continue
        if kind not in _NAMES:
            continue
        name = _NAMES[kind]
        at = payload.occurred_at
        if isinstance(payload, DossierSubmitted):
            at, facts.version, facts.channel = (
                payload.submitted_at,
                payload.procedure_version,
                payload.channel,
            )
        elif isinstance(payload, DossierReceived):
            at, facts.version, facts.channel = payload.received_at, payload.procedure_version, payload.channel
        earlier = name not in facts.times or at < facts.times[name]
        if earlier:
            facts.times[name] = at
            if isinstance(payload, DossierReceived):
                facts.received = payload
            elif isinstance(payload, DossierResolved):
                facts.resolved = payload
            elif isinstance(payload, DossierRefused):
                facts.refused = payload
    return dossiers


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=VN_TZ)


def figures(dossiers: Iterable[Facts], *, start: date, end: date, snapshot: datetime) -> dict[str, Any]:
    """The figures of the period [start, end] (local days) as the API shows them, less names and times."""
    lo, hi = local_midnight(start), local_midnight(end + timedelta(days=1))
    snapshot_date = snapshot.astimezone(VN_TZ).date()
    counts: dict[str, int] = defaultdict(int)
    levels: dict[str, dict[str, int]] = {c: dict.fromkeys(SatisfactionLevel, 0) for c in RATING_CRITERIA}

    def within(at: datetime | None) -> bool:
        return at is not None and lo <= at < hi

    def pending_at(facts: Facts, instant: datetime) -> bool:
        received, closed = facts.times.get("received"), facts.closed_at()
        return received is not None and received < instant and (closed is None or closed >= instant)

    for facts in dossiers:
        for milestone in ("submitted", "received"):
            if within(facts.times.get(milestone)):
                counts[f"{milestone}_total"] += 1
                counts[f"{milestone}_{facts.channel}"] += 1
        if pending_at(facts, lo):
            counts["carried_over"] += 1
        if within(facts.times.get("resolved")):
            assert facts.resolved is not None
            counts["resolved_total"] += 1
            counts["resolved_online"] += facts.channel == "online"
            counts["resolved_on_time" if facts.resolved.on_time else "resolved_late"] += 1
        if pending_at(facts, snapshot):
            counts["pending_total"] += 1
            appointment = facts.appointment_at(snapshot)
            counts["pending_overdue"] += appointment is not None and appointment < snapshot_date
        for milestone in ("returned", "refused", "withdrawn", "stopped"):
            counts[milestone] += within(facts.times.get(milestone))
        if within(facts.times.get("refused")) and facts.refused is not None and facts.refused.at_desk:
            counts["refused_at_desk"] += 1
        rating = facts.rating()
        if rating is not None and within(facts.rated_at()):
            counts["rated"] += 1
            for criterion in RATING_CRITERIA:
                levels[criterion][getattr(rating, criterion)] += 1

    def channels(prefix: str) -> dict[str, int]:
        return {k: counts[f"{prefix}_{k}"] for k in ("total", "online", "desk", "postal")}

    overall = levels["overall"]
    return {
        "submitted": channels("submitted"),
        "received": channels("received"),
        "carried_over": counts["carried_over"],
        "resolved": {k: counts[f"resolved_{k}"] for k in ("total", "online", "on_time", "late")},
        "on_time_rate": _rate(
            counts["resolved_on_time"], counts["resolved_on_time"] + counts["resolved_late"]
        ),
        "online_rate": _rate(counts["received_online"], counts["received_total"]),
        "pending": {
            "total": counts["pending_total"],
            "within_deadline": counts["pending_total"] - counts["pending_overdue"],
            "overdue": counts["pending_overdue"],
        },
        **{k: counts[k] for k in ("returned", "refused", "refused_at_desk", "withdrawn", "stopped")},
        "satisfaction": {
            "ratings": counts["rated"],
            "satisfied_rate": _rate(
                overall[SatisfactionLevel.VERY_SATISFIED] + overall[SatisfactionLevel.SATISFIED],
                counts["rated"],
            ),
            **{c: {level.value: n for level, n in levels[c].items()} for c in RATING_CRITERIA},
        },
    }


def officers(dossiers: Iterable[Facts], *, agency: str, start: date, end: date) -> list[dict[str, Any]]:
    lo, hi = local_midnight(start), local_midnight(end + timedelta(days=1))
    people: dict[str, dict[str, Any]] = {}

    def person(subject: str) -> dict[str, Any]:
        return people.setdefault(
            subject,
            {
                "officer_subject": subject,
                "received": 0,
                "resolved": {"total": 0, "on_time": 0, "late": 0},
                "refused": 0,
            },
        )

    for facts in dossiers:
        if facts.agency != agency:
            continue
        if facts.received and facts.received.received_by and lo <= facts.times["received"] < hi:
            person(facts.received.received_by)["received"] += 1
        if facts.resolved and lo <= facts.times["resolved"] < hi:
            resolved = person(facts.resolved.decided_by)["resolved"]
            resolved["total"] += 1
            resolved["on_time" if facts.resolved.on_time else "late"] += 1
        if facts.refused and lo <= facts.times["refused"] < hi:
            person(facts.refused.decided_by)["refused"] += 1
    return [people[k] for k in sorted(people)]


def only(dossiers: dict[uuid.UUID, Facts], keep: Callable[[Facts], bool]) -> list[Facts]:
    return [f for f in dossiers.values() if keep(f)]
