"""R-STAT-6 statistics from dossier events on the broker: counted once whatever the redelivery,
duplicate or order, per procedure and per agency, since 1 January in Vietnam."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import BaseModel

from catalog.clock import today_vn, year_start_vn
from contracts.events import (
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_RESOLVED,
    DOSSIER_RETURNED,
    DOSSIER_SUBMITTED,
    DOSSIER_WITHDRAWN,
    DossierReceived,
    DossierRefused,
    DossierResolved,
    DossierReturned,
    DossierSubmitted,
    DossierWithdrawn,
)
from contracts.lifecycle import ApplicantKind, Channel, DossierStatus
from servicekit.testing import eventually
from servicekit.testing.kafka import publish
from services.catalog.tests.service.support import WARD, Catalog

CODE = "1.000401"


@pytest.fixture(scope="module")
async def stats(catalog: Catalog) -> Catalog:
    await catalog.published(CODE)
    return catalog


class Dossier:
    """Builds the events of one dossier's life."""

    def __init__(self, channel: Channel = Channel.ONLINE, at: datetime | None = None) -> None:
        self.id = uuid.uuid4()
        self.channel = channel
        self.at = at or datetime.now(UTC) - timedelta(minutes=5)

    def common(self, minutes: int) -> dict[str, Any]:
        return {
            "dossier_id": self.id,
            "agency_code": WARD,
            "procedure_code": CODE,
            "applicant_subject": "citizen-1",
            "occurred_at": self.at + timedelta(minutes=minutes),
        }

    def submitted(self) -> tuple[str, BaseModel]:
        c = self.common(0)
        return DOSSIER_SUBMITTED, DossierSubmitted(
            **c,
            procedure_version=1,
            channel=self.channel,
            applicant_kind=ApplicantKind.CITIZEN,
            applicant_name="An",
            submitted_at=c["occurred_at"],
        )

    def received(self) -> tuple[str, BaseModel]:
        c = self.common(1) | {"dossier_code": f"{WARD}-260105-0001"}
        return DOSSIER_RECEIVED, DossierReceived(
            **c,
            procedure_version=1,
            channel=self.channel,
            received_at=c["occurred_at"],
            appointment_date=date(2026, 12, 1),
        )

    def resolved(self, on_time: bool = True) -> tuple[str, BaseModel]:
        c = self.common(2) | {"dossier_code": "X"}
        return DOSSIER_RESOLVED, DossierResolved(
            **c, decided_by="o-1", appointment_date=date(2026, 12, 1), on_time=on_time
        )

    def returned(self) -> tuple[str, BaseModel]:
        return DOSSIER_RETURNED, DossierReturned(
            **self.common(3) | {"dossier_code": "X"}, return_channel=Channel.ONLINE
        )

    def refused(self) -> tuple[str, BaseModel]:
        return DOSSIER_REFUSED, DossierRefused(
            **self.common(1), at_desk=True, reasons=("Không thuộc thẩm quyền",), decided_by="o-1"
        )

    def withdrawn(self) -> tuple[str, BaseModel]:
        return DOSSIER_WITHDRAWN, DossierWithdrawn(**self.common(2), previous_status=DossierStatus.RECEIVED)


async def send(catalog: Catalog, event: tuple[str, BaseModel], *, event_id: str | None = None) -> str:
    """One key for every event of these tests: one partition, so the consumer sees them in send order."""
    kind, payload = event
    sent = await publish(catalog.kafka, kind, payload, key="statistics-tests", event_id=event_id)
    return sent.id


async def figures(catalog: Catalog, **params: Any) -> dict[str, Any]:
    result: dict[str, Any] = await catalog.ok("GET", f"/v1/statistics/procedures/{CODE}", params=params)
    return result


async def settle(catalog: Catalog, expected: dict[str, Any]) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        current = await figures(catalog)
        flat = {
            "received_online": current["received"]["online"],
            "received_total": current["received"]["total"],
        }
        flat |= {f"resolved_{k}": v for k, v in current["resolved"].items()}
        flat |= {k: current[k] for k in ("returned", "refused", "withdrawn", "on_time_rate", "online_rate")}
        flat |= {
            "submitted_total": current["submitted"]["total"],
            "submitted_online": current["submitted"]["online"],
        }
        assert {k: flat[k] for k in expected} == expected
        return current

    return await eventually(probe, timeout=20, message="statistics caught up")


