"""`make run`: the whole motcua stack on this machine, with prefixed logs. Ctrl-C stops it.

    uv run python deploy/local/run.py [--base-port 8000] [--data-dir .data] [--only intake,gateway]

Uses the PostgreSQL server in `DATABASE_URL` and the broker in `KAFKA_BOOTSTRAP_SERVERS` when they
are set; otherwise starts embedded ones (data kept in `<data-dir>/postgres` across restarts; the
broker keeps events in memory, and the services' outboxes replay what it lost). Mail goes to the
mail sink and SMS to the SMS simulator, unless `SMTP_HOST` / `SMS_PROVIDER_URL` name real ones; dossier
statuses go to the national hub simulator unless `NATIONAL_HUB_URL` names the real hub.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stack import ALL_PROCESSES, REPO_ROOT, Stack, StackError


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="run.py", description="Run the motcua stack locally (Ctrl-C stops everything)."
    )
    parser.add_argument(
        "--base-port",
        type=int,
        default=8000,
        help="gateway port; services follow it (identity +1, catalog +2, intake +3, workflow +4, "
        "notify +5, payments +6, nationalsync +7), then the simulators (SMS +10, mail sink HTTP +11, "
        "VNPay +12, national hub +13, SMTP +25). "
        "Default 8000.",
    )
    parser.add_argument(
        "--data-dir", type=Path, default=REPO_ROOT / ".data", help="where data and logs live (default .data/)"
    )
    parser.add_argument(
        "--only",
        default="",
        help=f"comma-separated processes to start (default: all that exist of {','.join(ALL_PROCESSES)})",
    )
    parser.add_argument("--postgres-port", type=int, default=55432, help="embedded PostgreSQL port (55432)")
    parser.add_argument("--broker-port", type=int, default=9092, help="embedded broker port (9092)")
    return parser.parse_args(argv)


def banner(stack: Stack) -> str:
    host = "http://localhost"
    gateway_port = stack.ports["gateway"]
    lines = ["", "motcua is running", ""]
    if "gateway" in stack.services:
        lines += [
            f"  gateway     {host}:{gateway_port}",
            f"  API docs    {host}:{gateway_port}/docs",
        ]
    else:
        lines.append("  gateway     (not started)")
    for name in stack.services:
        if name != "gateway":
            lines.append(f"  {name:<11} {host}:{stack.ports[name]}  (direct, docs at /docs)")
    if stack.skipped:
        lines.append(f"  not yet in the repository: {', '.join(stack.skipped)}")
    lines.append("")
    if stack.postgres is not None:
        lines.append(
            f"  PostgreSQL  embedded, 127.0.0.1:{stack.postgres.port}, user postgres "
            f"(data in {stack.postgres.data_dir})"
        )
    else:
        lines.append(f"  PostgreSQL  {stack.redacted_database_url} (from DATABASE_URL)")
    if stack.broker is not None:
        lines.append(f"  broker      embedded Tansu, {stack.bootstrap_servers} (events in memory)")
    else:
        lines.append(f"  broker      {stack.bootstrap_servers} (from KAFKA_BOOTSTRAP_SERVERS)")
    if stack.mail_sink_url is not None:
        lines.append(
            f"  captured mail: {host}:{stack.ports['mailsink']}/messages  "
            f"(SMTP localhost:{stack.smtp_port}, .eml files in {stack.data_dir / 'mail'})"
        )
    else:
        lines.append("  mail        sent to the SMTP server in SMTP_HOST (no mail sink)")
    if stack.sms_simulator_url is not None:
        lines.append(f"  SMS simulator: {host}:{stack.ports['sms-sim']}/simulator/messages")
    else:
        lines.append("  SMS         sent to the provider in SMS_PROVIDER_URL (no simulator)")
    if stack.vnpay_simulator_url is not None:
        lines.append(f"  VNPay simulator: {host}:{stack.ports['vnpay-sim']}/simulator/transactions")
    else:
        lines.append("  VNPay       payments go to the gateway in VNPAY_PAYMENT_URL (no simulator)")
    if stack.national_hub_simulator_url is not None:
        lines.append(f"  national hub simulator: {host}:{stack.ports['nationalhub-sim']}/simulator/records")
    else:
        lines.append("  national hub  dossier statuses go to NATIONAL_HUB_URL (no simulator)")
    lines.append(f"  logs        {stack.logs_dir}/<name>.log")
    if not stack.jwks_url_from_env:
        lines.append(f"  dev tokens  signed with {stack.signing_key_path}, issuer {stack.issuer}")
    lines += ["", "Press Ctrl-C to stop.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    only = [name.strip() for name in args.only.split(",") if name.strip()] or None
    try:
        stack = Stack(
            data_dir=args.data_dir,
            base_port=args.base_port,
            postgres_port=args.postgres_port,
            broker_port=args.broker_port,
            services=only,
        )
    except ValueError as exc:
        print(f"run.py: {exc}", file=sys.stderr)
        return 2

    stop_requested = threading.Event()
    starting = True

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stop_requested.is_set():
            return  # already stopping; the stop is bounded, so further signals are not needed
        stop_requested.set()
        if starting:
            # Interrupt start(): it stops whatever it had started before re-raising.
            raise KeyboardInterrupt

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)

    try:
        stack.start()
    except KeyboardInterrupt:
        stack.say("interrupted during start-up; stopped")
        return 0
    except StackError as exc:
        stack.say(f"failed to start: {exc}")
        return 1
    starting = False
    stack.print_block(banner(stack))

    while not stop_requested.wait(0.5):
        pass
    stack.say("stopping…")
    stack.stop()
    stack.say("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
