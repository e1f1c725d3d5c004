"""R-STAT-6: the published figures are those the events as stored say, recomputed independently
(``recompute``), after the events arrive shuffled, after they are all replayed twice through the
consumer (once under the same ids, once under new ones), and after the read model is rebuilt twice
from the start of the topic — for the portal, every procedure, agency, field and sector, per unit
and per officer, this year so far, last year, and a range of days with its snapshot in the past."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from pydantic import BaseModel

from catalog.clock import today_vn, year_start_vn
from catalog.statistics import rebuild
from contracts.events import DOSSIER_TOPIC, DossierEvent, SatisfactionLevel, spec_for
from contracts.lifecycle import Channel, DossierStatus
from servicekit.calendar import VN_TZ
from servicekit.events import Event as CloudEvent
from servicekit.testing import eventually
from servicekit.testing.kafka import collect, publish_many
from services.catalog.tests.service import recompute
from services.catalog.tests.service.dossier_events import Dossier, Event
from services.catalog.tests.service.support import (
    CITY,
    FIELD,
    JUSTICE,
    PROVINCE,
    SECTOR,
    WARD,
    Catalog,
    content,
)

LAND_SECTOR, LAND_FIELD = "DAT_DAI", "H49-DD01"
PROCEDURES = {"1.000601": (WARD, FIELD), "1.000602": (CITY, LAND_FIELD), "1.000603": (JUSTICE, FIELD)}
SECTORS = {FIELD: SECTOR, LAND_FIELD: LAND_SECTOR}
OFFICERS = {
    agency: (f"{agency}-desk-1", f"{agency}-desk-2", f"{agency}-leader") for agency in (WARD, CITY, JUSTICE)
}
DOSSIERS = 90


class _Future(Exception):
    """The next step of a dossier's life would happen after now."""


def lifecycle(rng: random.Random, now: datetime, earliest: datetime) -> Iterator[Event]:
    """One dossier's events, realistic in order and timing, cut short where they would reach the future."""
    code = rng.choice(sorted(PROCEDURES))
    agency = PROCEDURES[code][0]
    desk, other_desk, leader = OFFICERS[agency]
    at = earliest + (now - earliest) * rng.random()
    dossier = Dossier(code, agency, channel=rng.choice(list(Channel)), at=at)
    yield dossier.submitted()

    def later() -> datetime:
        nonlocal at
        at += timedelta(minutes=rng.randint(5, 6 * 24 * 60))
        if at >= now:
            raise _Future
        return at

    try:
        fate = rng.random()
        if fate < 0.1:
            yield dossier.refused(later(), at_desk=True, by=desk)
            return
        if fate < 0.15:
            yield dossier.withdrawn(later(), DossierStatus.SUBMITTED)
            return
        received = later()
        appointment = received.astimezone(VN_TZ).date() + timedelta(days=rng.randint(0, 12))
        yield dossier.received(received, appointment, by=rng.choice((desk, other_desk)))
        yield dossier.processing(later())
        if rng.random() < 0.3:
            moved = appointment + timedelta(days=rng.randint(1, 10))
            yield dossier.extended(later(), appointment, moved)
            appointment = moved
        outcome = rng.choices(["resolved", "pending", "refused", "withdrawn", "stopped"], [55, 20, 8, 8, 9])[
            0
        ]
        if outcome == "resolved":
            resolved = later()
            yield dossier.resolved(
                resolved, appointment, on_time=resolved.astimezone(VN_TZ).date() <= appointment, by=leader
            )
            if rng.random() < 0.7:
                yield dossier.returned(later())
            if rng.random() < 0.6:
                first = later()
                levels = list(SatisfactionLevel)
                yield dossier.rated(first, overall=rng.choice(levels), timeliness=rng.choice(levels))
                if rng.random() < 0.4:
                    yield dossier.rated(
                        later(),
                        revision=2,
                        first=first,
                        overall=rng.choice(levels),
                        ease_of_use=rng.choice(levels),
                        officer_attitude=rng.choice(levels),
                    )
        elif outcome == "refused":
            yield dossier.refused(later(), at_desk=False, by=leader)
        elif outcome == "withdrawn":
            yield dossier.withdrawn(later())
        elif outcome == "stopped":
            yield dossier.stopped(later())
    except _Future:
        return


