"""Scenarios "submit" and "lookup by code" of intake, side by side with the bare ASGI ceiling, in one run.

    uv run python bench/intake_bench.py [--submissions 150] [--concurrency 16] [--rounds 3] [--duration 10]

Processes (deploy/local/stack.py: one uvicorn worker each, embedded PostgreSQL and Tansu, on free ports
in a temporary directory): gateway, identity, catalog (demo catalogue), intake; identity sends its OTP
codes to a small receiver in this process that speaks notify's contract, where the bench reads them.

- **submit** — ``POST /v1/dossiers/{id}/submission`` with the OTP code, as a citizen confirms a complete
  draft (R-ID-3): intake locks the draft, checks completeness against the cached e-form schema, has
  identity verify the code (an internal HTTP call), moves the dossier to submitted and writes
  ``dossier.submitted`` to its outbox in one transaction. Every request consumes a prepared draft of
  its own applicant (an identity account with a phone), so the load is a closed loop of
  ``--concurrency`` clients over ``--submissions`` drafts per target; the same client measures the
  ceiling. Reported: dossiers/s accepted, p50/p99, through the gateway and directly.
- **lookup by code** — ``GET /v1/lookup/{code}`` of received dossiers, anonymous (R-LOOK-1), with
  ``wrk`` (or bench/loadgen.py), directly and through the gateway; rate limits raised out of reach.

Targets are measured in turn, ``--rounds`` times; medians and per-round ratios are printed and
written to bench/results/intake-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx
import uvicorn as uvicorn_server
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "deploy" / "local"))

from catalog_search import postgres_cpu  # noqa: E402
from gateway_bench import PIDS, Result, cpu_seconds, ensure_wrk, free_port, measure, median_result, uvicorn  # noqa: E402
from stack import Stack  # noqa: E402

from servicekit.testing.tokens import TokenFactory  # noqa: E402

PROCEDURE = "1.000401"  # level 4, one e-form, no required attachment, no fee
AGENCY = "000.00.25.H49"
FORMS = {
    "TK1-TS": {
        "nguoi_yeu_cau": {"ho_ten": "Nguyễn Văn An", "so_dinh_danh": "001090012345"},
        "ma_so_bhxh": "0123456789",
        "noi_dung": "Cấp lại sổ",
    }
}


class OtpReceiver:
    """notify's ``POST /internal/v1/otp-deliveries`` as identity calls it; keeps the last code per address."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}
        self.port = free_port()
        app = FastAPI()

        @app.post("/internal/v1/otp-deliveries")
        async def deliver(request: Request) -> JSONResponse:
            body = await request.json()
            self.codes[body["address"]] = body["code"]
            return JSONResponse({"status": "accepted"}, status_code=202)

        self.server = uvicorn_server.Server(
            uvicorn_server.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        )
        self.thread = threading.Thread(target=self.server.run, name="otp-receiver", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> OtpReceiver:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.01)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--submissions", type=int, default=150, help="drafts submitted per target and round")
    parser.add_argument("--concurrency", type=int, default=16, help="clients submitting at once")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--loadgen", action="store_true", help="use bench/loadgen.py even if wrk is there")
    args, _ = parser.parse_known_args()  # `make bench ARGS=…` passes the same flags to every scenario
    return args


async def create_citizens(stack: Stack, count: int) -> list[tuple[str, str]]:
    """Verified citizen accounts in identity's database, as registration leaves them: (subject, phone)."""
    from identity.accounts.models import Account
    from servicekit.db import Database

    db = Database(stack.database_url("identity"), pool_size=2)
    people = [(uuid.uuid4(), f"09{n:08d}") for n in range(count)]
    try:
        async with db.transaction() as session:
            for subject, phone in people:
                session.add(
                    Account(
                        id=subject,
                        kind="citizen",
                        username=f"bench{phone}",
                        status="active",
                        full_name="Nguyễn Văn An",
                        phone=phone,
                        phone_verified=True,
                        email_verified=False,
                    )
                )
    finally:
        await db.dispose()
    return [(str(s), p) for s, p in people]


async def prepare_drafts(
    stack: Stack, tokens: TokenFactory, receiver: OtpReceiver, citizens: list[tuple[str, str]]
) -> list[dict[str, Any]]:
    """One complete draft per citizen, its OTP code sent and read: ready to submit."""
    ready: list[dict[str, Any]] = []
    limit = asyncio.Semaphore(8)
    async with httpx.AsyncClient(base_url=stack.url("intake"), timeout=60) as intake:

        async def one(subject: str, phone: str) -> None:
            async with limit:
                headers = tokens.headers(subject, expires_in=7200)
                draft = await intake.post(
                    "/v1/dossiers",
                    json={"procedure_code": PROCEDURE, "forms": FORMS, "prefill": False},
                    headers=headers | {"Idempotency-Key": str(uuid.uuid4())},
                )
                draft.raise_for_status()
                dossier = draft.json()
                sent = await intake.post(
                    f"/v1/dossiers/{dossier['id']}/submission/otp", json={}, headers=headers
                )
                sent.raise_for_status()
                ready.append(
                    {
                        "path": f"/v1/dossiers/{dossier['id']}/submission",
                        "headers": headers
                        | {"If-Match": f'"{dossier["version"]}"', "Idempotency-Key": str(uuid.uuid4())},
                        "body": {
                            "otp": {
                                "challenge_id": sent.json()["challenge_id"],
                                "code": receiver.codes[phone],
                            }
                        },
                    }
                )

        await asyncio.gather(*(one(s, p) for s, p in citizens))
    return ready