async def test_r_stat_6_figures_follow_dossier_events_and_replays_never_double_count(stats: Catalog) -> None:
    online, desk, late, refused = Dossier(), Dossier(Channel.DESK), Dossier(), Dossier(Channel.POSTAL)
    for event in (
        online.submitted(),
        online.received(),
        online.resolved(),
        online.returned(),
        desk.submitted(),
        desk.received(),
    ):
        await send(stats, event)
    # Out of order: resolution before reception (different partitions, or a replay).
    await send(stats, late.resolved(on_time=False))
    await send(stats, late.received())
    await send(stats, late.submitted())
    await send(stats, refused.submitted())
    await send(stats, refused.refused())
    expected = {
        "submitted_total": 4,
        "submitted_online": 2,
        "received_total": 3,
        "received_online": 2,
        "resolved_total": 2,
        "resolved_online": 2,
        "resolved_on_time": 1,
        "resolved_late": 1,
        "on_time_rate": 50.0,
        "online_rate": 66.7,
        "returned": 1,
        "refused": 1,
    }
    first = await settle(stats, expected)
    assert first["name"] == "Đăng ký khai sinh" and first["year"] == today_vn().year
    assert (
        first["period_start"] == f"{today_vn().year}-01-01" and first["period_end"] == today_vn().isoformat()
    )

    # Redelivery of the same event ids (the broker replaying), and the same facts under new ids
    # (a producer's outbox replayed to a new broker): nothing changes.
    received_id = await send(stats, online.received())
    await send(stats, online.received(), event_id=received_id)
    await send(stats, late.resolved(on_time=False))
    await send(stats, desk.submitted())
    marker = Dossier()
    await send(stats, marker.submitted())  # processed after the replays: its count proves they were handled
    await settle(stats, expected | {"submitted_total": 5, "submitted_online": 3})


async def test_withdrawals_agencies_and_the_per_procedure_list(stats: Catalog) -> None:
    dossier = Dossier()
    await send(stats, dossier.submitted())
    await send(stats, dossier.received())
    await send(stats, dossier.withdrawn())

    async def withdrawn() -> dict[str, Any] | None:
        current = await figures(stats)
        return current if current["withdrawn"] >= 1 else None

    procedure = await eventually(withdrawn)
    agency = await stats.ok("GET", f"/v1/statistics/agencies/{WARD}")
    assert agency["scope"] == "agency" and agency["name"] == "UBND phường Hồng Gai"
    assert agency["received"] == procedure["received"] and agency["withdrawn"] == procedure["withdrawn"]
    listing = await stats.ok("GET", "/v1/statistics/procedures", params={"agency": WARD})
    assert [item["code"] for item in listing["items"]] == [CODE]


async def test_a_year_counts_from_1_january_in_vietnam(stats: Catalog) -> None:
    year = today_vn().year
    # 31 December, 23:30 in Hanoi: last year; 1 January, 00:30: this year (UTC is 7 hours behind).
    new_year = year_start_vn(year).astimezone(UTC)
    before, after = Dossier(at=new_year - timedelta(minutes=30)), Dossier(at=new_year + timedelta(minutes=30))
    this_year = (await figures(stats))["submitted"]["total"]
    await send(stats, before.submitted())
    await send(stats, after.submitted())

    async def counted() -> bool:
        current, last = await figures(stats), await figures(stats, year=year - 1)
        assert current["submitted"]["total"] == this_year + 1 and last["submitted"]["total"] == 1
        return True

    await eventually(counted)
    assert (await figures(stats, year=year - 1))["period_end"] == f"{year - 1}-12-31"
    future = await stats.client.get(f"/v1/statistics/procedures/{CODE}", params={"year": year + 1})
    assert future.status_code == 422 and future.json()["code"] == "statistics_year_invalid"
    assert (await stats.client.get("/v1/statistics/procedures/1.999999")).status_code == 404
