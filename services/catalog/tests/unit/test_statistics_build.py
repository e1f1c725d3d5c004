"""R-STAT-6 figures from counts: rates in percent with one decimal, none when nothing was counted;
pending split into within the deadline and overdue; R-FB-5 satisfaction rate from the overall levels."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

from catalog.statistics.period import Period
from catalog.statistics.repository import measures
from catalog.statistics.schemas import Scope
from catalog.statistics.service import build

PERIOD = Period(start=date(2026, 1, 1), end=date(2026, 3, 1), now=datetime(2026, 3, 1, 3, 0, tzinfo=UTC))


def row(**values: int) -> SimpleNamespace:
    names = [m.name for m in measures()]
    return SimpleNamespace(**(dict.fromkeys(names, 0) | values))


def test_on_time_and_online_rates() -> None:
    figures = build(
        row(received_total=3, received_online=2, resolved_total=3, resolved_on_time=2, resolved_late=1),
        scope=Scope.PROCEDURE,
        code="1.001193",
        name=None,
        period=PERIOD,
    )
    assert figures.on_time_rate == 66.7 and figures.online_rate == 66.7
    assert figures.period_start == date(2026, 1, 1) and figures.year_to_date is True


def test_no_dossiers_no_rates() -> None:
    figures = build(row(), scope=Scope.AGENCY, code="000.00.00.H49", name="X", period=PERIOD)
    assert figures.on_time_rate is None and figures.online_rate is None
    assert figures.satisfaction.ratings == 0 and figures.satisfaction.satisfied_rate is None


def test_pending_is_split_at_the_snapshot() -> None:
    figures = build(
        row(pending_total=5, pending_overdue=2), scope=Scope.PORTAL, code=None, name=None, period=PERIOD
    )
    assert (figures.pending.total, figures.pending.within_deadline, figures.pending.overdue) == (5, 3, 2)
    assert figures.pending.at == PERIOD.now


def test_r_fb_5_satisfied_rate_counts_very_satisfied_and_satisfied() -> None:
    figures = build(
        row(
            rated=8,
            overall_very_satisfied=3,
            overall_satisfied=3,
            overall_unsatisfied=2,
            timeliness_unsatisfied=8,
        ),
        scope=Scope.PORTAL,
        code=None,
        name=None,
        period=PERIOD,
    )
    assert figures.satisfaction.satisfied_rate == 75.0
    assert figures.satisfaction.timeliness.unsatisfied == 8 and figures.satisfaction.overall.satisfied == 3
