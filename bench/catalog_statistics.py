"""Scenario "catalog statistics" (R-STAT-6): the public figures over N dossier facts, measured side by
side with the bare ASGI ceiling in one run, with the same load tool and helpers as the other scenarios.

    uv run python bench/catalog_statistics.py [--facts 300000] [--duration 10] [--warmup 2] [--rounds 3]

A throwaway embedded PostgreSQL gets the catalog's migrations, the demo catalogue and N generated
``dossier_fact`` rows over two years (13 procedures, their agencies and fields; 80 % resolved, a third
rated). Two catalog processes serve it: one without the figures cache (every request counts), one
with it (60 s, as deployed). Targets: a procedure's figures and an agency's (index range scans), the
portal's totals and the per-sector list (every row of the year) uncached, and the portal's totals
cached. Results are printed and written to bench/results/statistics-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from catalog_search import measured, write_report  # noqa: E402
from gateway_bench import PIDS, Result, ensure_wrk, free_port, uvicorn  # noqa: E402

FACTS_SQL = """
WITH procs AS (
  SELECT row_number() OVER (ORDER BY p.code) - 1 AS n, p.code, pv.agency_code, pv.field_code
  FROM procedure p JOIN procedure_version pv ON pv.procedure_id = p.id AND pv.status <> 'draft'
), total AS (SELECT count(*) AS k FROM procs)
INSERT INTO dossier_fact (dossier_id, dossier_code, procedure_code, procedure_version, agency_code,
  field_code, channel, submitted_at, received_at, received_by, appointment_date, resolved_at, resolved_by,
  on_time, rated_at, rating_revision, rating_changed_at, rating_overall, rating_ease_of_use,
  rating_timeliness, rating_officer_attitude, last_event_at)
SELECT gen_random_uuid(), 'bench-' || i, procs.code, 1, procs.agency_code, procs.field_code,
  (ARRAY['online', 'online', 'desk', 'postal'])[1 + i % 4],
  t, t + interval '2 hours', 'officer-' || (i % 300), (t + interval '10 days')::date,
  CASE WHEN resolved THEN t + interval '6 days' END, CASE WHEN resolved THEN 'leader-' || (i % 40) END,
  CASE WHEN resolved THEN i % 13 <> 0 END,
  CASE WHEN rated THEN t + interval '7 days' END, CASE WHEN rated THEN 1 END,
  CASE WHEN rated THEN t + interval '7 days' END,
  CASE WHEN rated THEN (ARRAY['very_satisfied', 'satisfied', 'unsatisfied'])[1 + i % 3] END,
  CASE WHEN rated THEN 'satisfied' END, CASE WHEN rated THEN 'satisfied' END,
  CASE WHEN rated THEN 'very_satisfied' END,
  t + CASE WHEN resolved THEN interval '7 days' ELSE interval '2 hours' END
