"""Scenario "gateway": the ceiling, a service endpoint directly, and the same endpoint through the gateway,
measured side by side in one run with one load tool (``wrk`` if present, else bench/loadgen.py).

    uv run python bench/gateway_bench.py [--duration 10] [--warmup 2] [--connections 32] [--threads 2]

Every server is a separate uvicorn process with 1 worker (uvloop + httptools) on a free localhost port.
Results are printed and written to bench/results/gateway-<time>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from loadgen import run_loadgen  # noqa: E402

PIDS: dict[str, int] = {}  # base URL → server process id (for profiling while a benchmark runs)


@dataclass
class Result:
    target: str
    url: str
    tool: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    # CPU time (user + system) each server process spent per request during the measurement.
    cpu_us_per_request: dict[str, float] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_wrk() -> str | None:
    """wrk if installed; installed from Debian's package when running as root; else None."""
    found = shutil.which("wrk")
    if found or os.environ.get("BENCH_NO_INSTALL"):
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk not found: installing the Debian package (apt-get install -y wrk)…", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env, "check": False}
        if subprocess.run(["apt-get", "install", "-y", "wrk"], **quiet).returncode != 0:  # type: ignore[call-overload]
            subprocess.run(["apt-get", "update"], **quiet)  # type: ignore[call-overload]
            subprocess.run(["apt-get", "install", "-y", "wrk"], **quiet)  # type: ignore[call-overload]
    return shutil.which("wrk")


