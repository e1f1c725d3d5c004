"""Scenario "catalog search": the catalog's search and procedure sheet over 10,000 generated procedures,
measured side by side with the bare ASGI ceiling (and through the gateway) in one run, with the same
load tool and helpers as bench/gateway_bench.py.

    uv run python bench/catalog_search.py [--procedures 10000] [--duration 10] [--warmup 2] [--rounds 3]

A throwaway embedded PostgreSQL (servicekit.localinfra) gets the catalog's migrations, the demo
catalogue (catalog.seed) and N generated published procedures with their search rows, then the real
catalog app (``catalog.app:create_app``) serves it from one uvicorn worker. Results are printed and
written to bench/results/catalog-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from gateway_bench import PIDS, Result, ensure_wrk, free_port, measure, median_result, uvicorn  # noqa: E402

VERBS = [
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Gia hạn",
    "Điều chỉnh",
    "Đăng ký",
    "Đăng ký thay đổi nội dung",
    "Thu hồi",
    "Xác nhận",
    "Công nhận",
    "Thẩm định",
    "Phê duyệt",
]
OBJECTS = [
    "giấy phép xây dựng",
    "giấy phép kinh doanh",
    "giấy chứng nhận đăng ký hộ kinh doanh",
    "giấy phép lái xe",
    "chứng chỉ hành nghề",
    "giấy phép lao động",
    "giấy chứng nhận quyền sử dụng đất",
    "sổ bảo hiểm xã hội",
    "thẻ bảo hiểm y tế",
    "giấy phép bưu chính",
    "giấy phép viễn thông",
    "giấy chứng nhận đủ điều kiện an toàn thực phẩm",
    "giấy phép hoạt động khám bệnh, chữa bệnh",
    "giấy phép thành lập cơ sở giáo dục",
    "văn bằng bảo hộ",
    "giấy chứng nhận đăng ký doanh nghiệp",
    "giấy phép khai thác khoáng sản",
    "giấy phép môi trường",
    "giấy phép tổ chức biểu diễn nghệ thuật",
    "quyết định chủ trương đầu tư",
    "hộ chiếu phổ thông",
    "thẻ căn cước",
    "thường trú",
    "tạm trú",
    "trợ cấp thất nghiệp",
    "chế độ thai sản",
    "học bổng chính sách",
    "bằng tốt nghiệp",
    "mã số thuế",
    "hóa đơn điện tử",
    "biển số xe",
    "nhãn hiệu",
    "danh hiệu thi đua",
    "hợp đồng lao động",
    "di tích lịch sử - văn hóa",
    "quy hoạch chi tiết xây dựng",
]
QUALIFIERS = [
    "",
    "đối với nhà ở riêng lẻ",
    "cho doanh nghiệp",
    "cho cá nhân",
    "cho tổ chức nước ngoài",
    "tại cấp tỉnh",
    "tại cấp xã",
    "trong lĩnh vực y tế",
    "trong lĩnh vực giáo dục",
    "trong lĩnh vực giao thông vận tải",
    "do bị mất, hỏng",
    "khi thay đổi thông tin",
]


def generated_name(rng: random.Random) -> str:
    return " ".join(part for part in (rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(QUALIFIERS)) if part)


AGENCIES = [
    "000.00.31.H49",
    "000.01.31.H49",
    "000.00.05.H49",
    "000.00.11.H49",
    "000.00.25.H49",
    "000.00.00.G20",
]


def generated_rows(
    index: int, rng: random.Random, template: dict[str, Any], sectors: dict[str, str]
) -> list[Any]:
    """One published procedure: its procedure, version and search rows, built by the service's own code."""
    from catalog.procedures.content import ProcedureContent
    from catalog.procedures.models import Procedure, ProcedureVersion
    from catalog.search.indexing import entry_for
    from servicekit.db import utcnow, uuid7

    field = rng.choice(list(sectors))
    changes = {"name": generated_name(rng), "agency_code": rng.choice(AGENCIES), "field_code": field}
    content = ProcedureContent.model_validate(template | changes | {"level": rng.choice([2, 3, 4, 4])})
    assert content.agency_code and content.name
    procedure = Procedure(
        id=uuid7(), code=f"3.{index:06d}", agency_code=content.agency_code, created_by="bench"
    )
    version = ProcedureVersion(
        id=uuid7(),
        procedure_id=procedure.id,
        number=1,
        status="published",
        name=content.name,
        agency_code=content.agency_code,
        field_code=field,
        level=content.level,
        content=content.model_dump(mode="json"),
        valid_from=date(2025, 7, 1),
        etag=1,
        created_by="bench",
        created_at=utcnow(),
        updated_at=utcnow(),
        published_by="bench",
        published_at=utcnow(),
    )
    entry = entry_for(version, content, code=procedure.code, sector_code=sectors[field])
    entry.published_at = utcnow()

    def row(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
        return {c.key: getattr(obj, c.key) for c in type(obj).__table__.columns if c.key not in skip}

    return [
        row(procedure) | {"created_at": utcnow()},
        row(version),
        row(entry, skip=("search_vector",)),
    ]


async def populate(database_url: str, count: int) -> dict[str, Any]:
    """Migrated database ← the demo catalogue, then ``count`` published procedures in bulk."""
    from sqlalchemy import insert, text

    from catalog import models  # noqa: F401
    from catalog.db import tables
    from catalog.procedures.models import Procedure, ProcedureVersion
    from catalog.search.models import ProcedureSearchEntry
    from catalog.seed import PROCEDURES, seed
    from catalog.seeddata.agencies import FIELDS
    from servicekit.db import Database
    from servicekit.outbox import Outbox

    db = Database(database_url, pool_size=2)
    rng = random.Random(20261122)  # reproducible data
    # Only what each generated procedure says about itself is indexed: its name (and code).
    neutral = {
        "online_mode": None,
        "keywords": [],
        "subjects": ["Cá nhân, tổ chức"],
        "results": [{"name": "Văn bản giải quyết thủ tục"}],
    }
    template = next(p for p in PROCEDURES if p["code"] == "1.001612")["content"] | neutral
    sectors = {f["code"]: f["sector_code"] for f in FIELDS}
    started = time.perf_counter()
    try:
        async with db.transaction() as session:
            await seed(session, Outbox(tables, service="catalog"))
        for start in range(0, count, 1000):
            batch = [
                generated_rows(i, rng, template, sectors) for i in range(start, min(start + 1000, count))
            ]
            async with db.transaction() as session:
                for position, model in enumerate((Procedure, ProcedureVersion, ProcedureSearchEntry)):
                    await session.execute(insert(model), [rows[position] for rows in batch])
        async with db.engine.connect() as conn:
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE"))
            in_force = (await autocommit.execute(text("select count(*) from procedure_search"))).scalar_one()
    finally:
        await db.dispose()
    return {"procedures_in_force": in_force, "seconds": round(time.perf_counter() - started, 1)}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--procedures", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--rounds", type=int, default=3, help="targets measured in turn, this many times; medians"
    )
    parser.add_argument("--loadgen", action="store_true", help="use bench/loadgen.py even if wrk is there")
    return parser.parse_args()