@pytest.fixture(scope="module")
async def population(catalog: Catalog) -> list[Event]:
    """Three procedures in two sectors and three agencies, and the events of ninety dossiers, sent
    shuffled (so also out of order within a dossier), each keyed by its dossier as producers do."""
    system = catalog.system()
    await catalog.ok(
        "POST", "/v1/sectors", json={"code": LAND_SECTOR, "name": "Đất đai"}, headers=system, status=201
    )
    await catalog.ok(
        "POST",
        "/v1/fields",
        json={
            "code": LAND_FIELD,
            "sector_code": LAND_SECTOR,
            "name": "Đất đai",
            "managing_agency_code": PROVINCE,
        },
        headers=system,
        status=201,
    )
    levels = {WARD: "commune", CITY: "district", JUSTICE: "province"}
    for code, (agency, field) in PROCEDURES.items():
        await catalog.published(
            code, content(agency_code=agency, field_code=field, administrative_levels=[levels[agency]])
        )
    rng = random.Random(20261122)
    now = datetime.now(UTC) - timedelta(minutes=1)
    earliest = year_start_vn(today_vn().year) - timedelta(days=75)
    events = [event for _ in range(DOSSIERS) for event in lifecycle(rng, now, earliest)]
    rng.shuffle(events)
    await publish_many(catalog.kafka, [(kind, payload, key_of(payload), None) for kind, payload in events])
    return events


def key_of(payload: BaseModel) -> str:
    assert isinstance(payload, DossierEvent)
    return str(payload.dossier_id)


async def stored_events(catalog: Catalog, count: int) -> list[tuple[CloudEvent, BaseModel]]:
    """The events as the topic holds them, read back from its start, with their payloads."""
    read = await collect(catalog.kafka, DOSSIER_TOPIC, until=lambda events: len(events) >= count)
    return [(e, spec_for(e.type).payload.model_validate(e.data)) for e in read]


class Expected:
    def __init__(self, events: list[Event]) -> None:
        self.dossiers = recompute.facts_of(events)

    def of(self, keep: Any = None) -> list[recompute.Facts]:
        return [f for f in self.dossiers.values() if keep is None or keep(f)]

    @staticmethod
    def field_of(facts: recompute.Facts) -> str | None:
        return PROCEDURES[facts.procedure][1] if facts.version == 1 else None


def comparable(figures: dict[str, Any]) -> dict[str, Any]:
    shown = {k: v for k, v in figures.items() if k not in ("scope", "code", "name", "as_of", "year_to_date")}
    shown.pop("period_start"), shown.pop("period_end")
    shown["pending"] = {k: v for k, v in shown["pending"].items() if k != "at"}
    return shown


def periods() -> list[dict[str, str]]:
    today = today_vn()
    return [
        {},
        {"year": str(today.year - 1)},
        {"from": (today - timedelta(days=40)).isoformat(), "to": (today - timedelta(days=12)).isoformat()},
    ]