@contextlib.contextmanager
def uvicorn(
    app: str, port: int, *, env: dict[str, str] | None = None, factory: bool = False
) -> Iterator[str]:
    """One uvicorn process, 1 worker, uvloop + httptools; stopped (SIGTERM, then SIGKILL) on exit."""
    args = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
    args += ["--workers", "1", "--loop", "uvloop", "--http", "httptools", "--no-access-log"]
    args += ["--log-level", "warning", "--app-dir", str(BENCH)]
    if factory:
        args.append("--factory")
    process = subprocess.Popen(
        args, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    PIDS[url] = process.pid
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                err = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"{app} did not start:\n{err}")
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip()).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(
    wrk: str, url: str, *, threads: int, connections: int, duration: int, headers: dict[str, str]
) -> dict[str, float]:
    args = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url]
    for name, value in headers.items():
        args[1:1] = ["-H", f"{name}: {value}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=duration + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(g) for g in m.groups())
    return {"requests_per_second": rps, "p50_ms": p50, "p99_ms": p99, "errors": errors}


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (Linux /proc); 0 elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(
    target: str,
    url: str,
    args: argparse.Namespace,
    wrk: str | None,
    headers: dict[str, str],
    *,
    warmup: bool,
    processes: dict[str, int],
) -> Result:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as response:  # noqa: S310
        if response.status != 200:
            raise RuntimeError(f"{target}: {url} answered {response.status}")
    print(
        f"  {target:<26} {'warm-up ' + str(args.warmup) + 's, then ' if warmup else ''}{args.duration}s",
        flush=True,
    )
    load = {"connections": args.connections, "headers": headers}
    if wrk:
        if warmup:
            run_wrk(wrk, url, threads=args.threads, duration=args.warmup, **load)  # type: ignore[arg-type]
        before = {name: cpu_seconds(pid) for name, pid in processes.items()}
        figures = run_wrk(wrk, url, threads=args.threads, duration=args.duration, **load)  # type: ignore[arg-type]
        tool = f"wrk -t{args.threads} -c{args.connections}"
    else:
        if warmup:
            run_loadgen(url, duration=args.warmup, **load)  # type: ignore[arg-type]
        before = {name: cpu_seconds(pid) for name, pid in processes.items()}
        figures = run_loadgen(url, duration=args.duration, **load)  # type: ignore[arg-type]
        tool = f"bench/loadgen.py (aiohttp) -c{args.connections}"
    requests = max(1.0, figures["requests_per_second"] * args.duration)
    cpu = {
        name: round((cpu_seconds(pid) - before[name]) / requests * 1e6, 1) for name, pid in processes.items()
    }
    return Result(target=target, url=url, tool=tool, cpu_us_per_request=cpu, **figures)  # type: ignore[arg-type]


def median_result(results: list[Result]) -> Result:
    """The run with the median throughput (its latencies come from that same run)."""
    ordered = sorted(results, key=lambda r: r.requests_per_second)
    return ordered[len(ordered) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="targets are measured in turn, this many times; medians reported",
    )
    parser.add_argument("--loadgen", action="store_true", help="use bench/loadgen.py even if wrk is there")
    args = parser.parse_args()
    wrk = None if args.loadgen else ensure_wrk()
    tool = f"wrk ({wrk})" if wrk else "bench/loadgen.py (wrk not available)"
    print(f"load tool: {tool}; cores: {os.cpu_count()}; load average: {os.getloadavg()[0]:.2f}")

    from servicekit.testing.tokens import TokenFactory

    with tempfile.TemporaryDirectory() as tmp:
        tokens = TokenFactory(Path(tmp), issuer="http://localhost:8000/oidc")
        bearer = {"Authorization": f"Bearer {tokens.mint('bench-user', expires_in=3600)}"}
        with (
            uvicorn("apps:ceiling", free_port()) as ceiling,
            uvicorn("apps:create_service", free_port(), factory=True) as service,
        ):
            gateway_env = {
                "SERVICE_BASE_URL_CATALOG": service,
                "SERVICE_BASE_URL_INTAKE": service,
                "OIDC_JWKS_FILE": str(tokens.jwks_file),
                "OIDC_ISSUER": tokens.issuer,
                "REDIS_URL": "",
                # The limiter stays on (its cost is part of the hop) but must not refuse the benchmark.
                "GATEWAY_RATE_LIMIT_DEFAULT": '{"name": "default", "limit": 1000000000, "window": 60}',
                "LOG_LEVEL": "INFO",
            }
            with uvicorn("gateway.app:create_app", free_port(), env=gateway_env, factory=True) as gateway:
                pid = {"ceiling": PIDS[ceiling], "service": PIDS[service], "gateway": PIDS[gateway]}
                both = {"gateway": pid["gateway"], "service": pid["service"]}
                targets = [
                    ("ceiling (bare ASGI)", f"{ceiling}/v1/procedures/ping", {}, {"ceiling": pid["ceiling"]}),
                    (
                        "service (FastAPI, direct)",
                        f"{service}/v1/procedures/ping",
                        {},
                        {"service": pid["service"]},
                    ),
                    ("gateway → service", f"{gateway}/v1/procedures/ping", {}, both),
                    ("gateway+token → service", f"{gateway}/v1/dossiers/ping", bearer, both),
                ]
                # Interleaved rounds: a neighbour's burst of CPU use hits every target, not just one.
                rounds: list[list[Result]] = []
                for index in range(args.rounds):
                    print(f"round {index + 1}/{args.rounds}", flush=True)
                    rounds.append(
                        [
                            measure(t, u, args, wrk, h, warmup=index == 0, processes=p)
                            for t, u, h, p in targets
                        ]
                    )
    results = [median_result([r[i] for r in rounds]) for i in range(len(targets))]

    def ratio(a: int, b: int) -> float:
        values = sorted(r[a].requests_per_second / r[b].requests_per_second for r in rounds)
        return values[len(values) // 2]

    ratios = {
        "service/ceiling": ratio(1, 0),
        "gateway/service": ratio(2, 1),
        "gateway+token/service": ratio(3, 1),
    }
    print(f"\nmedian of {args.rounds} round(s), {args.duration}s each, tool: {results[0].tool}")
    print(f"{'target':<26} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  CPU µs/request")
    for r in results:
        cpu = ", ".join(f"{name} {value:.0f}" for name, value in r.cpu_us_per_request.items())
        print(
            f"{r.target:<26} {r.requests_per_second:>9.0f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f}"
            f" {r.errors:>7}  {cpu}"
        )
    print()
    for name, value in ratios.items():
        print(f"{name:<24} {value:6.1%}   (per round: ", end="")
        a, b = {"service/ceiling": (1, 0), "gateway/service": (2, 1), "gateway+token/service": (3, 1)}[name]
        print(", ".join(f"{r[a].requests_per_second / r[b].requests_per_second:.0%}" for r in rounds) + ")")
    verdict = "meets" if ratios["gateway/service"] >= 0.60 else "is BELOW"
    print(f"\nthe gateway keeps {ratios['gateway/service']:.0%} of direct throughput: {verdict} the 60% bar")
    out_dir = BENCH / "results"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"gateway-{time.strftime('%Y%m%dT%H%M%S')}.json"
    report = {
        "cores": os.cpu_count(),
        "load_average_after": os.getloadavg(),
        "median": [asdict(r) for r in results],
        "rounds": [[asdict(r) for r in round_] for round_ in rounds],
        "ratios": ratios,
    }
    out.write_text(json.dumps(report, indent=2))
    print(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
