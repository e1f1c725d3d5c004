"""Scenario "notification latency": from a dossier committed in intake to the applicant's email accepted
by the SMTP server, at sustained submission rates, side by side with the submit rate achieved.

    uv run python bench/notification_latency.py [--rates 5,10,20,40] [--duration 15]

The whole local stack runs as processes (deploy/local/stack.py, as `make run` and the end-to-end tests
do: gateway, six services, embedded PostgreSQL and Tansu, the mail sink and the SMS simulator) on free
ports in a temporary directory. The measured path is the real one:

    POST /v1/reception/dossiers through the gateway (a reception officer registers the applicant's
    dossier at the desk) → intake commits the dossier and its outbox row (t0 = the 201 answer) →
    outbox relay → Kafka → notify's consumer plans the "Hồ sơ đã được gửi" notice (in-app, email) →
    dispatcher → SMTP → the mail sink accepts the mail (t1 = its received_at).

Each dossier has its own applicant, announced beforehand by `account.registered` events on the broker
(so notify knows an email address, and the gateway's per-subject rate limit is not what is measured).
Submissions are open-loop: one every 1/rate s whatever the answers, for `duration` s per rate. Latency
= t1 − t0 on one clock (same machine), split into commit → message planned in notify (relay, broker,
consumer) and planned → accepted by SMTP (dispatcher, SMTP). Results: printed and written to
bench/results/notification-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import psutil
from aiokafka import AIOKafkaProducer

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "deploy" / "local"))

from stack import Stack  # noqa: E402

from contracts.events import ACCOUNT_REGISTERED, AccountKind, AccountRegistered, spec_for  # noqa: E402
from servicekit.events import Event, to_kafka  # noqa: E402
from servicekit.testing.tokens import TokenFactory  # noqa: E402

AGENCY = "000.00.00.G12"


def counter_dossier(subject: str) -> dict[str, Any]:
    """The demo procedure of the ministry (1.005129), filed at the desk for the applicant's account."""
    return {
        "procedure_code": "1.005129",
        "channel": "desk",
        "applicant": {"name": "Nguyễn Văn An", "personal_id": "001090012345", "account_subject": subject},
        "forms": {
            "DN-TDV": {
                "nguoi_yeu_cau": {"ho_ten": "Nguyễn Văn An", "so_dinh_danh": "001090012345"},
                "so_chung_chi": "TĐG-2019-0457",
            }
        },
    }


@dataclass
class Phase:
    offered_per_second: float
    duration_s: float
    submitted: int
    errors: int
    submit_per_second: float
    submit_p50_ms: float
    submit_p99_ms: float
    emails: int
    emails_per_second: float
    latency_p50_ms: float
    latency_p99_ms: float
    latency_max_ms: float
    to_planned_p50_ms: float
    planned_to_smtp_p50_ms: float
    # CPU time each process spent per dossier during the phase (submission until the last email).
    cpu_ms_per_dossier: dict[str, float]


def _cpu(pid: int | None, *, children: bool = False) -> float:
    if pid is None:
        return 0.0
    try:
        process = psutil.Process(pid)
        procs = [process, *(process.children(recursive=True) if children else [])]
        total = 0.0
        for proc in procs:
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                continue
        return total
    except psutil.Error:
        return 0.0


