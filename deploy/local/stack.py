"""The local stack: PostgreSQL, a Kafka-protocol broker and every motcua process, on one machine.

Used by `run.py` (`make run`) and by the end-to-end tests:

    sys.path.insert(0, "<repo>/deploy/local")
    from stack import Stack

    with Stack(data_dir=tmp, base_port=None, postgres_port=None, broker_port=None, ephemeral=True) as stack:
        httpx.get(stack.url("gateway") + "/readyz")

Infrastructure is embedded (servicekit.localinfra) unless the environment points at existing
servers: `DATABASE_URL` (a server URL; one database `motcua_<service>` per service is created on
it) and `KAFKA_BOOTSTRAP_SERVERS`. The external parties are simulated (the `simulators` package)
unless the environment points at real ones: the mail sink `mailsink` (SMTP capture) unless
`SMTP_HOST` is set, the SMS provider simulator `sms-sim` unless `SMS_PROVIDER_URL` is set, the VNPay
payment gateway simulator `vnpay-sim` unless `VNPAY_PAYMENT_URL` is set, the national hub simulator
`nationalhub-sim` unless `NATIONAL_HUB_URL` is set.

Each process gets, on top of the caller's environment:
`<SERVICE>_DATABASE_URL`, `KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_CLUSTER_ID`, `MOTCUA_ENV`,
`SERVICE_BASE_URL_<SERVICE>` for every service, `OIDC_ISSUER` + `OIDC_JWKS_URL` = identity's
`/oidc/jwks` (or `OIDC_JWKS_FILE`, a dev signing key kept in the data directory, when identity is not
started; nothing when `OIDC_JWKS_URL` is set), the national provider's and identity's federation
settings (`national-idp`: a second identity instance, database `motcua_national_idp`), the simulators'
addresses (`SMTP_HOST`/`SMTP_PORT`/`MAILSINK_URL`, `SMS_PROVIDER_*`/`SMS_SIMULATOR_URL`,
`VNPAY_*`/`VNPAY_SIMULATOR_URL`, `NATIONAL_HUB_*`/`NATIONALHUB_SIMULATOR_URL`) and
`extra_env`.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Self, TextIO

import psutil

from contracts.events.topics import ALL_TOPICS, dlq_topic
from servicekit.localinfra import (
    EmbeddedBroker,
    EmbeddedPostgres,
    create_database,
    create_topics,
    database_url,
    free_port,
    port_is_open,
    redact_url,
)
from simulators.nationalhub.settings import DEV_CLIENT_ID as NATIONAL_HUB_DEV_CLIENT_ID
from simulators.nationalhub.settings import DEV_CLIENT_SECRET as NATIONAL_HUB_DEV_CLIENT_SECRET
from simulators.sms.settings import DEV_API_KEY, DEV_MO_SECRET, DEV_SECRET_KEY
from simulators.vnpay.settings import DEV_HASH_SECRET as VNPAY_DEV_HASH_SECRET
from simulators.vnpay.settings import DEV_TMN_CODE as VNPAY_DEV_TMN_CODE

REPO_ROOT = Path(__file__).resolve().parents[2]

#: Every process of the suite, in start order, with its port offset from `base_port`.
PORT_OFFSETS: dict[str, int] = {
    "gateway": 0,
    "identity": 1,
    "catalog": 2,
    "intake": 3,
    "workflow": 4,
    "notify": 5,
    "payments": 6,
    # The adapter that pushes dossier statuses to the national portal (R-OPS-5).
    "nationalsync": 7,
    # The national portal's provider, played locally by a second identity instance (R-ID-2).
    "national-idp": 9,
}
#: Processes that run another process's code with their own settings.
APP_PACKAGES: dict[str, str] = {"national-idp": "identity"}
#: The national provider's client id and development secret at identity (both ends get them).
FEDERATION_CLIENT_ID = "motcua-portal"
FEDERATION_DEV_SECRET = "dev-national-portal-client-secret"  # noqa: S105 - development only
#: Intake's client at identity (client credentials, scope identity:otp: OTP confirmations, R-ID-3);
#: identity's seed registers it with this secret and intake authenticates with it.
INTAKE_CLIENT_DEV_SECRET = "dev-intake-client-secret-change-me"  # noqa: S105 - development only
NOTIFY_CLIENT_DEV_SECRET = "dev-notify-client-secret-change-me"  # noqa: S105 - development only
ALL_PROCESSES: tuple[str, ...] = tuple(PORT_OFFSETS)

#: Stand-ins for the external parties (started first), with their HTTP port offsets.
SIMULATOR_PORT_OFFSETS: dict[str, int] = {
    "sms-sim": 10,
    "mailsink": 11,
    "vnpay-sim": 12,
    "nationalhub-sim": 13,
}
SIMULATOR_APPS: dict[str, str] = {
    "sms-sim": "simulators.sms.app:create_app",
    "mailsink": "simulators.mailsink.app:create_app",
    "vnpay-sim": "simulators.vnpay.app:create_app",
    "nationalhub-sim": "simulators.nationalhub.app:create_app",
}
#: The mail sink's SMTP port offset (8025 with base 8000).
SMTP_PORT_OFFSET = 25
#: Where the SMS simulator forwards inbound (MO) messages, on notify.
SMS_MO_WEBHOOK_PATH = "/v1/sms/inbound"
SMS_BRANDNAME = "MOTCUA"
#: Where VNPay calls back (IPN), through the gateway as in production.
VNPAY_IPN_PATH = "/v1/payment-gateways/vnpay/ipn"
#: Processes with a database (and Alembic migrations) of their own.
DATABASE_SERVICES: frozenset[str] = frozenset(ALL_PROCESSES) - {"gateway"}

TOPIC_PARTITIONS = 3

_COLOURS = {
    "gateway": "\033[1;37m",
    "identity": "\033[35m",
    "catalog": "\033[36m",
    "intake": "\033[32m",
    "workflow": "\033[33m",
    "notify": "\033[34m",
    "payments": "\033[91m",
    "nationalsync": "\033[93m",
    "national-idp": "\033[95m",
    "sms-sim": "\033[96m",
    "vnpay-sim": "\033[92m",
    "nationalhub-sim": "\033[90m",
    "mailsink": "\033[94m",
    "stack": "\033[1m",
}
_RESET = "\033[0m"
_PREFIX_WIDTH = 8


class StackError(RuntimeError):
    """The stack could not start (a process failed, or did not get ready in time)."""


def all_topics() -> list[str]:
    """The suite's topics and their dead-letter topics."""
    return [name for topic in ALL_TOPICS for name in (topic, dlq_topic(topic))]