async def check_everything(catalog: Catalog, expected: Expected) -> None:
    """Every scope and period the API offers against the recomputation (snapshot taken from the answer)."""
    scopes: list[tuple[str, Any]] = [("/v1/statistics", None)]
    scopes += [
        (f"/v1/statistics/procedures/{code}", lambda f, c=code: f.procedure == c) for code in PROCEDURES
    ]
    scopes += [(f"/v1/statistics/agencies/{a}", lambda f, a=a: f.agency == a) for a in (WARD, CITY, JUSTICE)]
    scopes += [(f"/v1/statistics/fields/{x}", lambda f, x=x: Expected.field_of(f) == x) for x in SECTORS]
    scopes += [
        (f"/v1/statistics/sectors/{s}", lambda f, s=s: SECTORS.get(Expected.field_of(f) or "") == s)
        for s in (SECTOR, LAND_SECTOR)
    ]
    for params in periods():
        for path, keep in scopes:
            shown = await catalog.ok("GET", path, params=params)
            want = recompute.figures(
                expected.of(keep),
                start=date.fromisoformat(shown["period_start"]),
                end=date.fromisoformat(shown["period_end"]),
                snapshot=datetime.fromisoformat(shown["pending"]["at"]),
            )
            assert comparable(shown) == want, (path, params)
        listing = await catalog.ok("GET", "/v1/statistics/agencies", params=params | {"limit": "100"})
        for item in listing["items"]:
            want = recompute.figures(
                expected.of(lambda f, a=item["code"]: f.agency == a),
                start=date.fromisoformat(item["period_start"]),
                end=date.fromisoformat(item["period_end"]),
                snapshot=datetime.fromisoformat(item["pending"]["at"]),
            )
            assert comparable(item) == want, ("agencies list", item["code"], params)
        units = await catalog.ok(
            "GET", f"/v1/statistics/agencies/{PROVINCE}/units", params=params, headers=catalog.system()
        )
        assert [u["code"] for u in units["items"]] == [u["code"] for u in listing["items"]]
        for agency in (WARD, CITY, JUSTICE):
            people = await catalog.ok(
                "GET", f"/v1/statistics/agencies/{agency}/officers", params=params, headers=catalog.system()
            )
            start, end = date.fromisoformat(people["period_start"]), date.fromisoformat(people["period_end"])
            assert people["items"] == recompute.officers(expected.of(), agency=agency, start=start, end=end)


async def settled(catalog: Catalog, expected: Expected) -> None:
    async def probe() -> bool:
        await check_everything(catalog, expected)
        return True

    await eventually(probe, timeout=60, interval=0.5, message="figures match the recomputation")


async def inbox_has(catalog: Catalog, ids: set[uuid.UUID]) -> None:
    url = catalog.app.state.runtime.settings.database_url.replace("postgresql+asyncpg://", "postgresql://")

    async def probe() -> bool:
        conn = await asyncpg.connect(url)
        try:
            seen = await conn.fetchval(
                "SELECT count(*) FROM inbox WHERE event_id = ANY($1::uuid[])", list(ids)
            )
        finally:
            await conn.close()
        return bool(seen == len(ids))

    await eventually(probe, timeout=60, interval=0.5, message="replayed events consumed")


async def test_r_stat_6_figures_match_a_recomputation_from_the_stored_events_after_every_replay(
    catalog: Catalog, population: list[Event]
) -> None:
    stored = await stored_events(catalog, len(population))
    assert len(stored) == len(population)
    expected = Expected([(event.type, payload) for event, payload in stored])
    states = {f.closed_at() is None and "received" in f.times for f in expected.of()}
    assert states == {True, False}, "the population has pending and closed dossiers"
    assert any(f.extensions for f in expected.of()) and any(len(f.ratings) == 2 for f in expected.of())
    await settled(catalog, expected)

    # Replay everything through the consumer twice: under the same ids (the inbox skips them), then
    # under new ids (the projector's merge absorbs them). Same keys, so the second replay being
    # consumed (its ids in the inbox) proves the first one was too.
    await publish_many(catalog.kafka, [(e.type, p, key_of(p), e.id) for e, p in stored])
    renamed = [(e.type, p, key_of(p), str(uuid.uuid4())) for e, p in stored]
    await publish_many(catalog.kafka, renamed)
    await inbox_has(catalog, {uuid.UUID(event_id) for *_, event_id in renamed if event_id})
    await check_everything(catalog, expected)

    # Rebuild from the start of the topic (which now holds every event three times), twice.
    runtime = catalog.app.state.runtime
    applied = await rebuild.replay(runtime.db, catalog.kafka, truncate=True)
    assert applied == 3 * len(stored)
    await check_everything(catalog, expected)
    await rebuild.replay(runtime.db, catalog.kafka)
    await check_everything(catalog, expected)
