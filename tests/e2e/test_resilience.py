"""Nothing committed is lost: a process killed mid-stream, or a broker that forgot everything, still
leaves every dossier with exactly one process instance and one applicant message."""

from __future__ import annotations

import asyncio
import signal
import uuid

import httpx
import pytest

from servicekit.testing import TokenFactory, eventually
from tests.e2e.support import fetch, file_and_receive

pytestmark = pytest.mark.e2e


async def _submit(gateway: httpx.AsyncClient, tokens: TokenFactory, citizen: str) -> str:
    """A dossier filed at the desk and received there (dossier.submitted, then dossier.received)."""
    return str((await file_and_receive(gateway, tokens, citizen))["id"])


async def _exactly_once_everywhere(stack, dossier_ids: list[str], *, timeout: float) -> None:  # type: ignore[no-untyped-def]
    ids = [uuid.UUID(d) for d in dossier_ids]

    async def all_done() -> bool:
        notified = await fetch(
            stack,
            "notify",
            "select distinct dossier_id from inbox_message"
            " where dossier_id = any($1::uuid[]) and kind = 'dossier.submitted'",
            ids,
        )
        started = await fetch(
            stack,
            "workflow",
            "select distinct dossier_id from process_instance where dossier_id = any($1::uuid[])",
            ids,
        )
        return len(notified) == len(started) == len(ids)

    await eventually(
        all_done, timeout=timeout, message="every dossier's process instance and applicant message"
    )
    processes = await fetch(
        stack,
        "workflow",
        "select dossier_id, count(*) as n from process_instance where dossier_id = any($1::uuid[]) group by 1",
        ids,
    )
    messages = await fetch(
        stack,
        "notify",
        "select dossier_id, count(*) as n from inbox_message"
        " where dossier_id = any($1::uuid[]) and kind = 'dossier.submitted' group by 1",
        ids,
    )
    assert {r["dossier_id"]: r["n"] for r in processes} == dict.fromkeys(ids, 1)
    assert {r["dossier_id"]: r["n"] for r in messages} == dict.fromkeys(ids, 1)


async def test_kill_9_of_workflow_while_dossiers_are_submitted(
    stack,
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    citizen = f"citizen-{uuid.uuid4()}"
    submitted: list[str] = []

    async def submit_wave(n: int) -> None:
        submitted.extend(await asyncio.gather(*(_submit(gateway, e2e_tokens, citizen) for _ in range(n))))

    await submit_wave(10)
    # Wait until workflow is mid-stream (some, not necessarily all, instances exist), then kill it.
    await eventually(
        lambda: _count_instances(stack, submitted), timeout=60, message="workflow starting to consume"
    )
    stack.kill("workflow", signal.SIGKILL)
    await submit_wave(10)
    stack.start_process("workflow")
    await submit_wave(5)
    await _exactly_once_everywhere(stack, submitted, timeout=120)


async def _count_instances(stack, dossier_ids: list[str]) -> int:  # type: ignore[no-untyped-def]
    rows = await fetch(
        stack,
        "workflow",
        "select count(*) as n from process_instance where dossier_id = any($1::uuid[])",
        [uuid.UUID(d) for d in dossier_ids],
    )
    return int(rows[0]["n"])


async def test_events_not_consumed_before_the_broker_was_lost_are_delivered_after_restart(
    stack,
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    # notify is down: workflow's event waits in the (in-memory) broker, unconsumed.
    stack.kill("notify", signal.SIGKILL)
    citizen = f"citizen-{uuid.uuid4()}"
    dossier_id = await _submit(gateway, e2e_tokens, citizen)
    await eventually(lambda: _count_instances(stack, [dossier_id]), timeout=60, message="process instance")

    # The embedded broker restarts empty, as after `make run` is stopped and started again.
    stack.restart_broker()
    for name in ("intake", "workflow", "notify"):
        stack.start_process(name)

    await _exactly_once_everywhere(stack, [dossier_id], timeout=120)
    inbox = await gateway.get("/v1/inbox", headers=e2e_tokens.headers(citizen))
    assert {m["dossier_id"] for m in inbox.json()["items"]} == {dossier_id}
