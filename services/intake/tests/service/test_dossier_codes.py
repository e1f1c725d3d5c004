"""Dossier codes under load (issue 6 done-when; R-INT-2, R-FMT-2): 200 receptions at once in one agency
on one day get 0001…0200, no gap and no duplicate, each issued in the reception's own transaction."""

from __future__ import annotations

import asyncio
from datetime import date

from sqlalchemy import select

from intake.reception import codes
from intake.reception.models import DossierCodeCounter
from servicekit.app import runtime_of
from services.intake.tests.support import BHXH_QN, Suite, counter_dossier

RECEPTIONS = 200


async def test_two_hundred_parallel_receptions_get_consecutive_codes(suite: Suite) -> None:
    officer = suite.officer(BHXH_QN)
    filed: list[dict] = []  # type: ignore[type-arg]
    for start in range(0, RECEPTIONS, 20):
        filed += await asyncio.gather(*(counter_dossier(suite, officer) for _ in range(start, start + 20)))

    async def receive(dossier: dict) -> dict:  # type: ignore[type-arg]
        response = await suite.client.post(
            f"/v1/reception/dossiers/{dossier['id']}/acceptance",
            json={},
            headers=officer | {"If-Match": f'"{dossier["version"]}"'},
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    received = await asyncio.gather(*(receive(d) for d in filed))
    days = {r["reception_date"] for r in received}
    assert len(days) == 1, days
    day = date.fromisoformat(days.pop())
    issued = sorted(r["code"] for r in received)
    assert issued == [f"{BHXH_QN}-{day:%y%m%d}-{n:04d}" for n in range(1, RECEPTIONS + 1)]
    async with runtime_of(suite.app).db.transaction() as session:
        counter = await session.scalar(
            select(DossierCodeCounter.last_value).where(
                DossierCodeCounter.agency_code == BHXH_QN, DossierCodeCounter.day == day
            )
        )
    assert counter == RECEPTIONS


async def test_a_rolled_back_reception_gives_its_number_back(suite: Suite) -> None:
    db = runtime_of(suite.app).db
    day = date(2030, 1, 2)
    async with db.transaction() as session:
        assert await codes.issue(session, agency_code="000.00.99.H49", day=day) == "000.00.99.H49-300102-0001"
    async with db.sessionmaker() as session, session.begin():
        assert await codes.next_sequence(session, agency_code="000.00.99.H49", day=day) == 2
        await session.rollback()
    async with db.transaction() as session:
        # The number of the reception that did not happen is issued to the next one: no gap.
        assert await codes.issue(session, agency_code="000.00.99.H49", day=day) == "000.00.99.H49-300102-0002"
        assert (
            await codes.issue(session, agency_code="000.00.99.H49", day=date(2030, 1, 3))
            == "000.00.99.H49-300103-0001"
        )