FROM generate_series(1, :count) AS i
CROSS JOIN total
JOIN procs ON procs.n = i % total.k
CROSS JOIN LATERAL (
  SELECT now() - interval '730 days' * (i::float / :count) - interval '1 hour' AS t,
         i % 10 < 8 AS resolved, i % 10 < 8 AND i % 3 = 0 AS rated
) AS fate
"""


async def populate(database_url: str, count: int) -> dict[str, Any]:
    """Migrated database ← the demo catalogue, then ``count`` dossier facts in one statement."""
    from sqlalchemy import text

    from catalog import models  # noqa: F401
    from catalog.db import tables
    from catalog.seed import seed
    from servicekit.db import Database
    from servicekit.outbox import Outbox

    db = Database(database_url, pool_size=2)
    started = time.perf_counter()
    try:
        async with db.transaction() as session:
            await seed(session, Outbox(tables, service="catalog"))
        async with db.transaction() as session:
            await session.execute(text(FACTS_SQL), {"count": count})
        async with db.engine.connect() as conn:
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE"))
            this_year = (
                await autocommit.execute(
                    text("SELECT count(*) FROM dossier_fact WHERE last_event_at >= date_trunc('year', now())")
                )
            ).scalar_one()
            busiest = (
                await autocommit.execute(
                    text(
                        "SELECT procedure_code, agency_code FROM dossier_fact"
                        " GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
                    )
                )
            ).one()
    finally:
        await db.dispose()
    return {
        "facts": count,
        "facts_touched_this_year": this_year,
        "procedure": busiest.procedure_code,
        "agency": busiest.agency_code,
        "seconds": round(time.perf_counter() - started, 1),
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--facts", type=int, default=300_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--rounds", type=int, default=3, help="targets measured in turn, this many times; medians"
    )
    parser.add_argument("--loadgen", action="store_true", help="use bench/loadgen.py even if wrk is there")
    return parser.parse_args()


def measure_rounds(
    args: argparse.Namespace,
    wrk: str | None,
    database_url: str,
    bootstrap: str,
    postmaster: int,
    data: dict[str, Any],
) -> list[list[Result]]:
    env = {
        "CATALOG_DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "CATALOG_RELAY_ENABLED": "false",
        "CATALOG_CONSUMERS_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }
    with (
        uvicorn("apps:ceiling", free_port()) as ceiling,
        uvicorn(
            "catalog.app:create_app",
            free_port(),
            env=env | {"CATALOG_STATISTICS_CACHE_SECONDS": "0"},
            factory=True,
        ) as counting,
        uvicorn("catalog.app:create_app", free_port(), env=env, factory=True) as cached,
    ):
        live, kept = {"catalog": PIDS[counting]}, {"catalog": PIDS[cached]}
        targets = [
            ("ceiling (bare ASGI)", f"{ceiling}/v1/procedures/ping", {"ceiling": PIDS[ceiling]}),
            ("procedure figures", f"{counting}/v1/statistics/procedures/{data['procedure']}", live),
            ("agency figures", f"{counting}/v1/statistics/agencies/{data['agency']}", live),
            ("portal totals, uncached", f"{counting}/v1/statistics", live),
            ("sectors list, uncached", f"{counting}/v1/statistics/sectors", live),
            ("portal totals, cached", f"{cached}/v1/statistics", kept),
        ]
        rounds: list[list[Result]] = []
        for index in range(args.rounds):
            print(f"round {index + 1}/{args.rounds}", flush=True)
            rounds.append(
                [
                    measured(t, u, args, wrk, p, warmup=index == 0, postmaster=postmaster)
                    for t, u, p in targets
                ]
            )
    return rounds


def report(args: argparse.Namespace, data: dict[str, Any], rounds: list[list[Result]]) -> None:
    title = (
        f"{data['facts']:,} dossier facts ({data['facts_touched_this_year']:,} touched this year), "
        f"{args.duration}s each"
    )
    pairs = {
        "procedure/ceiling": (1, 0),
        "agency/ceiling": (2, 0),
        "portal uncached/ceiling": (3, 0),
        "portal cached/uncached": (5, 3),
    }
    write_report(title, data, rounds, pairs, "statistics")


def main() -> int:
    args = parse_args()
    wrk = None if args.loadgen else ensure_wrk()
    tool = f"wrk ({wrk})" if wrk else "bench/loadgen.py (wrk not available)"
    print(f"load tool: {tool}; cores: {os.cpu_count()}; load average: {os.getloadavg()[0]:.2f}")

    from servicekit import localinfra
    from servicekit.testing.plugin import migrate

    with (
        tempfile.TemporaryDirectory(prefix="motcua-bench-") as tmp,
        localinfra.EmbeddedPostgres(Path(tmp) / "pg", ephemeral=True) as pg,
        localinfra.EmbeddedBroker() as broker,
    ):
        pg.create_database("bench_statistics")
        database_url = pg.url("bench_statistics", driver="asyncpg")
        migrate(ROOT / "services" / "catalog", database_url)
        print(f"generating {args.facts:,} dossier facts…", flush=True)
        data = asyncio.run(populate(database_url, args.facts))
        print(f"  loaded in {data['seconds']} s", flush=True)
        assert pg.pid is not None
        rounds = measure_rounds(args, wrk, database_url, broker.bootstrap_servers, pg.pid, data)
    report(args, data, rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
