"""The service clock: legal dates are Vietnamese dates, and a manual clock moves only when told."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi import FastAPI
from starlette.requests import Request

from servicekit.clock import ManualClock, SystemClock, clock_of, local_today
from servicekit.http import client_address


def test_local_today_is_the_date_in_vietnam() -> None:
    # 18:30 UTC on 28 April is already 29 April in Hà Nội (UTC+7).
    clock = ManualClock(datetime(2026, 4, 28, 18, 30, tzinfo=UTC))
    assert local_today(clock) == date(2026, 4, 29)
    clock.advance(timedelta(days=1))
    assert local_today(clock) == date(2026, 4, 30)
    clock.set(datetime(2026, 5, 1, 1, 0, tzinfo=UTC))
    assert clock.now() == datetime(2026, 5, 1, 1, 0, tzinfo=UTC)


def test_manual_clock_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="aware"):
        ManualClock(datetime(2026, 4, 29, 9, 0))


def _request(app: FastAPI, *, peer: str = "127.0.0.1", forwarded: str | None = None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "app": app, "headers": headers, "client": (peer, 5000)})


def test_clock_of_reads_the_app_clock_or_the_system_one() -> None:
    app = FastAPI()
    assert isinstance(clock_of(_request(app)), SystemClock)
    app.state.clock = ManualClock(datetime(2026, 4, 29, 3, 0, tzinfo=UTC))
    assert clock_of(_request(app)) is app.state.clock


def test_client_address_trusts_only_the_hop_the_local_gateway_appended() -> None:
    app = FastAPI()
    # The client claimed 10.0.0.1; the gateway appended the address it saw.
    assert client_address(_request(app, forwarded="10.0.0.1, 203.0.113.7")) == "203.0.113.7"
    # A direct caller cannot choose its address by sending the header.
    assert client_address(_request(app, peer="198.51.100.2", forwarded="203.0.113.7")) == "198.51.100.2"
    # Behind a load balancer the gateway's pods are a network.
    pods = ["10.42.0.0/16"]
    assert (
        client_address(_request(app, peer="10.42.7.9", forwarded="203.0.113.8"), trusted_proxies=pods)
        == "203.0.113.8"
    )
    assert (
        client_address(_request(app, peer="10.43.0.1", forwarded="203.0.113.8"), trusted_proxies=pods)
        == "10.43.0.1"
    )
    assert (
        client_address(
            _request(app, peer="10.1.2.3", forwarded="203.0.113.7"), trusted_proxies=frozenset({"10.1.2.3"})
        )
        == "203.0.113.7"
    )
