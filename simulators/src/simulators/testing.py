"""Run simulators inside a test's event loop, on free ports, as real servers.

    from simulators.testing import run_mailsink, run_sms_simulator

    async with run_sms_simulator(mo_webhook_url=...) as sms:       # HTTP on a free port
        settings = {"SMS_PROVIDER_URL": sms.base_url, "SMS_PROVIDER_API_KEY": sms.api_key, ...}
        ...
        message = await sms.wait_for_message(phone="0912345678")
        await sms.set_fault("unavailable", count=1)

    async with run_mailsink() as mail:                              # SMTP + HTTP on free ports
        ...send to mail.smtp_host:mail.smtp_port...
        captured = await mail.sink.wait_for(to="citizen@example.vn")

    async with run_national_hub() as hub:                           # HTTP on a free port
        settings = {"hub_url": hub.base_url, "hub_client_id": hub.client_id, ...}
        await hub.set_fault("unavailable", seconds=2)
        record = await hub.wait_for_record("000.00.00.G12-261123-0007", status=10)

`serve_app(app)` runs any ASGI app the same way (e.g. a webhook receiver in a test).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Generator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

import httpx
import uvicorn
from fastapi import FastAPI

from simulators.mailsink.app import create_app as create_mailsink_app
from simulators.mailsink.server import MailSink
from simulators.mailsink.settings import MailSinkSettings
from simulators.nationalhub.app import create_app as create_national_hub_app
from simulators.nationalhub.hub import PROGRESS_PATH, RECORDS_PATH, TOKEN_PATH
from simulators.nationalhub.settings import NationalHubSimSettings
from simulators.sms.app import SEND_PATH
from simulators.sms.app import create_app as create_sms_app
from simulators.sms.settings import SmsSimSettings
from simulators.vnpay.app import API_PATH, PAY_PATH, REPORT_PATH
from simulators.vnpay.app import create_app as create_vnpay_app
from simulators.vnpay.settings import VnpaySimSettings


class _InTaskServer(uvicorn.Server):
    """A uvicorn server that leaves the process's signal handlers alone (pytest keeps Ctrl-C)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


@asynccontextmanager
async def serve_app(
    app: Any, *, host: str = "127.0.0.1", port: int = 0, ready_timeout: float = 10.0
) -> AsyncIterator[str]:
    """Serve the ASGI `app` with uvicorn in a task of the running loop; yields its base URL.

    Port 0 lets the OS pick a free port. On exit the server stops (in-flight requests get one
    second, then are cancelled) and the app's lifespan shutdown runs.
    """
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        lifespan="on",
        log_config=None,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=1,
    )
    server = _InTaskServer(config)

    async def serve() -> None:
        try:
            await server.serve()
        except SystemExit as exc:  # uvicorn exits when startup fails; a task must not
            raise RuntimeError(f"uvicorn failed to start (exit code {exc.code})") from None

    task = asyncio.create_task(serve(), name=f"uvicorn-{host}:{port}")
    deadline = time.monotonic() + ready_timeout
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("uvicorn stopped before it started")
        if time.monotonic() > deadline:
            server.should_exit = True
            await task
            raise TimeoutError(f"uvicorn not started after {ready_timeout} s")
        await asyncio.sleep(0.01)
    bound = server.servers[0].sockets[0].getsockname()
    try:
        yield f"http://{host}:{bound[1]}"
    finally:
        server.should_exit = True
        await task


