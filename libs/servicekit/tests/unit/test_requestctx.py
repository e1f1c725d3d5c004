"""Request ids and W3C trace context that logs, outgoing calls and events carry."""

from __future__ import annotations

import re

import pytest

from servicekit.requestctx import (
    child_traceparent,
    new_request_id,
    parse_traceparent,
    trace_id,
    valid_request_id,
)

VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_new_request_ids_are_unique_hex() -> None:
    ids = {new_request_id() for _ in range(100)}
    assert len(ids) == 100
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)


@pytest.mark.parametrize("value", ["abc", "gw-1.2:3_4", "x" * 128])
def test_short_plain_request_ids_are_accepted(value: str) -> None:
    assert valid_request_id(value) == value


@pytest.mark.parametrize(
    "value", [None, "", "x" * 129, "a\nb", "a\r\nSet-Cookie: x", "tên-tiếng-việt", "a b", '"quoted"']
)
def test_request_ids_that_could_forge_logs_or_headers_are_refused(value: str | None) -> None:
    assert valid_request_id(value) is None


def test_parse_traceparent_reads_trace_parent_and_flags() -> None:
    assert parse_traceparent(VALID) == ("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "01")
    assert parse_traceparent(VALID.upper()) == parse_traceparent(VALID)
    assert trace_id(VALID) == "4bf92f3577b34da6a3ce929d0e0e4736"


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "garbage",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",  # no flags
        f"00-{'0' * 32}-00f067aa0ba902b7-01",  # all-zero trace id
        f"00-4bf92f3577b34da6a3ce929d0e0e4736-{'0' * 16}-01",  # all-zero parent id
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",  # short trace id
    ],
)
def test_invalid_traceparents_are_ignored(value: str | None) -> None:
    assert parse_traceparent(value) is None
    assert trace_id(value) is None


def test_child_traceparent_keeps_the_trace_and_flags_with_a_new_span() -> None:
    child = parse_traceparent(child_traceparent(VALID))
    assert child is not None
    assert child[0] == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert child[1] != "00f067aa0ba902b7"
    assert child[2] == "01"


def test_child_of_nothing_starts_a_new_sampled_trace() -> None:
    first, second = parse_traceparent(child_traceparent(None)), parse_traceparent(child_traceparent("bad"))
    assert first is not None and second is not None
    assert first[0] != second[0]
    assert first[2] == "01"
