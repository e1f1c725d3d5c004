"""Retries back off exponentially up to a ceiling and stop after a number of attempts or an age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from notify.delivery.backoff import RetryPolicy

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_delays_double_from_the_base_up_to_the_ceiling() -> None:
    policy = RetryPolicy(base_seconds=30, max_delay_seconds=600, jitter=0)
    assert [policy.delay(n) for n in range(1, 8)] == [30, 60, 120, 240, 480, 600, 600]


def test_jitter_spreads_a_delay_within_its_band_and_never_past_the_ceiling() -> None:
    policy = RetryPolicy(base_seconds=100, max_delay_seconds=1000, jitter=0.1)
    assert policy.delay(1, spread=0.0) == pytest.approx(90)
    assert policy.delay(1, spread=1.0) == pytest.approx(110)
    assert policy.delay(1, spread=0.5) == 100
    assert policy.delay(10, spread=1.0) == 1000


def test_the_next_attempt_is_scheduled_after_the_delay() -> None:
    policy = RetryPolicy(base_seconds=30, jitter=0)
    assert policy.next_attempt_at(attempts=2, created_at=NOW, now=NOW) == NOW + timedelta(seconds=60)


def test_retries_stop_after_the_last_attempt() -> None:
    policy = RetryPolicy(max_attempts=5, jitter=0)
    assert policy.next_attempt_at(attempts=4, created_at=NOW, now=NOW) is not None
    assert policy.next_attempt_at(attempts=5, created_at=NOW, now=NOW) is None


def test_retries_stop_when_the_message_is_too_old_to_matter() -> None:
    policy = RetryPolicy(max_attempts=100, max_age_seconds=3600)
    later = NOW + timedelta(hours=1)
    assert policy.next_attempt_at(attempts=1, created_at=NOW, now=later) is None
    assert policy.gives_up(attempts=1, created_at=NOW, now=later - timedelta(seconds=1)) is False
