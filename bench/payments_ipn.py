"""Scenario "IPN throughput": payments confirmed per second by VNPay IPNs (each one a distinct, signed,
successful payment: verify, lock, credit, receipt, payment.succeeded in the outbox, commit), side by
side with the ceiling (a bare ASGI app answering the same requests), with replayed IPNs (already
confirmed: answered 02, nothing written) and with confirmations through the gateway (VNPay's real
path), measured in one run with one load generator.

    uv run python bench/payments_ipn.py [--duration 10] [--connections 32] [--rounds 3] [--ephemeral]

PostgreSQL (embedded, durable unless --ephemeral: fsync and synchronous commit on, as in production)
and the Kafka-protocol broker run locally; payments is one uvicorn process, 1 worker, uvloop +
httptools, its outbox relay publishing to the broker while it is measured. The pending payments are
written straight into its database beforehand. The load generator is closed-loop aiohttp (each
request a different URL, which wrk cannot do); it shares the 2 cores with the servers, so the ratios
matter, not the absolute figures. Results: printed, and bench/results/payments-ipn-<time>.json.
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
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import asyncpg
import psutil

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from gateway_bench import PIDS, free_port, uvicorn  # noqa: E402

from payments.gateways.vnpay.signing import canonical, hmac_sha512  # noqa: E402
from payments.settings import DEV_VNPAY_HASH_SECRET, DEV_VNPAY_TMN_CODE  # noqa: E402
from servicekit.localinfra import EmbeddedBroker, EmbeddedPostgres, database_url  # noqa: E402
from servicekit.testing.plugin import migrate  # noqa: E402
from servicekit.testing.tokens import TokenFactory  # noqa: E402

AMOUNT = 100_000
AGENCY = "000.00.11.H49"
IPN_PATH = "/v1/payment-gateways/vnpay/ipn"


@dataclass
class Result:
    target: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    answers: dict[str, int] = field(default_factory=dict)
    confirmed_per_second: float = 0.0
    cpu_us_per_request: dict[str, float] = field(default_factory=dict)


def ipn_query(txn_ref: str, number: int) -> str:
    params = {
        "vnp_Amount": str(AMOUNT * 100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": f"VNP{number}",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": "Nop phi le phi ho so",
        "vnp_PayDate": datetime.now(UTC).astimezone().strftime("%Y%m%d%H%M%S"),
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": DEV_VNPAY_TMN_CODE,
        "vnp_TransactionNo": str(number),
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": txn_ref,
    }
    query = canonical(params)
    return f"{query}&vnp_SecureHash={hmac_sha512(DEV_VNPAY_HASH_SECRET, query)}"


async def seed(dsn: str, count: int) -> list[str]:
    """``count`` received dossiers, each with an order and a try pending at VNPay; their IPN queries."""
    now = datetime.now(UTC)
    dossiers, orders, txns, queries = [], [], [], []
    for i in range(count):
        dossier_id, order_id, txn_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        code = f"{AGENCY}-261123-{i:06d}"
        dossiers.append(
            (dossier_id, code, AGENCY, "2.000488", 1, f"bench-{i}", "received", "before_processing")
        )
        orders.append((order_id, dossier_id, code, f"MC{i:09d}"))
        txns.append((txn_id, order_id, txn_id.hex))
        queries.append(ipn_query(txn_id.hex, 20_000_000 + i))
    lines = json.dumps(
        [
            {
                "code": "PHI-LLTP",
                "name": "Phí cung cấp thông tin lý lịch tư pháp",
                "unit_amount": AMOUNT,
                "quantity": 1,
                "gross": AMOUNT,
                "exemption_code": None,
                "exemption_percent": 0,
                "amount": AMOUNT,
            }
        ]
    )
    conn = await asyncpg.connect(dsn)
    try:
        await conn.copy_records_to_table(
            "dossier",
            records=[(*d, False, False, 0, now) for d in dossiers],
            columns=[
                "id",
                "code",
                "agency_code",
                "procedure_code",
                "procedure_version",
                "applicant_subject",
                "status",
                "payment_due",
                "result_produced",
                "order_pending",
                "order_attempts",
                "updated_at",
            ],
        )
        await conn.copy_records_to_table(
            "payment_order",
            records=[
                (
                    o,
                    d,
                    code,
                    AGENCY,
                    "2.000488",
                    1,
                    f"bench-{i}",
                    "before_processing",
                    "online",
                    AMOUNT,
                    lines,
                    "[]",
                    "{}",
                    "Nộp phí",
                    ref,
                    "pending",
                    0,
                    0,
                    0,
                    now + timedelta(days=15),
                    "bench",
                    now,
                    now,
                    1,
                )
                for i, (o, d, code, ref) in enumerate(orders)
            ],
            columns=[
                "id",
                "dossier_id",
                "dossier_code",
                "agency_code",
                "procedure_code",
                "procedure_version",
                "applicant_subject",
                "payment_due",
                "channel",
                "amount",
                "fee_lines",
                "exemptions",
                "quantities",
                "description",
                "payment_reference",
                "status",
                "paid_amount",
                "refunded_amount",
                "refund_reserved",
                "expires_at",
                "created_by",
                "created_at",
                "updated_at",
                "version",
            ],
        )
        create_date = now.astimezone().strftime("%Y%m%d%H%M%S")
        await conn.copy_records_to_table(
            "payment_transaction",
            records=[
                (
                    t,
                    o,
                    "vnpay",
                    ref,
                    AMOUNT,
                    "pending",
                    create_date,
                    False,
                    now + timedelta(minutes=15),
                    "bench",
                    now,
                    now,
                )
                for t, o, ref in txns
            ],
            columns=[
                "id",
                "payment_id",
                "provider",
                "txn_ref",
                "amount",
                "status",
                "provider_create_date",
                "surplus",
                "expires_at",
                "created_by",
                "created_at",
                "updated_at",
            ],
        )
    finally:
        await conn.close()
    return queries


async def closed_loop(base: str, queries: Iterator[str], *, connections: int, duration: float) -> Result:
    latencies: list[float] = []
    answers: dict[str, int] = {}
    errors = 0
    deadline = time.perf_counter() + duration
    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            nonlocal errors
            while (start := time.perf_counter()) < deadline:
                try:
                    query = next(queries)
                except StopIteration:
                    return
                try:
                    async with session.get(f"{base}{IPN_PATH}?{query}") as response:
                        body = await response.read()
                        if response.status != 200:
                            errors += 1
                        else:
                            code = (
                                json.loads(body).get("RspCode", "?")
                                if body.startswith(b'{"RspCode')
                                else "ok"
                            )
                            answers[code] = answers.get(code, 0) + 1
                except aiohttp.ClientError:
                    errors += 1
                latencies.append(time.perf_counter() - start)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0.0

    return Result(
        target="",
        requests_per_second=len(latencies) / elapsed,
        p50_ms=pct(0.5),
        p99_ms=pct(0.99),
        errors=errors,
        answers=answers,
        confirmed_per_second=answers.get("00", 0) / elapsed,
    )


def cpu(processes: dict[str, int | None]) -> dict[str, float]:
    """CPU seconds used so far; PostgreSQL's counts its backends, live ones and those already gone."""
    used = {}
    for name, pid in processes.items():
        if pid is None:
            continue
        try:
            proc = psutil.Process(pid)
            times = proc.cpu_times()
            total = times.user + times.system
            if name == "postgres":
                total += times.children_user + times.children_system
                for child in proc.children(recursive=True):
                    try:
                        child_times = child.cpu_times()
                        total += child_times.user + child_times.system
                    except psutil.Error:
                        continue
            used[name] = total
        except psutil.Error:
            continue
    return used


