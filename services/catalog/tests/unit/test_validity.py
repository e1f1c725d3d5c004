"""R-CAT-5: published versions' validity periods never overlap; a new one ends the open one before it."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.procedures.rules import (
    InvalidPeriod,
    Period,
    ValidityOverlap,
    plan_publication,
    version_in_force,
)

JAN = date(2026, 1, 1)
JUL = date(2026, 7, 1)


def test_a_first_version_fits_anywhere() -> None:
    plan = plan_publication([], Period(1, JAN))
    assert plan.ended is None and plan.superseded == ()


def test_a_later_version_ends_the_open_ended_one_the_day_before_and_supersedes_it() -> None:
    plan = plan_publication([Period(1, JAN)], Period(2, JUL))
    assert plan.ended == Period(1, JAN, date(2026, 6, 30))
    assert plan.superseded == (1,)


def test_a_version_starting_on_or_before_the_current_ones_start_overlaps() -> None:
    with pytest.raises(ValidityOverlap) as caught:
        plan_publication([Period(1, JUL)], Period(2, JUL))
    assert caught.value.version == 1
    with pytest.raises(ValidityOverlap):
        plan_publication([Period(1, JUL)], Period(2, JAN))


def test_an_explicit_end_date_is_never_moved_silently() -> None:
    with pytest.raises(ValidityOverlap):
        plan_publication([Period(1, JAN, date(2026, 12, 31))], Period(2, JUL))
    plan = plan_publication([Period(1, JAN, date(2026, 6, 30))], Period(2, JUL))
    assert plan.ended is None and plan.superseded == (1,)


def test_a_gap_between_versions_is_allowed_and_an_inverted_period_is_not() -> None:
    assert plan_publication([Period(1, JAN, date(2026, 3, 31))], Period(2, JUL)).ended is None
    with pytest.raises(InvalidPeriod):
        plan_publication([], Period(1, JUL, JAN))


def test_the_version_in_force_is_the_one_whose_period_contains_the_day() -> None:
    periods = [Period(1, JAN, date(2026, 6, 30)), Period(2, JUL)]
    assert version_in_force(periods, date(2025, 12, 31)) is None
    assert version_in_force(periods, date(2026, 6, 30)) == 1
    assert version_in_force(periods, JUL) == 2
