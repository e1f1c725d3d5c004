"""Fixtures: a real HTTP receiver (the platform's side of callbacks and webhooks) and the simulators."""

from __future__ import annotations

import sys

# pytest's importlib mode names the modules of this directory "simulators.tests.*" and registers the
# directory simulators/ as a namespace package "simulators", hiding the real one in src/: put it back.
if getattr(sys.modules.get("simulators"), "__file__", None) is None:
    _tests_module = sys.modules.get("simulators.tests")
    sys.modules.pop("simulators", None)
    import simulators

    if _tests_module is not None:
        simulators.tests = _tests_module  # type: ignore[attr-defined]

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from simulators.testing import (
    RunningMailSink,
    RunningNationalHub,
    RunningSmsSimulator,
    run_mailsink,
    run_national_hub,
    run_sms_simulator,
    serve_app,
)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """What the receiver got; `fail_next` makes it answer 500 that many times first."""

    base_url: str = ""
    calls: list[Received] = field(default_factory=list)
    fail_next: int = 0
    reply: dict[str, Any] = field(default_factory=lambda: {"reply": "Đã nhận"})

    def on(self, path: str) -> list[Received]:
        return [c for c in self.calls if c.path == path]


@pytest.fixture(scope="session")
async def _receiver() -> AsyncIterator[Receiver]:
    state = Receiver()
    app = FastAPI()

    @app.post("/{path:path}")
    async def record(path: str, request: Request) -> Response:
        state.calls.append(Received("/" + path, dict(request.headers), await request.body()))
        if state.fail_next > 0:
            state.fail_next -= 1
            return Response("boom", status_code=500)
        return JSONResponse(state.reply)

    async with serve_app(app) as base_url:
        state.base_url = base_url
        yield state


@pytest.fixture(scope="session")
async def _sms(_receiver: Receiver) -> AsyncIterator[RunningSmsSimulator]:
    async with run_sms_simulator(
        mo_webhook_url=_receiver.base_url + "/v1/sms/inbound", mo_secret="test-mo"
    ) as sim:
        yield sim


@pytest.fixture(scope="session")
async def _mail() -> AsyncIterator[RunningMailSink]:
    async with run_mailsink() as sink:
        yield sink


@pytest.fixture(scope="session")
async def _hub() -> AsyncIterator[RunningNationalHub]:
    async with run_national_hub(timeout_fault_delay=2.0) as hub:
        yield hub


# The servers live for the session (starting and stopping them is most of a test's time); each
# test gets them emptied and without faults.


@pytest.fixture
def receiver(_receiver: Receiver) -> Receiver:
    _receiver.calls.clear()
    _receiver.fail_next = 0
    return _receiver


@pytest.fixture
async def sms(_sms: RunningSmsSimulator, receiver: Receiver) -> RunningSmsSimulator:
    await _sms.clear_faults()
    await _sms.clear_messages()
    return _sms


@pytest.fixture
async def mail(_mail: RunningMailSink) -> RunningMailSink:
    await _mail.sink.reset()
    return _mail


@pytest.fixture
async def hub(_hub: RunningNationalHub) -> RunningNationalHub:
    await _hub.clear_faults()
    await _hub.clear_records()
    await _hub.open_agencies()
    return _hub