async def measure(
    target: str, base: str, queries: Iterator[str], args: argparse.Namespace, processes: dict[str, int | None]
) -> Result:
    print(f"  {target:<34} {args.duration}s", flush=True)
    before = cpu(processes)
    result = await closed_loop(base, queries, connections=args.connections, duration=args.duration)
    after = cpu(processes)
    done = max(1.0, result.requests_per_second * args.duration)
    result.target = target
    result.cpu_us_per_request = {n: round((after[n] - before.get(n, 0.0)) / done * 1e6) for n in after}
    return result


async def bench(
    args: argparse.Namespace, pg: EmbeddedPostgres, broker: str
) -> tuple[list[list[Result]], float]:
    url = database_url(pg.dsn, "motcua_payments", driver="asyncpg")
    dsn = database_url(pg.dsn, "motcua_payments")
    await asyncio.to_thread(migrate, ROOT / "services" / "payments", url)
    per_round = int(args.duration * args.expected)
    queries = await seed(dsn, 2 * per_round * args.rounds + 200)  # fresh ones direct and through the gateway
    print(f"{len(queries)} pending payments written", flush=True)
    env = {
        "PAYMENTS_DATABASE_URL": url,
        "KAFKA_BOOTSTRAP_SERVERS": broker,
        "MOTCUA_ENV": "development",
        "LOG_LEVEL": "WARNING",
        "PAYMENTS_WORKERS_ENABLED": "false",
        "PAYMENTS_CONSUMERS_ENABLED": "false",
        "VNPAY_TMN_CODE": DEV_VNPAY_TMN_CODE,
        "VNPAY_HASH_SECRET": DEV_VNPAY_HASH_SECRET,
    }
    fresh = iter(queries[200:])
    confirmed: list[str] = []

    def recording(source: Iterator[str]) -> Iterator[str]:
        for query in source:
            confirmed.append(query)
            yield query

    jwks = TokenFactory(
        Path(tempfile.mkdtemp(prefix="motcua-bench-jwks-")), issuer="http://localhost:8000/oidc"
    )

    def gateway_env(payments: str) -> dict[str, str]:
        return {
            "SERVICE_BASE_URL_PAYMENTS": payments,
            "OIDC_JWKS_FILE": str(jwks.jwks_file),
            "OIDC_ISSUER": jwks.issuer,
            "REDIS_URL": "",
            "LOG_LEVEL": "WARNING",
        }

    with (
        uvicorn("apps:ceiling", free_port()) as ceiling,
        uvicorn("payments.app:create_app", free_port(), env=env, factory=True) as payments,
        uvicorn("gateway.app:create_app", free_port(), env=gateway_env(payments), factory=True) as gateway,
    ):
        processes = {
            "payments": PIDS[payments],
            "postgres": pg.pid,
            "ceiling": PIDS[ceiling],
            "gateway": PIDS[gateway],
        }
        direct = {"payments": processes["payments"], "postgres": processes["postgres"]}
        warm = iter(queries[:200])
        # Connections, caches, prepared statements: the first 200 payments are confirmed before measuring.
        warmed = await closed_loop(payments, warm, connections=8, duration=30)
        rounds: list[list[Result]] = []
        for index in range(args.rounds):
            print(f"round {index + 1}/{args.rounds}", flush=True)
            replay = iter((confirmed or queries[:200]) * 50)
            rounds.append(
                [
                    await measure(
                        "ceiling (bare ASGI)",
                        ceiling,
                        iter(queries * 2),
                        args,
                        {"ceiling": processes["ceiling"]},
                    ),
                    await measure("IPN → payment confirmed", payments, recording(fresh), args, direct),
                    await measure("IPN replayed (answered 02)", payments, replay, args, direct),
                    await measure(
                        "gateway → IPN → confirmed",
                        gateway,
                        recording(fresh),
                        args,
                        {**direct, "gateway": processes["gateway"]},
                    ),
                ]
            )
        conn = await asyncpg.connect(dsn)
        try:
            started = time.monotonic()
            while await conn.fetchval("select count(*) from outbox where published_at is null"):
                if time.monotonic() - started > 120:
                    break
                await asyncio.sleep(0.2)
            drained = time.monotonic() - started
            paid = await conn.fetchval("select count(*) from payment_order where status = 'succeeded'")
            receipts = await conn.fetchval("select count(*) from receipt")
            events = await conn.fetchval(
                "select count(*) from outbox where event_type = 'vn.motcua.payment.succeeded.v1'"
            )
        finally:
            await conn.close()
        credited = warmed.answers.get("00", 0) + sum(
            r[1].answers.get("00", 0) + r[3].answers.get("00", 0) for r in rounds
        )
        if not (paid == receipts == events == credited):
            raise SystemExit(
                f"inconsistent: {credited} answered 00, {paid} paid, {receipts} receipts, {events} events"
            )
        print(
            f"checked: {paid} payments confirmed = receipts = payment.succeeded events; outbox drained "
            f"{drained:.1f} s after the last round"
        )
    return rounds, drained


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--expected", type=int, default=600, help="upper guess of confirmations/s (sizes the data)"
    )
    parser.add_argument(
        "--ephemeral", action="store_true", help="PostgreSQL without fsync (faster, not durable)"
    )
    args, ignored = parser.parse_known_args()
    if ignored:
        print(f"(ignoring arguments for other scenarios: {' '.join(ignored)})")
    print(f"IPN throughput; cores: {os.cpu_count()}; load average: {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="motcua-bench-ipn-") as tmp:
        pg = EmbeddedPostgres(Path(tmp) / "pg", ephemeral=args.ephemeral)
        broker = EmbeddedBroker()
        with pg, broker:
            pg.create_database("motcua_payments")
            from servicekit.kafka import ensure_topics

            asyncio.run(ensure_topics(broker.bootstrap_servers))
            rounds, drained = asyncio.run(bench(args, pg, broker.bootstrap_servers))
    medians = [
        sorted((r[i] for r in rounds), key=lambda x: x.requests_per_second)[len(rounds) // 2]
        for i in range(4)
    ]
    ratio = statistics.median(r[1].confirmed_per_second / r[0].requests_per_second for r in rounds)
    replay_ratio = statistics.median(r[2].requests_per_second / r[0].requests_per_second for r in rounds)
    hop_ratio = statistics.median(
        r[3].confirmed_per_second / max(1e-9, r[1].confirmed_per_second) for r in rounds
    )
    durability = "ephemeral (no fsync)" if args.ephemeral else "durable (fsync, synchronous commit)"
    print(
        f"\nmedian of {args.rounds} round(s), {args.duration}s each, {args.connections} connections, "
        f"PostgreSQL {durability}"
    )
    print(
        f"{'target':<34} {'req/s':>8} {'confirmed/s':>12} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
        "  CPU µs/request"
    )
    for r in medians:
        used = ", ".join(f"{n} {v:.0f}" for n, v in r.cpu_us_per_request.items())
        print(
            f"{r.target:<34} {r.requests_per_second:>8.0f} {r.confirmed_per_second:>12.0f} {r.p50_ms:>8.2f}"
            f" {r.p99_ms:>8.2f} {r.errors:>7}  {used}"
        )
    print(
        f"\nIPN throughput (confirmed payments/s) / ceiling: {ratio:.1%}; "
        f"replayed IPNs / ceiling: {replay_ratio:.1%}; "
        f"confirmed through the gateway / direct: {hop_ratio:.1%}"
    )
    out_dir = BENCH / "results"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"payments-ipn-{time.strftime('%Y%m%dT%H%M%S')}.json"
    report = {
        "cores": os.cpu_count(),
        "load_average_after": os.getloadavg(),
        "durability": durability,
        "median": [asdict(r) for r in medians],
        "rounds": [[asdict(r) for r in round_] for round_ in rounds],
        "ratios": {
            "confirmed/ceiling": ratio,
            "replayed/ceiling": replay_ratio,
            "gateway-confirmed/direct-confirmed": hop_ratio,
        },
        "outbox_drained_seconds": drained,
    }
    out.write_text(json.dumps(report, indent=2))
    print(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