def postgres_cpu(postmaster: int) -> float:
    """CPU seconds of the PostgreSQL server and its backends (the pool's connections live long, so
    their time is not in the postmaster's children totals yet)."""
    import psutil

    try:
        root = psutil.Process(postmaster)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
        if process.pid == postmaster:
            # Backends that exited (overflow connections closed by the pool) were reaped into these.
            total += times.children_user + times.children_system
    return total


def measured(
    target: str,
    url: str,
    args: argparse.Namespace,
    wrk: str | None,
    processes: dict[str, int],
    *,
    warmup: bool,
    postmaster: int,
) -> Result:
    """gateway_bench's ``measure``, plus the database's CPU per request (where a search spends most)."""
    before = postgres_cpu(postmaster)
    result = measure(target, url, args, wrk, {}, warmup=warmup, processes=processes)
    warm = args.warmup if warmup else 0
    requests = max(1.0, result.requests_per_second * (args.duration + warm))
    if target != "ceiling (bare ASGI)":
        result.cpu_us_per_request["postgres"] = round((postgres_cpu(postmaster) - before) / requests * 1e6, 1)
    return result


def measure_rounds(
    args: argparse.Namespace, wrk: str | None, database_url: str, bootstrap: str, postmaster: int
) -> list[list[Result]]:
    """The targets in turn, ``args.rounds`` times: a burst from elsewhere hits every target alike."""
    catalog_env = {
        "CATALOG_DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "CATALOG_RELAY_ENABLED": "false",
        "CATALOG_CONSUMERS_ENABLED": "false",
        "LOG_LEVEL": "INFO",
    }
    with (
        uvicorn("apps:ceiling", free_port()) as ceiling,
        uvicorn("catalog.app:create_app", free_port(), env=catalog_env, factory=True) as catalog,
    ):
        gateway_env = {
            "SERVICE_BASE_URL_CATALOG": catalog,
            "REDIS_URL": "",
            "GATEWAY_RATE_LIMIT_DEFAULT": '{"name": "default", "limit": 1000000000, "window": 60}',
        }
        with uvicorn("gateway.app:create_app", free_port(), env=gateway_env, factory=True) as gateway:
            own = {"catalog": PIDS[catalog]}
            search = "/v1/procedures?q=giay%20phep&limit=20"
            targets = [
                ("ceiling (bare ASGI)", f"{ceiling}/v1/procedures/ping", {"ceiling": PIDS[ceiling]}),
                ("search 'giay phep'", f"{catalog}{search}", own),
                (
                    "search+filter 'dang ky'",
                    f"{catalog}/v1/procedures?q=dang%20ky&sector=TAI_CHINH&level=4",
                    own,
                ),
                ("procedure sheet", f"{catalog}/v1/procedures/1.001612", own),
                ("gateway → search", f"{gateway}{search}", {"gateway": PIDS[gateway]} | own),
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


def write_report(
    title: str,
    data: dict[str, Any],
    rounds: list[list[Result]],
    ratio_pairs: dict[str, tuple[int, int]],
    name: str,
) -> None:
    """Print the medians of ``rounds`` and the median ratios of ``ratio_pairs`` (target indexes), and
    write everything to bench/results/<name>-<time>.json (shared by the catalog scenarios)."""
    results = [median_result([r[i] for r in rounds]) for i in range(len(rounds[0]))]

    def ratio(a: int, b: int) -> float:
        values = sorted(r[a].requests_per_second / r[b].requests_per_second for r in rounds)
        return values[len(values) // 2]

    print(f"\n{title}; median of {len(rounds)} round(s), tool: {results[0].tool}")
    print(f"{'target':<26} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  CPU µs/request")
    for r in results:
        cpu = ", ".join(f"{process} {value:.0f}" for process, value in r.cpu_us_per_request.items())
        figures = f"{r.requests_per_second:>9.0f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {r.errors:>7}"
        print(f"{r.target:<26} {figures}  {cpu}")
    ratios = {label: ratio(a, b) for label, (a, b) in ratio_pairs.items()}
    print()
    for label, value in ratios.items():
        print(f"{label:<30} {value:8.1%}")
    out_dir = BENCH / "results"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"{name}-{time.strftime('%Y%m%dT%H%M%S')}.json"
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


def report(args: argparse.Namespace, data: dict[str, Any], rounds: list[list[Result]]) -> None:
    title = f"{data['procedures_in_force']:,} procedures in force, {args.duration}s each"
    pairs = {
        "search/ceiling": (1, 0),
        "search+filter/ceiling": (2, 0),
        "sheet/ceiling": (3, 0),
        "gateway search/direct search": (4, 1),
    }
    write_report(title, data, rounds, pairs, "catalog")


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
        pg.create_database("bench_catalog")
        database_url = pg.url("bench_catalog", driver="asyncpg")
        migrate(ROOT / "services" / "catalog", database_url)
        print(f"generating {args.procedures:,} procedures…", flush=True)
        data = asyncio.run(populate(database_url, args.procedures))
        print(
            f"  {data['procedures_in_force']:,} procedures in force, loaded in {data['seconds']} s",
            flush=True,
        )
        assert pg.pid is not None
        rounds = measure_rounds(args, wrk, database_url, broker.bootstrap_servers, pg.pid)
    report(args, data, rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
