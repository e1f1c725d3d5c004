"""R-STAT-6 statistics from dossier events on the broker: counted once whatever the redelivery,
duplicate or order, per procedure and per agency, since 1 January in Vietnam or for a chosen period;
pending and overdue dossiers with the appointment date an extension moved (R-PROC-8); R-FB-5 ratings,
an edited one replacing the earlier."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from catalog.clock import today_vn, year_start_vn
from contracts.events import SatisfactionLevel
from contracts.lifecycle import Channel
from servicekit.testing import eventually
from services.catalog.tests.service.dossier_events import Dossier, send
from services.catalog.tests.service.support import WARD, Catalog

CODE = "1.000401"
PENDING_CODE = "1.000402"
RATED_CODE = "1.000403"
V = SatisfactionLevel


@pytest.fixture(scope="module")
async def stats(catalog: Catalog) -> Catalog:
    for code in (CODE, PENDING_CODE, RATED_CODE):
        await catalog.published(code)
    return catalog


def ago(**delta: float) -> datetime:
    return datetime.now(UTC) - timedelta(**delta)


async def figures(catalog: Catalog, code: str = CODE, **params: Any) -> dict[str, Any]:
    result: dict[str, Any] = await catalog.ok("GET", f"/v1/statistics/procedures/{code}", params=params)
    return result


def flat(current: dict[str, Any]) -> dict[str, Any]:
    out = {f"received_{k}": v for k, v in current["received"].items()}
    out |= {f"submitted_{k}": v for k, v in current["submitted"].items()}
    out |= {f"resolved_{k}": v for k, v in current["resolved"].items()}
    out |= {f"pending_{k}": v for k, v in current["pending"].items() if k != "at"}
    keys = ("returned", "refused", "refused_at_desk", "withdrawn", "stopped", "on_time_rate", "online_rate")
    return out | {k: current[k] for k in (*keys, "carried_over")}


async def settle(
    catalog: Catalog, expected: dict[str, Any], code: str = CODE, **params: Any
) -> dict[str, Any]:
    async def probe() -> dict[str, Any]:
        current = await figures(catalog, code, **params)
        got = flat(current)
        assert {k: got[k] for k in expected} == expected
        return current

    return await eventually(probe, timeout=20, message="statistics caught up")


async def test_r_stat_6_figures_follow_dossier_events_and_replays_never_double_count(stats: Catalog) -> None:
    online, desk = Dossier(CODE, WARD), Dossier(CODE, WARD, channel=Channel.DESK)
    late, refused = Dossier(CODE, WARD), Dossier(CODE, WARD, channel=Channel.POSTAL)
    due = today_vn() + timedelta(days=10)
    for event in (
        online.submitted(),
        online.received(ago(minutes=29), due),
        online.resolved(ago(minutes=28), due, on_time=True),
        online.returned(ago(minutes=27)),
        desk.submitted(),
        desk.received(ago(minutes=29), due),
    ):
        await send(stats.kafka, event)
    # Out of order: resolution before reception (different partitions, or a replay).
    await send(stats.kafka, late.resolved(ago(minutes=20), due, on_time=False))
    await send(stats.kafka, late.received(ago(minutes=29), due))
    await send(stats.kafka, late.submitted())
    await send(stats.kafka, refused.submitted())
    await send(stats.kafka, refused.refused(ago(minutes=29), at_desk=True))
    expected = {
        "submitted_total": 4,
        "submitted_online": 2,
        "received_total": 3,
        "received_online": 2,
        "received_desk": 1,
        "resolved_total": 2,
        "resolved_online": 2,
        "resolved_on_time": 1,
        "resolved_late": 1,
        "on_time_rate": 50.0,
        "online_rate": 66.7,
        "returned": 1,
        "refused": 1,
        "refused_at_desk": 1,
        "pending_total": 1,
        "pending_overdue": 0,
    }
    first = await settle(stats, expected)
    assert first["name"] == "Đăng ký khai sinh" and first["year_to_date"] is True
    assert (
        first["period_start"] == f"{today_vn().year}-01-01" and first["period_end"] == today_vn().isoformat()
    )

    # Redelivery of the same event ids (the broker replaying), and the same facts under new ids
    # (a producer's outbox replayed to a new broker): nothing changes.
    received_id = await send(stats.kafka, online.received(ago(minutes=29), due))
    await send(stats.kafka, online.received(ago(minutes=29), due), event_id=received_id)
    await send(stats.kafka, late.resolved(ago(minutes=20), due, on_time=False))
    await send(stats.kafka, desk.submitted())
    marker = Dossier(CODE, WARD)
    await send(
        stats.kafka, marker.submitted()
    )  # processed after the replays: its count proves they were handled
    await settle(stats, expected | {"submitted_total": 5, "submitted_online": 3})


async def test_withdrawals_agencies_and_the_per_procedure_list(stats: Catalog) -> None:
    dossier = Dossier(CODE, WARD)
    await send(stats.kafka, dossier.submitted())
    await send(stats.kafka, dossier.received(ago(minutes=29), today_vn() + timedelta(days=3)))
    await send(stats.kafka, dossier.withdrawn(ago(minutes=28)))

    async def withdrawn() -> dict[str, Any] | None:
        current = await figures(stats)
        return current if current["withdrawn"] >= 1 else None

    procedure = await eventually(withdrawn)
    agency = await stats.ok("GET", f"/v1/statistics/agencies/{WARD}")
    assert agency["scope"] == "agency" and agency["name"] == "UBND phường Hồng Gai"
    assert agency["received"] == procedure["received"] and agency["withdrawn"] == procedure["withdrawn"]
    listing = await stats.ok("GET", "/v1/statistics/procedures", params={"agency": WARD})
    assert [item["code"] for item in listing["items"]] == [CODE]
    assert listing["items"][0]["name"] == "Đăng ký khai sinh"


async def test_a_year_counts_from_1_january_in_vietnam(stats: Catalog) -> None:
    year = today_vn().year
    # 31 December, 23:30 in Hanoi: last year; 1 January, 00:30: this year (UTC is 7 hours behind).
    new_year = year_start_vn(year).astimezone(UTC)
    before = Dossier(CODE, WARD, at=new_year - timedelta(minutes=30))
    after = Dossier(CODE, WARD, at=new_year + timedelta(minutes=30))
    this_year = (await figures(stats))["submitted"]["total"]
    await send(stats.kafka, before.submitted())
    await send(stats.kafka, after.submitted())

    async def counted() -> bool:
        current, last = await figures(stats), await figures(stats, year=year - 1)
        assert current["submitted"]["total"] == this_year + 1 and last["submitted"]["total"] == 1
        return True

    await eventually(counted)
    last = await figures(stats, year=year - 1)
    assert last["period_end"] == f"{year - 1}-12-31" and last["year_to_date"] is False
    # The same as a range of dates: the last day of last year alone.
    last_day = await figures(stats, **{"from": f"{year - 1}-12-31", "to": f"{year - 1}-12-31"})
    assert last_day["submitted"]["total"] == 1 and last_day["period_start"] == f"{year - 1}-12-31"
    assert (await stats.client.get("/v1/statistics/procedures/1.999999")).status_code == 404


async def test_r_stat_6_pending_and_overdue_now_follow_the_appointment_date_an_extension_moved(
    stats: Catalog,
) -> None:
    """Overdue now: received, not yet resolved, refused, withdrawn or stopped, and the appointment date in
    force (R-PROC-8: after the extension, once it happened) is before today in Asia/Ho_Chi_Minh."""
    today = today_vn()
    start = year_start_vn(today.year)
    late = Dossier(PENDING_CODE, WARD)  # promised yesterday, still open: overdue
    extended = Dossier(PENDING_CODE, WARD)  # promised yesterday, moved to next week two days ago
    fresh = Dossier(PENDING_CODE, WARD)  # promised in three days
    resolved_late = Dossier(PENDING_CODE, WARD)  # promised yesterday, resolved this morning: not pending
    old = Dossier(PENDING_CODE, WARD, at=start - timedelta(days=40))  # last year, never touched since
    events = [
        late.received(ago(days=10), today - timedelta(days=1)),
        extended.received(ago(days=10), today - timedelta(days=1)),
        extended.extended(ago(days=2), today - timedelta(days=1), today + timedelta(days=5)),
        fresh.received(ago(days=1), today + timedelta(days=3)),
        resolved_late.received(ago(days=5), today - timedelta(days=1)),
        resolved_late.resolved(ago(minutes=10), today - timedelta(days=1), on_time=False),
        old.received(start - timedelta(days=40), (start - timedelta(days=30)).date()),
    ]
    for event in events:
        await send(stats.kafka, event)
    # In the first days of January, some of these were received last year: carried over too.
    received_before_the_year = sum(1 for days in (10, 10, 5, 1) if ago(days=days) < start)
    current = await settle(
        stats,
        {
            "pending_total": 4,
            "pending_overdue": 2,
            "pending_within_deadline": 2,
            "carried_over": 1 + received_before_the_year,
            "resolved_late": 1,
        },
        code=PENDING_CODE,
    )
    assert datetime.fromisoformat(current["pending"]["at"]) > ago(minutes=1)

    # Three days ago the extension had not happened: then, at the end of that day, nothing promised
    # yesterday was overdue yet, the dossier resolved this morning was still pending, the one received
    # yesterday not yet received, and last year's one was already overdue.
    three_days_ago = today - timedelta(days=3)
    past = await figures(stats, PENDING_CODE, to=three_days_ago.isoformat())
    assert past["pending"]["total"] == 4 and past["pending"]["overdue"] == 1
    assert past["pending"]["at"].startswith((three_days_ago + timedelta(days=1)).isoformat())


async def test_r_fb_5_an_edited_rating_replaces_the_earlier_one_in_the_figures(stats: Catalog) -> None:
    edited, other = Dossier(RATED_CODE, WARD), Dossier(RATED_CODE, WARD)
    first_rated = ago(hours=3)
    unhappy = {c: V.UNSATISFIED for c in ("overall", "ease_of_use", "timeliness", "officer_attitude")}
    # The edit arrives before the rating it replaces (another partition, or a replay): it still wins.
    await send(stats.kafka, edited.rated(ago(hours=1), revision=2, first=first_rated, overall=V.SATISFIED))
    await send(stats.kafka, edited.rated(first_rated, revision=1, **unhappy))
    await send(stats.kafka, other.rated(ago(hours=2)))

    async def rated() -> dict[str, Any]:
        current = (await figures(stats, RATED_CODE))["satisfaction"]
        assert current["ratings"] == 2
        return current

    satisfaction = await eventually(rated)
    assert satisfaction["overall"] == {"very_satisfied": 1, "satisfied": 1, "unsatisfied": 0}
    assert satisfaction["ease_of_use"] == {"very_satisfied": 2, "satisfied": 0, "unsatisfied": 0}
    assert satisfaction["timeliness"] == {"very_satisfied": 0, "satisfied": 2, "unsatisfied": 0}
    assert satisfaction["satisfied_rate"] == 100.0

    # An edit in January of a rating first given in December counts in December's year.
    year = today_vn().year
    december = year_start_vn(year) - timedelta(days=3)
    late_edit = Dossier(RATED_CODE, WARD, at=december)
    await send(stats.kafka, late_edit.rated(ago(minutes=5), revision=2, first=december, **unhappy))

    async def last_year() -> dict[str, Any]:
        current = (await figures(stats, RATED_CODE, year=year - 1))["satisfaction"]
        assert current["ratings"] == 1
        return current

    assert (await eventually(last_year))["overall"]["unsatisfied"] == 1
    assert (await figures(stats, RATED_CODE))["satisfaction"]["ratings"] == 2


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"year": 2100}, "year", "year_in_future"),
        ({"year": 2025, "from": "2025-01-01"}, "year", "year_with_range"),
        ({"from": "2025-03-02", "to": "2025-03-01"}, "from", "range_reversed"),
        ({"from": "2024-01-01", "to": "2025-06-30"}, "from", "range_too_long"),
        ({"to": (today_vn() + timedelta(days=2)).isoformat()}, "to", "date_in_future"),
    ],
)
async def test_a_period_that_cannot_be_counted_is_refused_field_by_field(
    stats: Catalog, params: dict[str, Any], field: str, code: str
) -> None:
    response = await stats.client.get(
        f"/v1/statistics/procedures/{CODE}", params=params, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "statistics_period_invalid"
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [(field, code)]
    assert problem["title"] == "Invalid period"
    garbled = await stats.client.get("/v1/statistics", params={"from": "01/02/2026"})
    assert garbled.status_code == 422 and garbled.json()["errors"][0]["field"].endswith("from")
