"""R-STAT-6 through the real stack: the public figures the portal shows, per agency and year to date,
are those of the dossiers intake actually stores (and of the ratings it keeps), recomputed from its
database — after dossiers of this test travel desk → intake → Kafka → catalog like any other.

Other end-to-end tests publish dossier events of their own straight to the broker, standing in for
intake: those dossiers exist only as events, so their part is taken from the read model's rows for
dossiers intake does not know, and everything else must match intake's rows."""

from __future__ import annotations

import csv
import io
import uuid
from collections import defaultdict
from datetime import datetime
from itertools import cycle
from typing import Any

import asyncpg
import httpx
import pytest

from servicekit.calendar import VN_TZ
from servicekit.testing import TokenFactory, eventually
from tests.e2e.support import AGENCY, PROCEDURE, fetch, file_and_receive, file_at_counter

pytestmark = pytest.mark.e2e

# Open: received, not resolved, refused, withdrawn or stopped (the statistics' "pending").
OPEN = ("received", "processing", "supplement_requested", "awaiting_payment")
LEVELS = ("very_satisfied", "satisfied", "unsatisfied")


def year_start() -> datetime:
    return datetime(datetime.now(VN_TZ).year, 1, 1, tzinfo=VN_TZ)


def stored_figures(
    dossiers: list[asyncpg.Record], ratings: list[asyncpg.Record]
) -> dict[str, dict[str, Any]]:
    """Per agency, what intake's rows say: received by channel, resolved, returned, withdrawn this year,
    open now, and the overall satisfaction of ratings first given this year."""
    start = year_start()
    per: dict[str, dict[str, Any]] = defaultdict(_empty)
    for row in dossiers:
        agency = per[row["agency_code"]]
        if row["received_at"] is not None and row["received_at"] >= start:
            agency["received"]["total"] += 1
            agency["received"][row["channel"]] += 1
        for name in ("resolved", "returned", "withdrawn"):
            at = row[f"{name}_at"]
            agency[name] += at is not None and at >= start
        agency["pending"] += row["received_at"] is not None and row["status"] in OPEN
    for row in ratings:
        if row["first_submitted_at"] >= start:
            per[row["agency_code"]]["ratings"] += 1
            per[row["agency_code"]]["overall"][row["overall"]] += 1
    return dict(per)


def add_event_only(per: dict[str, dict[str, Any]], facts: list[asyncpg.Record]) -> None:
    """Add the dossiers known only from events (read model rows whose dossier intake does not store)."""
    start = year_start()
    for row in facts:
        agency = per.setdefault(row["agency_code"], _empty())
        if row["received_at"] is not None and row["received_at"] >= start:
            agency["received"]["total"] += 1
            agency["received"][row["channel"]] += 1
        for name in ("resolved", "returned", "withdrawn"):
            at = row[f"{name}_at"]
            agency[name] += at is not None and at >= start
        agency["pending"] += row["received_at"] is not None and row["closed_at"] is None
        if row["rated_at"] is not None and row["rated_at"] >= start:
            agency["ratings"] += 1
            agency["overall"][row["rating_overall"]] += 1


def _empty() -> dict[str, Any]:
    return {
        "received": {"total": 0, "online": 0, "desk": 0, "postal": 0},
        "resolved": 0,
        "returned": 0,
        "withdrawn": 0,
        "pending": 0,
        "ratings": 0,
        "overall": dict.fromkeys(LEVELS, 0),
    }


def shown_figures(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "received": item["received"],
        "resolved": item["resolved"]["total"],
        "returned": item["returned"],
        "withdrawn": item["withdrawn"],
        "pending": item["pending"]["total"],
        "ratings": item["satisfaction"]["ratings"],
        "overall": item["satisfaction"]["overall"],
    }


async def test_r_stat_6_public_figures_are_those_of_the_dossiers_intake_stores(
    stack: Any, gateway: httpx.AsyncClient, e2e_tokens: TokenFactory
) -> None:
    received = [await file_and_receive(gateway, e2e_tokens, f"citizen-{uuid.uuid4()}") for _ in range(2)]
    waiting = await file_at_counter(gateway, e2e_tokens, f"citizen-{uuid.uuid4()}")
    ours = [uuid.UUID(d["id"]) for d in (*received, waiting)]

    # The catalog's consumer has our dossiers (received where they were received).
    async def consumed() -> bool:
        facts = await fetch(
            stack, "catalog", "SELECT received_at FROM dossier_fact WHERE dossier_id = ANY($1::uuid[])", ours
        )
        return len(facts) == 3 and sum(f["received_at"] is not None for f in facts) == 2

    await eventually(consumed, timeout=60, message="our dossiers in the statistics read model")

    # Public answers are cached a minute per question: each attempt asks another one (its page size).
    sizes = cycle(range(100, 19, -1))

    async def consistent() -> dict[str, Any]:
        dossiers = await fetch(
            stack,
            "intake",
            "SELECT id, agency_code, channel, status, received_at, resolved_at, returned_at, withdrawn_at"
            " FROM dossier",
        )
        ratings = await fetch(
            stack, "intake", "SELECT agency_code, overall, first_submitted_at FROM dossier_rating"
        )
        expected = stored_figures(dossiers, ratings)
        event_only = await fetch(
            stack,
            "catalog",
            "SELECT agency_code, channel, received_at, resolved_at, returned_at, withdrawn_at, closed_at,"
            " rated_at, rating_overall FROM dossier_fact WHERE NOT (dossier_id = ANY($1::uuid[]))",
            [row["id"] for row in dossiers],
        )
        add_event_only(expected, event_only)
        listing = await gateway.get("/v1/statistics/agencies", params={"limit": next(sizes)})
        assert listing.status_code == 200, listing.text
        shown = {item["code"]: shown_figures(item) for item in listing.json()["items"]}
        left = {a: f for a, f in shown.items() if a in expected or any_activity(f)}
        right = {a: f for a, f in expected.items() if any_activity(f)}
        assert left == right, f"shown {left} != stored {right}"
        return shown

    shown = await eventually(consistent, timeout=120, interval=2, message="figures consistent with intake")
    assert shown[AGENCY]["received"]["desk"] >= 2 and shown[AGENCY]["pending"] >= 2

    # The same figures for the procedure's page and as the CSV a statistician downloads.
    page = (await gateway.get(f"/v1/statistics/procedures/{PROCEDURE}")).json()
    assert page["name"] and page["received"]["desk"] >= 2 and page["year_to_date"] is True
    download = await gateway.get("/v1/statistics/agencies.csv")
    assert download.status_code == 200 and download.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    header = table[0]
    row = dict(zip(header, next(r for r in table[1:] if r[0] == AGENCY), strict=True))
    assert int(row["Tiếp nhận trực tiếp"]) >= 2 and row["Tên"]


def any_activity(figures: dict[str, Any]) -> bool:
    return bool(
        figures["received"]["total"]
        or figures["resolved"]
        or figures["returned"]
        or figures["withdrawn"]
        or figures["pending"]
        or figures["ratings"]
    )