def cpu_seconds(stack: Stack) -> dict[str, float]:
    """CPU seconds used so far by every process of the stack (PostgreSQL with its backends)."""
    used = {name: _cpu(stack.pid(name)) for name in (*stack.services, *stack.simulators)}
    used["broker"] = _cpu(stack.broker.pid if stack.broker else None)
    used["postgres"] = _cpu(stack.postgres.pid if stack.postgres else None, children=True)
    return used


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def register(bootstrap: str, citizens: list[tuple[str, str]]) -> None:
    """Announce every applicant as identity would (account.registered), with one producer."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    try:
        topic = spec_for(ACCOUNT_REGISTERED).topic
        sends = []
        for subject, email in citizens:
            payload = AccountRegistered(
                subject=subject,
                kind=AccountKind.CITIZEN,
                full_name="Nguyễn Văn An",
                email=email,
                occurred_at=datetime.now(UTC),
                federated=False,
            )
            message = to_kafka(Event.create(ACCOUNT_REGISTERED, payload, source="/motcua/bench", key=subject))
            key = message.key.encode() if isinstance(message.key, str) else message.key
            sends.append(
                await producer.send(
                    topic, value=message.value, key=key, headers=list(message.headers.items())
                )
            )
        await asyncio.gather(*sends)
    finally:
        await producer.stop()


async def wait_for(probe: Any, *, timeout: float, what: str, interval: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        await asyncio.sleep(interval)


async def run_phase(
    stack: Stack,
    notify_db: asyncpg.Connection,
    tokens: TokenFactory,
    citizens: list[tuple[str, str]],
    *,
    rate: float,
    duration: float,
) -> Phase:
    count = len(citizens)
    results: dict[str, tuple[float, float, str]] = {}  # email → (t0, answer seconds, dossier id)
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    async with httpx.AsyncClient(base_url=stack.url("gateway"), timeout=30, limits=limits) as gateway:

        async def submit(subject: str, email: str) -> None:
            # One officer per dossier: the gateway's per-subject rate limit is not what is measured.
            officer = tokens.headers(
                f"officer-{subject}",
                kind="official",
                roles=["reception_officer"],
                agencies=[AGENCY],
                expires_in=3600,
            )
            headers = officer | {"Idempotency-Key": str(uuid.uuid4())}
            sent = time.perf_counter()
            try:
                answer = await gateway.post(
                    "/v1/reception/dossiers", json=counter_dossier(subject), headers=headers
                )
            except httpx.HTTPError:
                return
            if answer.status_code != 201:
                return
            results[email] = (time.time(), time.perf_counter() - sent, answer.json()["id"])

        cpu_before = cpu_seconds(stack)
        started_wall = datetime.now(UTC)
        started = time.perf_counter()
        tasks = []
        for index, (subject, email) in enumerate(citizens):
            delay = started + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(submit(subject, email)))
        await asyncio.gather(*tasks)
        last_answer = max((t0 for t0, _, _ in results.values()), default=time.time())
        submit_window = max(1e-6, last_answer - started_wall.timestamp())

    dossier_ids = [uuid.UUID(d) for _, _, d in results.values()]

    async def all_sent() -> bool:
        done = await notify_db.fetchval(
            "select count(*) from message where channel = 'email' and dossier_id = any($1::uuid[]) "
            "and status in ('delivered', 'permanent_failure', 'skipped')",
            dossier_ids,
        )
        return int(done) >= len(dossier_ids)

    await wait_for(all_sent, timeout=300, what="every email sent", interval=0.1)
    cpu_after = cpu_seconds(stack)
    per_dossier = {
        name: round((cpu_after[name] - cpu_before.get(name, 0.0)) / max(1, len(results)) * 1000, 1)
        for name in cpu_after
    }
    planned = {
        str(r["dossier_id"]): r["created_at"].timestamp()
        for r in await notify_db.fetch(
            "select dossier_id, created_at from message "
            "where channel = 'email' and dossier_id = any($1::uuid[])",
            dossier_ids,
        )
    }
    async with httpx.AsyncClient(base_url=stack.mail_sink_url or "", timeout=60) as sink:
        mails = (await sink.get("/messages", params={"since": started_wall.isoformat()})).json()
        (await sink.delete("/messages")).raise_for_status()
    received = {
        m["rcpt_tos"][0]: datetime.fromisoformat(m["received_at"].replace("Z", "+00:00")) for m in mails
    }

    latencies, to_planned, to_smtp = [], [], []
    for email, (t0, _, dossier_id) in results.items():
        if email not in received:
            continue
        t1 = received[email].timestamp()
        latencies.append((t1 - t0) * 1000)
        if dossier_id in planned:
            to_planned.append((planned[dossier_id] - t0) * 1000)
            to_smtp.append((t1 - planned[dossier_id]) * 1000)
    first = min((t0 for t0, _, _ in results.values()), default=0.0)
    last_mail = max((r.timestamp() for r in received.values()), default=first)
    answer_ms = [seconds * 1000 for _, seconds, _ in results.values()]
    return Phase(
        offered_per_second=rate,
        duration_s=duration,
        submitted=len(results),
        errors=count - len(results),
        submit_per_second=len(results) / submit_window,
        submit_p50_ms=percentile(answer_ms, 0.5),
        submit_p99_ms=percentile(answer_ms, 0.99),
        emails=len(latencies),
        emails_per_second=len(latencies) / max(1e-6, last_mail - first),
        latency_p50_ms=percentile(latencies, 0.5),
        latency_p99_ms=percentile(latencies, 0.99),
        latency_max_ms=max(latencies, default=float("nan")),
        to_planned_p50_ms=statistics.median(to_planned) if to_planned else float("nan"),
        planned_to_smtp_p50_ms=statistics.median(to_smtp) if to_smtp else float("nan"),
        cpu_ms_per_dossier=dict(sorted(per_dossier.items(), key=lambda item: -item[1])),
    )


async def bench(stack: Stack, rates: list[float], duration: float) -> list[Phase]:
    tokens = TokenFactory.from_private_jwk(stack.signing_key_path, issuer=stack.issuer)
    plan = [
        [
            (f"bench-{uuid.uuid4()}", f"bench.{uuid.uuid4().hex[:16]}@example.vn")
            for _ in range(int(r * duration))
        ]
        for r in rates
    ]
    everyone = [c for phase in plan for c in phase]
    print(f"announcing {len(everyone)} applicants (account.registered)…", flush=True)
    await register(stack.bootstrap_servers, everyone)
    notify_db = await asyncpg.connect(
        stack.database_url("notify").replace("postgresql+asyncpg://", "postgresql://")
    )
    try:

        async def known() -> bool:
            found = await notify_db.fetchval(
                "select count(*) from contact where subject = any($1::text[])", [s for s, _ in everyone]
            )
            return int(found) == len(everyone)

        await wait_for(known, timeout=300, what="notify knows every applicant")
        # Warm-up: a few dossiers so that first-request costs (connections, caches) are not measured.
        warm = [(f"bench-warm-{uuid.uuid4()}", f"warm.{uuid.uuid4().hex[:12]}@example.vn") for _ in range(5)]
        await register(stack.bootstrap_servers, warm)
        await wait_for(
            lambda: notify_db.fetchval("select count(*) = 5 from contact where subject like 'bench-warm-%'"),
            timeout=120,
            what="warm-up applicants",
        )
        await run_phase(stack, notify_db, tokens, warm, rate=5, duration=1)
        phases = []
        for rate, citizens in zip(rates, plan, strict=True):
            print(f"  {rate:g} dossiers/s for {duration:g} s…", flush=True)
            phases.append(await run_phase(stack, notify_db, tokens, citizens, rate=rate, duration=duration))
        return phases
    finally:
        await notify_db.close()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rates", default="5,10,20,40", help="dossier submissions per second, one phase each"
    )
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per rate")
    # `make bench ARGS=…` hands every scenario the same arguments: ignore the other scenarios' ones.
    args, ignored = parser.parse_known_args()
    if ignored:
        print(f"(ignoring arguments for other scenarios: {' '.join(ignored)})")
    rates = [float(r) for r in args.rates.split(",") if r.strip()]
    print(
        f"notification latency; cores: {os.cpu_count()}; load average: {os.getloadavg()[0]:.2f}", flush=True
    )
    with tempfile.TemporaryDirectory(prefix="motcua-bench-") as tmp:
        stack = Stack(
            data_dir=Path(tmp),
            base_port=None,
            postgres_port=None,
            broker_port=None,
            ephemeral=True,
            echo=False,
            extra_env={"LOG_LEVEL": "WARNING"},
        )
        print("starting the stack…", flush=True)
        t0 = time.monotonic()
        with stack:
            print(f"stack ready in {time.monotonic() - t0:.0f} s", flush=True)
            phases = asyncio.run(bench(stack, rates, args.duration))
    print(
        f"\nopen-loop submissions through the gateway, {args.duration:g} s per rate; "
        "latency = intake commit → SMTP accepted"
    )
    header = (
        f"{'offered/s':>9} {'submits/s':>9} {'submit p50':>10} {'p99 ms':>7} {'emails/s':>8} "
        f"{'latency p50':>11} {'p99 ms':>7} {'max ms':>7} {'→planned':>8} {'→SMTP':>6} {'errors':>6}"
    )
    print(header)
    for p in phases:
        print(
            f"{p.offered_per_second:>9g} {p.submit_per_second:>9.1f} {p.submit_p50_ms:>10.0f}"
            f" {p.submit_p99_ms:>7.0f} {p.emails_per_second:>8.1f} {p.latency_p50_ms:>11.0f}"
            f" {p.latency_p99_ms:>7.0f} {p.latency_max_ms:>7.0f} {p.to_planned_p50_ms:>8.0f}"
            f" {p.planned_to_smtp_p50_ms:>6.0f} {p.errors:>6}"
        )
    print("\nCPU ms per dossier (median over the phases), most first:")
    names = phases[0].cpu_ms_per_dossier if phases else {}
    medians = {n: statistics.median(p.cpu_ms_per_dossier.get(n, 0.0) for p in phases) for n in names}
    print(", ".join(f"{n} {v:.1f}" for n, v in sorted(medians.items(), key=lambda i: -i[1]) if v >= 0.1))
    out_dir = BENCH / "results"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"notification-{time.strftime('%Y%m%dT%H%M%S')}.json"
    report = {
        "cores": os.cpu_count(),
        "load_average_after": os.getloadavg(),
        "phases": [asdict(p) for p in phases],
    }
    out.write_text(json.dumps(report, indent=2))
    print(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