async def receive_some(stack: Stack, tokens: TokenFactory, count: int) -> list[str]:
    """Dossiers filed at the desk and received there: their codes, for the lookup."""
    officer = tokens.headers("bench-officer", kind="official", roles=["reception_officer"], agencies=[AGENCY])
    codes = []
    async with httpx.AsyncClient(base_url=stack.url("intake"), timeout=60) as intake:
        for n in range(count):
            filed = await intake.post(
                "/v1/reception/dossiers",
                json={
                    "procedure_code": PROCEDURE,
                    "applicant": {"name": "Nguyễn Văn An", "personal_id": f"0010900{n:05d}"},
                    "forms": FORMS,
                },
                headers=officer | {"Idempotency-Key": str(uuid.uuid4())},
            )
            filed.raise_for_status()
            dossier = filed.json()
            received = await intake.post(
                f"/v1/reception/dossiers/{dossier['id']}/acceptance",
                json={},
                headers=officer | {"If-Match": f'"{dossier["version"]}"'},
            )
            received.raise_for_status()
            codes.append(received.json()["code"])
    return codes


async def closed_loop(
    base_url: str, requests: list[dict[str, Any]], *, concurrency: int, method: str
) -> tuple[float, list[float], int]:
    """Send every request once, ``concurrency`` at a time; (elapsed s, latencies s, errors)."""
    latencies: list[float] = []
    errors = 0
    queue = list(reversed(requests))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:

        async def worker() -> None:
            nonlocal errors
            while queue:
                item = queue.pop()
                started = time.perf_counter()
                try:
                    if method == "POST":
                        answer = await client.post(item["path"], json=item["body"], headers=item["headers"])
                    else:
                        answer = await client.get(item["path"])
                    if answer.status_code >= 400:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - started)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - began, sorted(latencies), errors


def submit_result(
    target: str,
    url: str,
    requests: list[dict[str, Any]],
    args: argparse.Namespace,
    processes: dict[str, int],
    postmaster: int | None,
    *,
    method: str = "POST",
) -> Result:
    before = {name: cpu_seconds(pid) for name, pid in processes.items()}
    pg_before = postgres_cpu(postmaster) if postmaster else 0.0
    elapsed, latencies, errors = asyncio.run(
        closed_loop(url, requests, concurrency=args.concurrency, method=method)
    )
    count = max(1, len(latencies))
    cpu = {name: round((cpu_seconds(pid) - before[name]) / count * 1e6, 1) for name, pid in processes.items()}
    if postmaster and method == "POST":
        cpu["postgres"] = round((postgres_cpu(postmaster) - pg_before) / count * 1e6, 1)

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0.0

    print(f"  {target:<30} {len(latencies)} requests", flush=True)
    return Result(
        target=target,
        url=url,
        tool=f"closed loop (httpx) -c{args.concurrency}",
        requests_per_second=len(latencies) / elapsed,
        p50_ms=pct(0.5),
        p99_ms=pct(0.99),
        errors=errors,
        cpu_us_per_request=cpu,
    )


def print_table(title: str, results: list[Result]) -> None:
    print(f"\n{title}")
    print(f"{'target':<30} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  CPU µs/request")
    for r in results:
        cpu = ", ".join(f"{name} {value:.0f}" for name, value in r.cpu_us_per_request.items())
        print(
            f"{r.target:<30} {r.requests_per_second:>9.1f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {r.errors:>7} "
            f" {cpu}"
        )


