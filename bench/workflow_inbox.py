"""Scenario "officer inbox": an officer's task list with 1,000,000 dossiers in workflow's database, at 1 and
16 concurrent users, measured side by side with the bare ASGI ceiling and through the gateway, in one run,
with the same load tool and helpers as bench/gateway_bench.py.

    uv run python bench/workflow_inbox.py [--dossiers 1000000] [--duration 10] [--warmup 2] [--rounds 3]

A throwaway embedded PostgreSQL gets workflow's migrations, then N dossiers are generated inside the
database in one pass each per table (INSERT … SELECT over generate_series: no row crosses the wire):
their process instances, stages and two steps each, most of them long finished, one in seven still in
processing and spread over 2,000 specialists of 50 agencies (about 70 open tasks each), some waiting
unassigned in their unit's queue. The real workflow app (``workflow.app:create_app``, relay, consumers
and deadline watcher off) serves it from one uvicorn worker. Results are printed and written to
bench/results/workflow-inbox-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from catalog_search import postgres_cpu  # noqa: E402
from gateway_bench import PIDS, Result, ensure_wrk, free_port, measure, median_result, uvicorn  # noqa: E402

AGENCIES = 50
SPECIALISTS = 2000
#: The officer whose inbox is measured, and the unit head whose unit queue is.
OFFICER = "specialist-7"
UNIT = "000.07.31.H49"

GENERATE = [
    # Agencies of a province: 000.00.31.H49 … 000.49.31.H49 (their code is their position).
    """
    create temporary table bench_agency as
    select n, format('000.%s.31.H49', lpad(n::text, 2, '0')) as code from generate_series(0, :agencies - 1) n
    """,
    """
    insert into process_instance (
        id, dossier_id, dossier_code, procedure_code, procedure_version, procedure_name, agency_code,
        applicant_subject, applicant_name, applicant_kind, channel, stage, route, payment_due, received_at,
        appointment_date, clock_started_on, legal_limit_days, due_date, on_time, started_at,
        processing_started_at, closed_at, history_length, version
    )
    select
        md5('i' || i)::uuid, md5('d' || i)::uuid,
        a.code || '-' || to_char(day, 'YYMMDD') || '-' || lpad((i % 10000)::text, 4, '0'),
        '1.001612', 1, 'Đăng ký thành lập hộ kinh doanh', a.code,
        'citizen-' || i, 'Nguyễn Văn ' || i, 'citizen', 'online',
        case when i % 7 = 0 then 'processing' else 'returned' end, 'single', 'none', day + time '09:00',
        day + 5, day, 3, day + 5, case when i % 7 = 0 then null else i % 11 <> 0 end, day + time '09:00',
        day + time '09:00', case when i % 7 = 0 then null else day + time '16:00' end, 0, 1
    from generate_series(1, :dossiers) i
    join bench_agency a on a.n = i % :agencies
    cross join lateral (select date '2026-03-20' - (i % 400) as day) d
    """,
    """
    insert into process_stage (id, instance_id, position, agency_code, lead, deciding, limit_days, status,
                               started_on, due_date)
    select id, id, 0, agency_code, false, true, 3,
           case when stage = 'processing' then 'active' else 'done' end,
           clock_started_on, due_date
    from process_instance
    """,
    # Two steps each: the appraisal (done, or open for a dossier in processing) and the approval.
    """
    insert into task (id, instance_id, stage_id, step_index, step_code, kind, title, optional, agency_code,
                      role,
                      assignee_subject, assignee_name, status, created_at, offset_days, due_date,
                      completed_at, completed_by, outcome, version)
    select md5('t' || p.id::text)::uuid, p.id, p.id, 0, 'tham_dinh', 'appraisal', 'Thẩm định hồ sơ', false,
           p.agency_code, 'specialist',
           case when p.stage = 'processing' and s.k % 3 = 0 then null
                else 'specialist-' || s.k % :specialists end,
           case when p.stage = 'processing' and s.k % 3 = 0 then null
                else 'Chuyên viên ' || s.k % :specialists end,
           case when p.stage = 'processing' then 'open' else 'done' end,
           p.started_at, 2, p.clock_started_on + 2,
           case when p.stage = 'processing' then null else p.started_at + interval '1 day' end,
           case when p.stage = 'processing' then null else 'specialist-' || s.k % :specialists end,
           case when p.stage = 'processing' then null else 'proposed_approve' end, 1
    from process_instance p
    cross join lateral (select abs(hashtext(p.id::text)) as k) s
    """,
    """
    insert into task (id, instance_id, stage_id, step_index, step_code, kind, title, optional, agency_code,
                      role,
                      status, created_at, offset_days, due_date, completed_at, completed_by, outcome, version)
    select md5('a' || id::text)::uuid, id, id, 1, 'lanh_dao', 'approval', 'Lãnh đạo phê duyệt', false,
           agency_code, 'agency_leader', 'done', started_at + interval '1 day', 2.5, clock_started_on + 3,
           started_at + interval '2 day', 'leader', 'approved', 1
    from process_instance where stage <> 'processing'
    """,
    # The measured officer is one of the specialists of the measured unit.
    """
    update task set agency_code = :unit where assignee_subject = :officer and status = 'open'
    """,
]


async def populate(database_url: str, dossiers: int) -> dict[str, Any]:
    """Generate the data inside PostgreSQL, then VACUUM ANALYZE; returns row counts and the time taken."""
    import asyncpg

    params = {
        "dossiers": dossiers,
        "agencies": AGENCIES,
        "specialists": SPECIALISTS,
        "unit": UNIT,
        "officer": OFFICER,
    }
    started = time.perf_counter()
    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        # Bulk load as a migration would: secondary indexes are dropped, then built once at the end
        # (with the same definitions, read from the catalog), which is several times faster.
        await conn.execute("set maintenance_work_mem = '256MB'; set synchronous_commit = off")
        indexes = await conn.fetch(
            "select indexname, indexdef from pg_indexes where schemaname = 'public'"
            " and tablename in ('process_instance', 'process_stage', 'task') and indexname not like 'pk\\_%'"
            " and indexname not like 'uq\\_%'"
        )
        for row in indexes:
            await conn.execute(f'drop index "{row["indexname"]}"')
        for statement in GENERATE:
            sql = statement
            for name, value in params.items():  # constants of this script, not input
                sql = sql.replace(f":{name}", str(value) if isinstance(value, int) else f"'{value}'")
            await conn.execute(sql)
        for row in indexes:
            await conn.execute(row["indexdef"])
        await conn.execute("VACUUM ANALYZE")
        counts = {
            table: await conn.fetchval(f"select count(*) from {table}")  # noqa: S608 (constant names)
            for table in ("process_instance", "process_stage", "task")
        }
        counts["officer_open_tasks"] = await conn.fetchval(
            "select count(*) from task where assignee_subject = $1 and status = 'open'", OFFICER
        )
        counts["unit_queue"] = await conn.fetchval(
            "select count(*) from task where agency_code = $1 and status = 'open'"
            " and assignee_subject is null",
            UNIT,
        )
        plan = await conn.fetchval(
            "explain (format text) select * from task join process_instance p on p.id = task.instance_id"
            " where task.assignee_subject = $1 and task.status = 'open'"
            " order by task.due_date, task.id limit 21",
            OFFICER,
        )
    finally:
        await conn.close()
    return {**counts, "plan_first_line": plan, "seconds": round(time.perf_counter() - started, 1)}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--rounds", type=int, default=3, help="targets measured in turn, this many times; medians"
    )
    parser.add_argument("--loadgen", action="store_true", help="use bench/loadgen.py even if wrk is there")
    # Accepted so that `make bench ARGS=…` can pass the other scenarios' options; the users are 1 and 16.
    parser.add_argument("--threads", type=int, default=2, help=argparse.SUPPRESS)
    parser.add_argument("--connections", type=int, default=16, help=argparse.SUPPRESS)
    return parser.parse_args()


def at_concurrency(args: argparse.Namespace, users: int) -> argparse.Namespace:
    return argparse.Namespace(**{**vars(args), "connections": users, "threads": 1 if users == 1 else 2})


def measured(
    target: str,
    url: str,
    args: argparse.Namespace,
    wrk: str | None,
    headers: dict[str, str],
    processes: dict[str, int],
    *,
    warmup: bool,
    postmaster: int,
) -> Result:
    """gateway_bench's ``measure``, plus PostgreSQL's CPU per request (postmaster and backends)."""
    before = postgres_cpu(postmaster)
    result = measure(target, url, args, wrk, headers, warmup=warmup, processes=processes)
    requests = max(1.0, result.requests_per_second * (args.duration + (args.warmup if warmup else 0)))
    if not target.startswith("ceiling"):
        result.cpu_us_per_request["postgres"] = round((postgres_cpu(postmaster) - before) / requests * 1e6, 1)
    return result


def measure_rounds(
    args: argparse.Namespace, wrk: str | None, database_url: str, bootstrap: str, tokens: Any, postmaster: int
) -> list[list[Result]]:
    workflow_env = {
        "WORKFLOW_DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "WORKFLOW_RELAY_ENABLED": "false",
        "WORKFLOW_CONSUMERS_ENABLED": "false",
        "WORKFLOW_WATCHER_ENABLED": "false",
        "OIDC_JWKS_FILE": str(tokens.jwks_file),
        "OIDC_ISSUER": tokens.issuer,
        "LOG_LEVEL": "WARNING",
    }
    specialist = {
        "Authorization": "Bearer "
        + tokens.mint(
            OFFICER,
            kind="official",
            roles=["specialist"],
            agencies=[UNIT],
            name="Chuyên viên 7",
            expires_in=3600,
        )
    }
    head = {
        "Authorization": "Bearer "
        + tokens.mint(
            "head-7",
            kind="official",
            roles=["unit_head"],
            agencies=[UNIT],
            name="Trưởng phòng",
            expires_in=3600,
        )
    }
    with (
        uvicorn("apps:ceiling", free_port()) as ceiling,
        uvicorn("workflow.app:create_app", free_port(), env=workflow_env, factory=True) as workflow,
    ):
        gateway_env = {
            "SERVICE_BASE_URL_WORKFLOW": workflow,
            "OIDC_JWKS_FILE": str(tokens.jwks_file),
            "OIDC_ISSUER": tokens.issuer,
            "REDIS_URL": "",
            "GATEWAY_RATE_LIMIT_DEFAULT": '{"name": "default", "limit": 1000000000, "window": 60}',
        }
        with uvicorn("gateway.app:create_app", free_port(), env=gateway_env, factory=True) as gateway:
            own = {"workflow": PIDS[workflow]}
            both = {"gateway": PIDS[gateway], **own}
            inbox = "/v1/tasks?limit=20"
            targets = []
            for users in (1, 16):
                targets += [
                    (f"ceiling @{users}", f"{ceiling}/v1/tasks", {}, {"ceiling": PIDS[ceiling]}, users),
                    (f"inbox @{users}", f"{workflow}{inbox}", specialist, own, users),
                    (f"gateway → inbox @{users}", f"{gateway}{inbox}", specialist, both, users),
                ]
            targets.append(("unit queue @16", f"{workflow}/v1/tasks?box=unit&limit=20", head, own, 16))
            targets.append(("overdue @16", f"{workflow}/v1/tasks?due=overdue&limit=20", specialist, own, 16))
            rounds: list[list[Result]] = []
            for index in range(args.rounds):
                print(f"round {index + 1}/{args.rounds}", flush=True)
                rounds.append(
                    [
                        measured(
                            t, u, at_concurrency(args, c), wrk, h, p, warmup=index == 0, postmaster=postmaster
                        )
                        for t, u, h, p, c in targets
                    ]
                )
    return rounds


def report(args: argparse.Namespace, data: dict[str, Any], rounds: list[list[Result]]) -> None:
    results = [median_result([r[i] for r in rounds]) for i in range(len(rounds[0]))]
    by_name = {r.target: r for r in results}

    def ratio(a: str, b: str) -> float:
        index = {r.target: i for i, r in enumerate(rounds[0])}
        values = sorted(r[index[a]].requests_per_second / r[index[b]].requests_per_second for r in rounds)
        return values[len(values) // 2]

    print(
        f"\n{data['process_instance']:,} dossiers, {data['task']:,} tasks; the officer has "
        f"{data['officer_open_tasks']} open tasks, the unit queue {data['unit_queue']}"
    )
    print(f"median of {args.rounds} round(s), {args.duration}s each, tool: {results[0].tool}")
    print(f"{'target':<24} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  CPU µs/request")
    for r in results:
        cpu = ", ".join(f"{name} {value:.0f}" for name, value in r.cpu_us_per_request.items())
        print(
            f"{r.target:<24} {r.requests_per_second:>9.0f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f}"
            f" {r.errors:>7}  {cpu}"
        )
    ratios = {
        "inbox/ceiling @1": ratio("inbox @1", "ceiling @1"),
        "inbox/ceiling @16": ratio("inbox @16", "ceiling @16"),
        "gateway inbox/inbox @16": ratio("gateway → inbox @16", "inbox @16"),
    }
    print()
    for name, value in ratios.items():
        print(f"{name:<28} {value:6.1%}")
    errors = sum(r.errors for r in results)
    print(f"\np99 of the inbox at 16 users: {by_name['inbox @16'].p99_ms:.1f} ms; errors: {errors}")
    out_dir = BENCH / "results"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"workflow-inbox-{time.strftime('%Y%m%dT%H%M%S')}.json"
    document = {
        "cores": os.cpu_count(),
        "load_average_after": os.getloadavg(),
        "data": data,
        "median": [asdict(r) for r in results],
        "rounds": [[asdict(r) for r in round_] for round_ in rounds],
        "ratios": ratios,
    }
    out.write_text(json.dumps(document, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


def main() -> int:
    args = parse_args()
    wrk = None if args.loadgen else ensure_wrk()
    tool = f"wrk ({wrk})" if wrk else "bench/loadgen.py (wrk not available)"
    print(f"load tool: {tool}; cores: {os.cpu_count()}; load average: {os.getloadavg()[0]:.2f}")

    from servicekit import localinfra
    from servicekit.testing.plugin import migrate
    from servicekit.testing.tokens import TokenFactory

    with (
        tempfile.TemporaryDirectory(prefix="motcua-bench-") as tmp,
        localinfra.EmbeddedPostgres(Path(tmp) / "pg", ephemeral=True) as pg,
        localinfra.EmbeddedBroker() as broker,
    ):
        pg.create_database("bench_workflow")
        database_url = pg.url("bench_workflow", driver="asyncpg")
        migrate(ROOT / "services" / "workflow", database_url)
        print(f"generating {args.dossiers:,} dossiers…", flush=True)
        data = asyncio.run(populate(database_url, args.dossiers))
        print(
            f"  {data['process_instance']:,} dossiers and {data['task']:,} tasks in {data['seconds']} s",
            flush=True,
        )
        print(f"  inbox query plan: {data['plan_first_line']}", flush=True)
        tokens = TokenFactory(Path(tmp) / "jwks", issuer="http://localhost:8000/oidc")
        assert pg.pid is not None
        rounds = measure_rounds(args, wrk, database_url, broker.bootstrap_servers, tokens, pg.pid)
    report(args, data, rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