async def eventually(
    probe: Callable[[], Any], *, timeout: float = 5.0, interval: float = 0.02, what: str = "condition"
) -> Any:
    """Await `probe()` (sync or async) until it returns something truthy; returns it."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not met within {timeout} s")
        await asyncio.sleep(interval)


SettingsT = TypeVar("SettingsT")
RunningT = TypeVar("RunningT", bound="_Controlled[Any]")


@dataclass
class _Controlled(Generic[SettingsT]):
    """A running simulator: its base URL, settings, app, and a client for its `/simulator/` controls."""

    base_url: str
    settings: SettingsT
    client: httpx.AsyncClient
    app: FastAPI

    async def _call(self, method: str, url: str, **kwargs: Any) -> Any:
        """One control call; raises on an error status, returns the JSON answer (None when empty)."""
        response = await self.client.request(method, url, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None


@asynccontextmanager
async def _run(
    running: type[RunningT], create_app: Callable[[Any], FastAPI], settings: Any
) -> AsyncIterator[RunningT]:
    app = create_app(settings)
    async with serve_app(app) as base_url, httpx.AsyncClient(base_url=base_url, trust_env=False) as client:
        yield running(base_url=base_url, settings=settings, client=client, app=app)


# ---------------------------------------------------------------------- SMS provider simulator


@dataclass
class RunningSmsSimulator(_Controlled[SmsSimSettings]):
    """A running SMS simulator and a client for its own `/simulator/` controls."""

    @property
    def send_url(self) -> str:
        """The full URL of the provider's send endpoint."""
        return self.base_url + SEND_PATH

    @property
    def api_key(self) -> str:
        return self.settings.api_key

    @property
    def secret_key(self) -> str:
        return self.settings.secret_key

    @property
    def mo_secret(self) -> str:
        return self.settings.mo_secret

    async def messages(self, *, phone: str | None = None, since: str | None = None) -> list[dict[str, Any]]:
        params = {k: v for k, v in {"phone": phone, "since": since}.items() if v}
        result: list[dict[str, Any]] = await self._call("GET", "/simulator/messages", params=params)
        return result

    async def wait_for_message(
        self,
        *,
        phone: str | None = None,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 5.0,
    ) -> dict[str, Any]:
        """The first accepted message (to `phone`, matching `predicate`), polling until `timeout`."""

        async def probe() -> dict[str, Any] | None:
            found = await self.messages(phone=phone)
            return next((m for m in found if predicate is None or predicate(m)), None)

        result: dict[str, Any] = await eventually(
            probe, timeout=timeout, what=f"an SMS to {phone or 'anyone'}"
        )
        return result

    async def set_fault(
        self,
        mode: str,
        *,
        phones: list[str] | None = None,
        count: int | None = None,
        delay: float | None = None,
        send_status: int | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"mode": mode, "phones": phones, "count": count, "delay": delay}
        if send_status is not None:
            body["send_status"] = send_status
        result: dict[str, Any] = await self._call("POST", "/simulator/faults", json=body)
        return result

    async def clear_faults(self) -> None:
        await self._call("DELETE", "/simulator/faults")

    async def clear_messages(self) -> None:
        await self._call("DELETE", "/simulator/messages")

    async def send_inbound(
        self, sender: str, to: str, text: str, *, webhook_url: str | None = None
    ) -> httpx.Response:
        """A phone texts the short code `to`; the simulator forwards it to the MO webhook."""
        body: dict[str, Any] = {"from": sender, "to": to, "text": text}
        if webhook_url:
            body["webhook_url"] = webhook_url
        return await self.client.post("/simulator/inbound", json=body)


@asynccontextmanager
async def run_sms_simulator(
    settings: SmsSimSettings | None = None, **overrides: Any
) -> AsyncIterator[RunningSmsSimulator]:
    """An SMS simulator on a free port. Defaults suit tests: development keys, DLR after 20 ms,
    callback retries 50 ms apart; `overrides` are `SmsSimSettings` fields (e.g. `mo_webhook_url`)."""
    base = settings or SmsSimSettings(dlr_delay=0.02, dlr_retry_interval=0.05, callback_timeout=2.0)
    base = replace(base, **overrides)
    async with _run(RunningSmsSimulator, create_sms_app, base) as running:
        yield running


# ---------------------------------------------------------------------- national hub simulator


@dataclass
class RunningNationalHub(_Controlled[NationalHubSimSettings]):
    """A running national hub simulator and a client for its own `/simulator/` controls."""

    @property
    def token_url(self) -> str:
        return self.base_url + TOKEN_PATH

    @property
    def records_url(self) -> str:
        return self.base_url + RECORDS_PATH

    @property
    def progress_url(self) -> str:
        return self.base_url + PROGRESS_PATH

    @property
    def client_id(self) -> str:
        return self.settings.client_id

    @property
    def client_secret(self) -> str:
        return self.settings.client_secret

    async def _get(self, url: str, **params: Any) -> Any:
        return await self._call("GET", url, params={k: v for k, v in params.items() if v is not None})

    async def records(self, *, agency: str | None = None, status: int | None = None) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = await self._get("/simulator/records", agency=agency, status=status)
        return result

    async def record(self, code: str) -> dict[str, Any] | None:
        """One dossier with its history and progress, or None when the hub does not know it."""
        response = await self.client.get(f"/simulator/records/{code}")
        if response.status_code == 404:
            return None
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    async def calls(self, *, path: str | None = None, code: str | None = None) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = await self._get("/simulator/calls", path=path, code=code)
        return result

    async def wait_for_record(
        self, code: str, *, status: int | None = None, timeout: float = 10.0
    ) -> dict[str, Any]:
        """The dossier once the hub holds it (with `TrangThaiHoSo` = `status` when given)."""

        async def probe() -> dict[str, Any] | None:
            found = await self.record(code)
            if found is None or (status is not None and str(found["TrangThaiHoSo"]) != str(status)):
                return None
            return found

        result: dict[str, Any] = await eventually(probe, timeout=timeout, what=f"record {code} at the hub")
        return result

    async def set_fault(
        self,
        mode: str,
        *,
        count: int | None = None,
        seconds: float | None = None,
        delay: float | None = None,
    ) -> dict[str, Any]:
        body = {"mode": mode, "count": count, "seconds": seconds, "delay": delay}
        result: dict[str, Any] = await self._call("POST", "/simulator/faults", json=body)
        return result

    async def clear_faults(self) -> None:
        await self._call("DELETE", "/simulator/faults")

    async def clear_records(self) -> None:
        await self._call("DELETE", "/simulator/records")

    async def declare_agencies(self, *codes: str) -> None:
        await self._call("POST", "/simulator/agencies", json={"codes": list(codes)})

    async def open_agencies(self) -> None:
        await self._call("DELETE", "/simulator/agencies")

    async def revoke_tokens(self) -> None:
        await self._call("POST", "/simulator/tokens/revoke")