def main() -> int:
    args = parse_args()
    wrk = None if args.loadgen else ensure_wrk()
    tool = f"wrk ({wrk})" if wrk else "bench/loadgen.py (wrk not available)"
    print(
        f"intake bench — load tool for the lookup: {tool}; cores: {os.cpu_count()}; "
        f"load average: {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="motcua-bench-intake-") as tmp, OtpReceiver() as receiver:
        tokens = TokenFactory(Path(tmp) / "tokens", issuer="http://localhost:8000/oidc")
        high = 1_000_000_000
        stack = Stack(
            data_dir=Path(tmp) / "stack",
            base_port=None,
            postgres_port=None,
            broker_port=None,
            ephemeral=True,
            echo=False,
            simulators=False,
            services=["gateway", "identity", "catalog", "intake"],
            extra_env={
                "OIDC_JWKS_FILE": str(tokens.jwks_file),
                "OIDC_ISSUER": tokens.issuer,
                "LOG_LEVEL": "WARNING",
                "SERVICE_BASE_URL_NOTIFY": receiver.url,
                "IDENTITY_OTP_SENDS_PER_IP_HOUR": str(high),
                "IDENTITY_OTP_SENDS_PER_SUBJECT_HOUR": str(high),
                "INTAKE_LOOKUP_RATE_PER_MINUTE": str(high),
                # The limiter stays on (its cost is part of the hop) but must not refuse the benchmark.
                "GATEWAY_RATE_LIMIT_DEFAULT": json.dumps({"name": "default", "limit": high, "window": 60}),
                "GATEWAY_RATE_LIMIT_RULES": json.dumps(
                    [{"name": "dossier_lookup", "match": "GET /v1/lookup/*", "limit": high, "window": 60}]
                ),
            },
        )
        with stack, uvicorn("apps:ceiling", free_port()) as ceiling:
            drafts_needed = args.submissions * 2 * args.rounds
            print(
                f"preparing {drafts_needed} drafts with their OTP codes and 20 received dossiers…", flush=True
            )
            started = time.perf_counter()
            citizens = asyncio.run(create_citizens(stack, drafts_needed))
            drafts = asyncio.run(prepare_drafts(stack, tokens, receiver, citizens))
            codes = asyncio.run(receive_some(stack, tokens, 20))
            print(f"  ready in {time.perf_counter() - started:.0f} s", flush=True)
            postmaster = stack.postgres.pid if stack.postgres else None
            pid = {name: stack.pid(name) or 0 for name in ("gateway", "identity", "intake")}
            ping = [{"path": "/v1/procedures/ping"} for _ in range(args.submissions)]
            lookup = f"/v1/lookup/{codes[len(codes) // 2]}"
            submit_rounds: list[list[Result]] = []
            lookup_rounds: list[list[Result]] = []
            for index in range(args.rounds):
                print(f"round {index + 1}/{args.rounds}", flush=True)
                direct = [drafts.pop() for _ in range(args.submissions)]
                through = [drafts.pop() for _ in range(args.submissions)]
                own = {"intake": pid["intake"], "identity": pid["identity"]}
                submit_rounds.append(
                    [
                        submit_result(
                            "ceiling (same client)",
                            ceiling,
                            ping,
                            args,
                            {"ceiling": PIDS[ceiling]},
                            None,
                            method="GET",
                        ),
                        submit_result(
                            "submit (intake direct)", stack.url("intake"), direct, args, own, postmaster
                        ),
                        submit_result(
                            "submit via gateway",
                            stack.url("gateway"),
                            through,
                            args,
                            own | {"gateway": pid["gateway"]},
                            postmaster,
                        ),
                    ]
                )
                lookup_rounds.append(
                    [
                        measure(
                            "ceiling (bare ASGI)",
                            f"{ceiling}/v1/procedures/ping",
                            args,
                            wrk,
                            {},
                            warmup=index == 0,
                            processes={"ceiling": PIDS[ceiling]},
                        ),
                        measure(
                            "lookup by code (direct)",
                            f"{stack.url('intake')}{lookup}",
                            args,
                            wrk,
                            {},
                            warmup=index == 0,
                            processes={"intake": pid["intake"]},
                        ),
                        measure(
                            "lookup by code via gateway",
                            f"{stack.url('gateway')}{lookup}",
                            args,
                            wrk,
                            {},
                            warmup=index == 0,
                            processes={"intake": pid["intake"], "gateway": pid["gateway"]},
                        ),
                    ]
                )

    def median(rounds: list[list[Result]]) -> list[Result]:
        return [median_result([r[i] for r in rounds]) for i in range(len(rounds[0]))]

    def ratio(rounds: list[list[Result]], a: int, b: int) -> tuple[float, list[float]]:
        values = [r[a].requests_per_second / r[b].requests_per_second for r in rounds]
        return sorted(values)[len(values) // 2], values

    submit, look = median(submit_rounds), median(lookup_rounds)
    print_table(f"submit: {args.submissions} drafts per target, median of {args.rounds} round(s)", submit)
    print_table(f"lookup by code: {args.duration}s per target, tool {look[0].tool}", look)
    ratios = {
        "submit direct/ceiling": ratio(submit_rounds, 1, 0),
        "submit via gateway/ceiling": ratio(submit_rounds, 2, 0),
        "submit gateway/direct": ratio(submit_rounds, 2, 1),
        "lookup direct/ceiling": ratio(lookup_rounds, 1, 0),
        "lookup gateway/direct": ratio(lookup_rounds, 2, 1),
    }
    print()
    for name, (value, values) in ratios.items():
        print(f"{name:<28} {value:7.2%}   (per round: {', '.join(f'{v:.1%}' for v in values)})")
    out_dir = BENCH / "results"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"intake-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(
        json.dumps(
            {
                "cores": os.cpu_count(),
                "load_average_after": os.getloadavg(),
                "args": vars(args),
                "submit": [asdict(r) for r in submit],
                "lookup": [asdict(r) for r in look],
                "rounds": {
                    "submit": [[asdict(r) for r in x] for x in submit_rounds],
                    "lookup": [[asdict(r) for r in x] for x in lookup_rounds],
                },
                "ratios": {name: value for name, (value, _) in ratios.items()},
            },
            indent=2,
        )
    )
    print(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