@dataclass
class _Process:
    name: str
    port: int
    popen: subprocess.Popen[bytes] | None = None
    reader: threading.Thread | None = None
    log_path: Path | None = None
    started_at: float = 0.0
    expected_exit: bool = False


class Stack:
    """Start, observe and stop the whole local stack (see the module docstring)."""

    def __init__(
        self,
        repo_root: Path | None = None,
        *,
        data_dir: Path | None = None,
        base_port: int | None = 8000,
        postgres_port: int | None = 55432,
        broker_port: int | None = 9092,
        extra_env: Mapping[str, str] | None = None,
        services: Iterable[str] | None = None,
        ephemeral: bool = False,
        echo: bool = True,
        output: TextIO | None = None,
        ready_timeout: float = 90.0,
        simulators: bool = True,
    ) -> None:
        self.repo_root = Path(repo_root or REPO_ROOT).resolve()
        self.data_dir = Path(data_dir or self.repo_root / ".data").absolute()
        self.logs_dir = self.data_dir / "logs"
        self.base_port = base_port
        self.postgres_port = postgres_port
        self.broker_port = broker_port
        self.extra_env = dict(extra_env or {})
        self.ephemeral = ephemeral
        self.echo = echo
        self.output = output
        self.ready_timeout = ready_timeout

        if services is None:
            # Everything that exists in the repository (services land one by one).
            self.services = [n for n in ALL_PROCESSES if self._app_module_path(n).exists()]
            self.skipped = [n for n in ALL_PROCESSES if n not in self.services]
        else:
            wanted = list(dict.fromkeys(services))
            unknown = [n for n in wanted if n not in PORT_OFFSETS]
            if unknown:
                raise ValueError(f"unknown service(s) {unknown}; known: {', '.join(ALL_PROCESSES)}")
            missing = [n for n in wanted if not self._app_module_path(n).exists()]
            if missing:
                raise ValueError(
                    f"no app module yet for {missing} (expected {self._app_module_path(missing[0])})"
                )
            self.services = [n for n in ALL_PROCESSES if n in wanted]
            self.skipped = []

        # Simulators run unless the caller points at the real party (or turns them all off).
        self.simulators: list[str] = [
            name for name in SIMULATOR_PORT_OFFSETS if simulators and not self._real_party_configured(name)
        ]

        self.ports: dict[str, int] = {}
        if base_port is None:
            self.ports = {name: free_port() for name in (*ALL_PROCESSES, *SIMULATOR_PORT_OFFSETS)}
            self.smtp_port = free_port()
        else:
            offsets = PORT_OFFSETS | SIMULATOR_PORT_OFFSETS
            self.ports = {name: base_port + offset for name, offset in offsets.items()}
            self.smtp_port = base_port + SMTP_PORT_OFFSET
        self.issuer = f"http://localhost:{self.ports['gateway']}/oidc"

        self.postgres: EmbeddedPostgres | None = None
        self.broker: EmbeddedBroker | None = None
        self.server_database_url: str = ""
        self.bootstrap_servers: str = ""
        self.cluster_id: str = ""
        self.signing_key_path = self.data_dir / "dev-signing-key.json"
        self.jwks_path = self.data_dir / "dev-jwks.json"
        self._processes = {
            name: _Process(name, self.ports[name]) for name in (*self.simulators, *self.services)
        }
        self._print_lock = threading.Lock()
        #: What each service's seed printed (demo logins), by process.
        self.seed_output: dict[str, list[str]] = {}
        self._started = False

    # ------------------------------------------------------------------ public API

    def url(self, name: str) -> str:
        """The direct base URL of process `name` (`http://127.0.0.1:<port>`)."""
        return f"http://127.0.0.1:{self.ports[name]}"

    def database_url(self, service: str) -> str:
        """The SQLAlchemy URL of `service`'s own database (valid after start())."""
        if not self.server_database_url:
            raise RuntimeError("the stack is not started")
        return database_url(self.server_database_url, _database_name(service), driver="asyncpg")

    @property
    def redacted_database_url(self) -> str:
        """The server URL without its password, for banners and logs."""
        return redact_url(self.server_database_url)

    @property
    def external_database(self) -> bool:
        return bool(os.environ.get("DATABASE_URL"))

    @property
    def external_broker(self) -> bool:
        return bool(os.environ.get("KAFKA_BOOTSTRAP_SERVERS"))

    @property
    def jwks_url_from_env(self) -> str:
        return self.extra_env.get("OIDC_JWKS_URL") or os.environ.get("OIDC_JWKS_URL", "")

    @property
    def mail_sink_url(self) -> str | None:
        """The mail sink's HTTP API (`/messages`), or None when mail goes to a real `SMTP_HOST`."""
        return self.url("mailsink") if "mailsink" in self.simulators else None

    @property
    def sms_simulator_url(self) -> str | None:
        """The SMS simulator (`/simulator/messages`), or None with a real `SMS_PROVIDER_URL`."""
        return self.url("sms-sim") if "sms-sim" in self.simulators else None

    @property
    def vnpay_simulator_url(self) -> str | None:
        """The VNPay simulator (`/simulator/transactions`), or None with a real `VNPAY_PAYMENT_URL`."""
        return self.url("vnpay-sim") if "vnpay-sim" in self.simulators else None

    @property
    def national_hub_simulator_url(self) -> str | None:
        """The national hub simulator (`/simulator/records`), or None with a real `NATIONAL_HUB_URL`."""
        return self.url("nationalhub-sim") if "nationalhub-sim" in self.simulators else None

    def start(self) -> Self:
        """Start the infrastructure, prepare databases and topics, migrate, start every process.

        Returns once each process answers 200 on `/readyz`; on failure everything started is
        stopped again and `StackError` tells which process failed, with the tail of its log.
        """
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        self._claim_data_dir()
        try:
            # The simulators need nothing: they get ready while the infrastructure starts.
            for name in self.simulators:
                self.start_process(name, wait=False)
            self._start_infrastructure()
            self._ensure_signing_key()
            self._prepare_databases()
            self._migrate()
            self._seed()
            for name in self.services:
                self.start_process(name, wait=False)
            self._started = True
            self._write_state()
            self._wait_all_ready(self.ready_timeout)
            if self.seed_output and self.echo:
                logins = [line for lines in self.seed_output.values() for line in lines]
                self.print_block("\n".join(["", *logins]))
        except BaseException:
            self.stop()
            raise
        return self

    def env_for(self, name: str) -> dict[str, str]:
        """The full environment process `name` runs with (also handy for scripts in tests)."""
        env = dict(os.environ)
        env.update(
            {
                "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap_servers,
                "KAFKA_CLUSTER_ID": self.cluster_id,
                "MOTCUA_ENV": "development",
                "PYTHONUNBUFFERED": "1",
            }
        )
        for other in ALL_PROCESSES:
            env[f"SERVICE_BASE_URL_{_env_name(other)}"] = self.url(other)
        if name in DATABASE_SERVICES and self.server_database_url:
            env[f"{_env_name(_package(name))}_DATABASE_URL"] = self.database_url(name)
        if not self.jwks_url_from_env:
            env["OIDC_ISSUER"] = self.issuer
            if "identity" in self.services:
                # Identity signs the tokens and serves its keys; `make token`'s development key is
                # published there too (development only), so both kinds of token work.
                env["OIDC_JWKS_URL"] = self.url("identity") + "/oidc/jwks"
                if name == "identity":
                    env["IDENTITY_DEV_JWKS_FILE"] = str(self.jwks_path)
            else:
                env["OIDC_JWKS_FILE"] = str(self.jwks_path)
        env.update(self._identity_env(name))
        env.update(self._simulator_env(name))
        env.update(self.extra_env)
        return env

    @property
    def national_issuer(self) -> str:
        """The national portal provider's issuer, as browsers reach it (R-FMT-5 /oauth2 endpoints)."""
        return f"http://localhost:{self.ports['national-idp']}"

    def _identity_env(self, name: str) -> dict[str, str]:
        """The national provider's own settings, identity's federation with it, intake's and notify's
        clients."""
        if name == "intake":
            return {
                "INTAKE_CLIENT_ID": "intake",
                "INTAKE_CLIENT_SECRET": INTAKE_CLIENT_DEV_SECRET,
                "INTAKE_STORAGE_DIR": str(self.data_dir / "intake-files"),
            }
        if name == "notify":
            return {
                "NOTIFY_LOOKUP_CLIENT_ID": "notify",
                "NOTIFY_LOOKUP_CLIENT_SECRET": NOTIFY_CLIENT_DEV_SECRET,
            }
        secret = {"IDENTITY_FEDERATION_CLIENT_ID": FEDERATION_CLIENT_ID}
        if name == "national-idp":
            return {
                "IDENTITY_MODE": "national",
                "IDENTITY_ISSUER": self.national_issuer,
                "IDENTITY_ENDPOINT_PREFIX": "/oauth2",
                "IDENTITY_COOKIE_PREFIX": "ndp",
                "IDENTITY_DISPLAY_NAME": "Cổng Dịch vụ công quốc gia (mô phỏng)",
                "IDENTITY_SEED_FEDERATION_CLIENT_ID": FEDERATION_CLIENT_ID,
                "IDENTITY_SEED_FEDERATION_CLIENT_SECRET": FEDERATION_DEV_SECRET,
            }
        intake_client = {
            "IDENTITY_SEED_INTAKE_CLIENT_SECRET": INTAKE_CLIENT_DEV_SECRET,
            "IDENTITY_SEED_NOTIFY_CLIENT_SECRET": NOTIFY_CLIENT_DEV_SECRET,
        }
        if name == "identity" and "national-idp" in self.services:
            return (
                secret
                | intake_client
                | {
                    "IDENTITY_FEDERATION_ISSUER": self.national_issuer,
                    "IDENTITY_FEDERATION_INTERNAL_URL": self.url("national-idp"),
                    "IDENTITY_FEDERATION_CLIENT_SECRET": FEDERATION_DEV_SECRET,
                }
            )
        return intake_client if name == "identity" else {}

    def _simulator_env(self, name: str) -> dict[str, str]:
        """Where every process finds the simulators, and what each simulator needs itself."""
        env: dict[str, str] = {}
        if "mailsink" in self.simulators:
            env |= {
                "SMTP_HOST": "127.0.0.1",
                "SMTP_PORT": str(self.smtp_port),
                "MAILSINK_URL": self.url("mailsink"),
            }
        if "sms-sim" in self.simulators:
            env |= {
                "SMS_PROVIDER_URL": self.url("sms-sim"),
                "SMS_PROVIDER_API_KEY": DEV_API_KEY,
                "SMS_PROVIDER_SECRET_KEY": DEV_SECRET_KEY,
                "SMS_PROVIDER_BRANDNAME": SMS_BRANDNAME,
                "SMS_PROVIDER_MO_SECRET": DEV_MO_SECRET,
                "SMS_SIMULATOR_URL": self.url("sms-sim"),
            }
        if "vnpay-sim" in self.simulators:
            env |= {
                "VNPAY_PAYMENT_URL": self.url("vnpay-sim") + "/paymentv2/vpcpay.html",
                "VNPAY_API_URL": self.url("vnpay-sim") + "/merchant_webapi/api/transaction",
                "VNPAY_REPORT_URL": self.url("vnpay-sim") + "/merchant_webapi/api/report",
                "VNPAY_TMN_CODE": VNPAY_DEV_TMN_CODE,
                "VNPAY_HASH_SECRET": VNPAY_DEV_HASH_SECRET,
                "VNPAY_SIMULATOR_URL": self.url("vnpay-sim"),
            }
        if name == "payments":
            # Browsers come back from the payment page through the gateway, as in production.
            env["PAYMENTS_PUBLIC_BASE_URL"] = self.url("gateway")
        if "nationalhub-sim" in self.simulators:
            env |= {
                "NATIONAL_HUB_URL": self.url("nationalhub-sim"),
                "NATIONAL_HUB_CLIENT_ID": NATIONAL_HUB_DEV_CLIENT_ID,
                "NATIONAL_HUB_CLIENT_SECRET": NATIONAL_HUB_DEV_CLIENT_SECRET,
                "NATIONALHUB_SIMULATOR_URL": self.url("nationalhub-sim"),
            }
        if name == "mailsink":
            env |= {
                "MAILSINK_SMTP_HOST": "127.0.0.1",
                "MAILSINK_SMTP_PORT": str(self.smtp_port),
                "MAILSINK_DIR": str(self.data_dir / "mail"),
            }
        elif name == "sms-sim":
            env |= {
                "SMS_SIM_API_KEY": DEV_API_KEY,
                "SMS_SIM_SECRET_KEY": DEV_SECRET_KEY,
                "SMS_SIM_MO_SECRET": DEV_MO_SECRET,
                "SMS_SIM_MO_WEBHOOK_URL": self.url("notify") + SMS_MO_WEBHOOK_PATH,
            }
        elif name == "vnpay-sim":
            env |= {
                "VNPAY_SIM_TMN_CODE": VNPAY_DEV_TMN_CODE,
                "VNPAY_SIM_HASH_SECRET": VNPAY_DEV_HASH_SECRET,
                "VNPAY_SIM_IPN_URL": self.url("gateway") + VNPAY_IPN_PATH,
            }
        elif name == "nationalhub-sim":
            env |= {
                "NATIONALHUB_SIM_CLIENT_ID": NATIONAL_HUB_DEV_CLIENT_ID,
                "NATIONALHUB_SIM_CLIENT_SECRET": NATIONAL_HUB_DEV_CLIENT_SECRET,
            }
        return env

    def _real_party_configured(self, simulator: str) -> bool:
        variable = {
            "mailsink": "SMTP_HOST",
            "sms-sim": "SMS_PROVIDER_URL",
            "vnpay-sim": "VNPAY_PAYMENT_URL",
            "nationalhub-sim": "NATIONAL_HUB_URL",
        }[simulator]
        return bool(self.extra_env.get(variable) or os.environ.get(variable))

    def start_process(self, name: str, *, wait: bool = True, timeout: float | None = None) -> None:
        """(Re)start process `name`; with `wait`, return once it is ready."""
        proc = self._processes[name]
        if proc.popen is not None and proc.popen.poll() is None:
            self._terminate([proc], timeout=10)
        self._check_port_free(proc)
        proc.log_path = self.logs_dir / f"{name}.log"
        module = SIMULATOR_APPS.get(name) or (
            "gateway.app:create_app" if name == "gateway" else f"{_package(name)}.app:create_app"
        )
        cmd = [
            sys.executable,
            "-m",
            "uvicorn",
            module,
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(proc.port),
            "--no-access-log",
            "--timeout-graceful-shutdown",
            "5",
        ]
        log_file = open(proc.log_path, "ab")  # noqa: SIM115 - closed by the reader thread
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        log_file.write(f"----- {stamp} starting {name} on port {proc.port}\n".encode())
        log_file.flush()
        proc.expected_exit = False
        proc.popen = subprocess.Popen(
            cmd,
            cwd=self.repo_root,
            env=self.env_for(name),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: signals reach it only from us
        )
        proc.started_at = time.monotonic()
        proc.reader = threading.Thread(
            target=self._pump, args=(proc, proc.popen, log_file), name=f"stack-{name}", daemon=True
        )
        proc.reader.start()
        if self._started:
            self._write_state()
        if wait:
            self.wait_ready(name, timeout)

    def wait_ready(self, name: str, timeout: float | None = None) -> None:
        """Block until process `name` (a service or a simulator) answers 200 on `/readyz`."""
        self._wait_all_ready(timeout or self.ready_timeout, names=[name])

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Send `sig` to process `name` (its whole process group); waits for it when fatal."""
        proc = self._processes[name]
        if proc.popen is None or proc.popen.poll() is not None:
            return
        proc.expected_exit = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.popen.pid, sig)
        if sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
            try:
                proc.popen.wait(15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.popen.pid, signal.SIGKILL)
                proc.popen.wait(5)

    def is_running(self, name: str) -> bool:
        popen = self._processes[name].popen
        return popen is not None and popen.poll() is None

    def pid(self, name: str) -> int | None:
        popen = self._processes[name].popen
        return popen.pid if popen is not None else None

    def restart_broker(self) -> str:
        """Replace the embedded broker with a new, empty one (new cluster id) on the same port.

        Running processes keep their old `KAFKA_CLUSTER_ID` in their environment; restart them
        with start_process() if they should see the new one.
        """
        if self.broker is None:
            raise RuntimeError("the broker is external; it cannot be restarted from here")
        port = self.broker.port
        self.broker.stop()
        # Same port (also when it was picked free): the running processes keep their address.
        self.broker = EmbeddedBroker(port=port, log_path=self.logs_dir / "broker.log")
        self.bootstrap_servers = self.broker.start()
        self.cluster_id = self.broker.cluster_id or ""
        create_topics(self.bootstrap_servers, all_topics(), TOPIC_PARTITIONS)
        self._write_state()
        return self.bootstrap_servers

    def stop(self) -> None:
        """SIGTERM every process, SIGKILL those still running after 10 s, then stop the infrastructure."""
        running = [p for p in self._processes.values() if p.popen is not None and p.popen.poll() is None]
        self._terminate(running, timeout=10)
        for proc in self._processes.values():
            if proc.reader is not None:
                proc.reader.join(5)
        if self.broker is not None:
            self.broker.stop()
        if self.postgres is not None:
            self.postgres.stop()
        self._started = False
        (self.data_dir / "stack.json").unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ infrastructure

    def _start_infrastructure(self) -> None:
        external_db = os.environ.get("DATABASE_URL", "")
        if external_db:
            self.server_database_url = external_db
            self.say(f"PostgreSQL: external server {redact_url(external_db)}")
        else:
            self.postgres = EmbeddedPostgres(
                self.data_dir / "postgres",
                port=self.postgres_port,
                ephemeral=self.ephemeral,
                log_path=self.logs_dir / "postgres.log",
            )
            t0 = time.monotonic()
            self.server_database_url = self.postgres.start()
            self.say(f"PostgreSQL: embedded, {self.server_database_url} ({time.monotonic() - t0:.1f} s)")

        external_broker = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "")
        if external_broker:
            self.bootstrap_servers = external_broker
            self.cluster_id = ""
            self.say(f"broker: external, {external_broker}")
        else:
            self.broker = EmbeddedBroker(port=self.broker_port, log_path=self.logs_dir / "broker.log")
            self.bootstrap_servers = self.broker.start()
            self.cluster_id = self.broker.cluster_id or ""
            self.say(
                f"broker: embedded Tansu (in memory), {self.bootstrap_servers}, cluster id {self.cluster_id}"
            )
        created = create_topics(self.bootstrap_servers, all_topics(), TOPIC_PARTITIONS)
        if created:
            self.say(f"topics created: {', '.join(created)}")

    def _ensure_signing_key(self) -> None:
        """A development ES256 key for tokens, until the identity service publishes its JWKS."""
        if self.jwks_url_from_env:
            return
        from joserfc.jwk import ECKey

        if self.signing_key_path.exists():
            key = ECKey.import_key(json.loads(self.signing_key_path.read_text()))
        else:
            kid = "dev-" + datetime.now(UTC).strftime("%Y%m%d%H%M%S")
            key = ECKey.generate_key("P-256", parameters={"kid": kid, "use": "sig", "alg": "ES256"})
            private = json.dumps(key.as_dict(private=True), indent=2)
            fd = os.open(self.signing_key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(private + "\n")
            self.say(f"generated a development signing key: {self.signing_key_path}")
        os.chmod(self.signing_key_path, 0o600)
        public = {"keys": [key.as_dict(private=False)]}
        tmp = self.jwks_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(public, indent=2) + "\n")
        tmp.replace(self.jwks_path)

    def _prepare_databases(self) -> None:
        for name in self.services:
            if name in DATABASE_SERVICES and create_database(self.server_database_url, _database_name(name)):
                self.say(f"database {_database_name(name)} created")

    def _migrate(self) -> None:
        targets = [n for n in self.services if n in DATABASE_SERVICES]
        services_dir = self.repo_root / "services"
        missing = [n for n in targets if not (services_dir / _package(n) / "alembic.ini").exists()]
        for name in missing:
            self.say(f"{name}: no services/{name}/alembic.ini yet, skipping migrations")
        targets = [n for n in targets if n not in missing]
        if not targets:
            return
        t0 = time.monotonic()
        with ThreadPoolExecutor(max_workers=len(targets)) as pool:
            results = list(pool.map(self._migrate_one, targets))
        failed = [(name, out) for name, (code, out) in zip(targets, results, strict=True) if code != 0]
        if failed:
            name, out = failed[0]
            tail = "\n".join(out.splitlines()[-30:])
            raise StackError(f"migrations failed for {', '.join(n for n, _ in failed)}; {name}:\n{tail}")
        self.say(f"migrations applied: {', '.join(targets)} ({time.monotonic() - t0:.1f} s)")

    def _seed(self) -> None:
        """Demo data in development: `python -m <service>.seed` for each service that has one
        (idempotent); what it prints (demo logins) is kept for the banner.

        Only into a PostgreSQL this stack started itself, or when `MOTCUA_SEED=1` asks for it:
        never silently into a user's own database (`MOTCUA_SEED=0` turns seeding off).
        """
        self.seed_output = {}
        wanted = self.extra_env.get("MOTCUA_SEED", os.environ.get("MOTCUA_SEED", ""))
        if wanted == "0" or (self.postgres is None and wanted != "1"):
            if wanted != "0":
                self.say("demo data not loaded into an external database (MOTCUA_SEED=1 loads it)")
            return
        names = [
            n
            for n in self.services
            if (self.repo_root / "services" / _package(n) / "src" / _package(n) / "seed.py").exists()
        ]

        def run_seed(name: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", f"{_package(name)}.seed"],
                cwd=self.repo_root,
                env=self.env_for(name),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )

        # Each seed writes only its own database: they run side by side, reported in service order.
        with ThreadPoolExecutor(max_workers=max(1, len(names))) as pool:
            results = list(pool.map(run_seed, names))
        for name, result in zip(names, results, strict=True):
            output = (result.stdout or "") + (result.stderr or "")
            with open(self.logs_dir / f"{name}.log", "a", encoding="utf-8") as log:
                log.write(f"----- seed (exit {result.returncode})\n{output}")
            if result.returncode != 0:
                # Demo data is a convenience: the stack still runs, and the log says why it is missing.
                self.say(f"seeding {name} failed (exit {result.returncode}); see {self.logs_dir / name}.log")
                continue
            self.seed_output[name] = [line for line in (result.stdout or "").splitlines() if line.strip()]

    def _migrate_one(self, name: str) -> tuple[int, str]:
        ini = self.repo_root / "services" / _package(name) / "alembic.ini"
        result = subprocess.run(
            [sys.executable, "-m", "alembic", "-c", str(ini), "upgrade", "head"],
            cwd=self.repo_root,
            env=self.env_for(name),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        output = (result.stdout or "") + (result.stderr or "")
        with open(self.logs_dir / f"{name}.log", "a", encoding="utf-8") as log:
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            log.write(f"----- {stamp} alembic upgrade head (exit {result.returncode})\n{output}")
        if result.returncode != 0:
            for line in output.splitlines():
                self._emit(name, line)
        return result.returncode, output

    # ------------------------------------------------------------------ processes

    def _pump(self, proc: _Process, popen: subprocess.Popen[bytes], log_file: IO[bytes]) -> None:
        """Copy the process's output to its log file and, prefixed, to the terminal."""
        assert popen.stdout is not None
        try:
            for raw in iter(popen.stdout.readline, b""):
                log_file.write(raw)
                log_file.flush()
                self._emit(proc.name, raw.decode("utf-8", errors="replace").rstrip("\r\n"))
        finally:
            code = popen.wait()
            log_file.write(f"----- exited with code {code}\n".encode())
            log_file.close()
            popen.stdout.close()
            if not proc.expected_exit and self._started and proc.popen is popen:
                self._emit(proc.name, f"exited unexpectedly with code {code}")

    def _emit(self, name: str, line: str) -> None:
        if not self.echo:
            return
        out = self.output or sys.stdout
        colour = _colour_enabled(out)
        prefix = f"{name:<{_PREFIX_WIDTH}} | "
        if colour:
            prefix = f"{_COLOURS.get(name, '')}{prefix}{_RESET}"
        with self._print_lock:
            try:
                out.write(prefix + line + "\n")
                out.flush()
            except (OSError, ValueError):
                pass  # the terminal went away; the log file still has it

    def say(self, message: str) -> None:
        """Print a line from the runner itself."""
        self._emit("stack", message)

    def print_block(self, text: str) -> None:
        """Print `text` as is, without interleaving with the processes' output."""
        out = self.output or sys.stdout
        with self._print_lock:
            out.write(text if text.endswith("\n") else text + "\n")
            out.flush()

    def _terminate(self, procs: list[_Process], *, timeout: float) -> None:
        for proc in procs:
            assert proc.popen is not None
            proc.expected_exit = True
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.popen.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc in procs:
            assert proc.popen is not None
            try:
                proc.popen.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self._emit(proc.name, f"did not stop within {timeout:.0f} s; killing it")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.popen.pid, signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.popen.wait(5)

    def _wait_all_ready(self, timeout: float, names: Iterable[str] | None = None) -> None:
        pending = list(names if names is not None else (*self.simulators, *self.services))
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + timeout
        t0 = time.monotonic()
        while pending:
            for name in list(pending):
                proc = self._processes[name]
                if proc.popen is None:
                    raise StackError(f"{name} is not started")
                code = proc.popen.poll()
                if code is not None:
                    if proc.reader is not None:
                        proc.reader.join(2)
                    raise StackError(
                        f"{name} exited with code {code} before it was ready.\n{self._tail(name)}"
                    )
                if _ready(opener, self.url(name)):
                    pending.remove(name)
            if not pending:
                break
            if time.monotonic() >= deadline:
                name = pending[0]
                raise StackError(
                    f"{', '.join(pending)} not ready after {timeout:.0f} s "
                    f"(GET {self.url(name)}/readyz).\n{self._tail(name)}"
                )
            time.sleep(0.2)
        if names is None:
            self.say(f"all processes ready ({time.monotonic() - t0:.1f} s)")

    def _tail(self, name: str, lines: int = 40) -> str:
        path = self.logs_dir / f"{name}.log"
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return f"(no log at {path})"
        body = "\n".join(text.splitlines()[-lines:])
        return f"--- last lines of {path} ---\n{body}"

    # ------------------------------------------------------------------ leftovers of a crashed runner

    def _claim_data_dir(self) -> None:
        """Refuse a data dir another live runner uses; clean up after one that died (SIGKILL)."""
        state_path = self.data_dir / "stack.json"
        try:
            state = json.loads(state_path.read_text())
        except (OSError, ValueError):
            return
        runner = state.get("runner", {})
        if _alive(runner.get("pid"), runner.get("create_time")) and runner.get("pid") != os.getpid():
            raise StackError(
                f"another stack (pid {runner['pid']}) is running with data dir {self.data_dir}; "
                "stop it first or use another --data-dir"
            )
        for child in state.get("children", []):
            if _alive(child.get("pid"), child.get("create_time")):
                self.say(f"stopping {child.get('name')} (pid {child['pid']}) left over from a previous run")
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(child["pid"], signal.SIGKILL)
                with contextlib.suppress(psutil.Error):
                    psutil.Process(child["pid"]).wait(10)
        state_path.unlink(missing_ok=True)

    def _write_state(self) -> None:
        children = [
            {"name": p.name, "pid": p.popen.pid, "create_time": _create_time(p.popen.pid)}
            for p in self._processes.values()
            if p.popen is not None and p.popen.poll() is None
        ]
        if self.broker is not None and self.broker.pid is not None:
            children.append(
                {"name": "broker", "pid": self.broker.pid, "create_time": _create_time(self.broker.pid)}
            )
        state = {
            "runner": {"pid": os.getpid(), "create_time": _create_time(os.getpid())},
            "children": children,
        }
        tmp = self.data_dir / "stack.json.tmp"
        tmp.write_text(json.dumps(state, indent=2))
        tmp.replace(self.data_dir / "stack.json")

    def _check_port_free(self, proc: _Process) -> None:
        ports = [proc.port, self.smtp_port] if proc.name == "mailsink" else [proc.port]
        for port in ports:
            if port_is_open("127.0.0.1", port):
                raise StackError(
                    f"cannot start {proc.name}: port {port} is already in use "
                    "(another stack? choose another --base-port)"
                )

    def _app_module_path(self, name: str) -> Path:
        if name == "gateway":
            return self.repo_root / "gateway" / "src" / "gateway" / "app.py"
        package = _package(name)
        return self.repo_root / "services" / package / "src" / package / "app.py"


def _package(name: str) -> str:
    return APP_PACKAGES.get(name, name)


def _database_name(name: str) -> str:
    return "motcua_" + name.replace("-", "_")


def _env_name(name: str) -> str:
    return name.upper().replace("-", "_")


def _ready(opener: urllib.request.OpenerDirector, base_url: str) -> bool:
    try:
        with opener.open(base_url + "/readyz", timeout=3) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _create_time(pid: int) -> float | None:
    try:
        return float(psutil.Process(pid).create_time())
    except psutil.Error:
        return None


def _alive(pid: object, create_time: object) -> bool:
    if not isinstance(pid, int):
        return False
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        return create_time is None or abs(process.create_time() - float(str(create_time))) < 1.0
    except psutil.Error:
        return False


def _colour_enabled(out: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())