@asynccontextmanager
async def run_national_hub(
    settings: NationalHubSimSettings | None = None, **overrides: Any
) -> AsyncIterator[RunningNationalHub]:
    """A national hub simulator on a free port; `overrides` are `NationalHubSimSettings` fields."""
    base = replace(settings or NationalHubSimSettings(), **overrides)
    async with _run(RunningNationalHub, create_national_hub_app, base) as running:
        yield running


# ---------------------------------------------------------------------- mail sink


@dataclass
class RunningMailSink:
    """A running mail sink: SMTP at `smtp_host:smtp_port`, HTTP API at `base_url`, and `sink` itself."""

    base_url: str
    sink: MailSink
    settings: MailSinkSettings = field(repr=False)

    @property
    def smtp_host(self) -> str:
        return self.sink.host

    @property
    def smtp_port(self) -> int:
        return self.sink.port


@asynccontextmanager
async def run_mailsink(
    *,
    username: str | None = None,
    password: str = "",
    directory: Path | None = None,
    max_messages: int = 1000,
) -> AsyncIterator[RunningMailSink]:
    """The whole mail sink (SMTP and HTTP API) on free ports in this loop.

    Only SMTP needed? `async with MailSink() as sink:` is lighter.
    """
    settings = MailSinkSettings(
        smtp_port=0,
        username=username,
        password=password,
        directory=directory,
        max_messages=max_messages,
    )
    app = create_mailsink_app(settings)
    async with serve_app(app) as base_url:
        yield RunningMailSink(base_url=base_url, sink=app.state.sink, settings=settings)


# ---------------------------------------------------------------------- VNPay gateway simulator


@dataclass
class RunningVnpaySimulator(_Controlled[VnpaySimSettings]):
    """A running VNPay simulator and a client for its own `/simulator/` controls."""

    @property
    def pay_url(self) -> str:
        return self.base_url + PAY_PATH

    @property
    def api_url(self) -> str:
        return self.base_url + API_PATH

    @property
    def report_url(self) -> str:
        return self.base_url + REPORT_PATH

    @property
    def tmn_code(self) -> str:
        return self.settings.tmn_code

    @property
    def hash_secret(self) -> str:
        return self.settings.hash_secret

    async def transaction(self, txn_ref: str) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("GET", f"/simulator/transactions/{txn_ref}")
        return result

    async def wait_for_ipn(self, txn_ref: str, *, count: int = 1, timeout: float = 10.0) -> dict[str, Any]:
        """The payment once `count` IPN calls have been answered (or have failed)."""

        async def probe() -> dict[str, Any] | None:
            txn = await self.transaction(txn_ref)
            return txn if len(txn["ipn_attempts"]) >= count else None

        result: dict[str, Any] = await eventually(probe, timeout=timeout, what=f"IPN of {txn_ref}")
        return result

    async def resend_ipn(self, txn_ref: str) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("POST", f"/simulator/transactions/{txn_ref}/ipn")
        return result

    async def set_ipn_fault(
        self, mode: str, *, count: int | None = None, delay: float = 0.0, copies: int = 2
    ) -> None:
        body = {"mode": mode, "count": count, "delay": delay, "copies": copies}
        await self._call("POST", "/simulator/ipn-fault", json=body)

    async def clear_ipn_fault(self) -> None:
        await self._call("DELETE", "/simulator/ipn-fault")

    async def adjust_report(self, day: str, kind: str, txn_ref: str, amount: int | None = None) -> None:
        body = {"date": day, "kind": kind, "txn_ref": txn_ref, "amount": amount}
        await self._call("POST", "/simulator/report-adjustments", json=body)


@asynccontextmanager
async def run_vnpay_simulator(
    settings: VnpaySimSettings | None = None, **overrides: Any
) -> AsyncIterator[RunningVnpaySimulator]:
    """A VNPay simulator on a free port. Defaults suit tests: development merchant, IPN retries 50 ms
    apart; `overrides` are `VnpaySimSettings` fields (e.g. `ipn_url`)."""
    base = settings or VnpaySimSettings(ipn_retry_interval=0.05, ipn_timeout=5.0)
    base = replace(base, **overrides)
    async with _run(RunningVnpaySimulator, create_vnpay_app, base) as running:
        yield running
