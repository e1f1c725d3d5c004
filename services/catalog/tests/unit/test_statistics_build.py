"""R-STAT-6 figures from counts: rates in percent with one decimal, none when nothing was counted."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from catalog.statistics.service import build


def row(**values: int) -> SimpleNamespace:
    names = [f"{m}_{c}" for m in ("submitted", "received") for c in ("total", "online", "desk", "postal")]
    names += ["resolved_total", "resolved_online", "resolved_on_time", "resolved_late"]
    names += ["returned", "refused", "withdrawn", "stopped"]
    return SimpleNamespace(**(dict.fromkeys(names, 0) | values))


def test_on_time_and_online_rates() -> None:
    figures = build(
        row(received_total=3, received_online=2, resolved_total=3, resolved_on_time=2, resolved_late=1),
        scope="procedure",
        code="1.001193",
        name=None,
        year=2026,
        end=date(2026, 3, 1),
    )
    assert figures.on_time_rate == 66.7 and figures.online_rate == 66.7
    assert figures.period_start == date(2026, 1, 1)


def test_no_dossiers_no_rates() -> None:
    figures = build(row(), scope="agency", code="000.00.00.H49", name="X", year=2026, end=date(2026, 3, 1))
    assert figures.on_time_rate is None and figures.online_rate is None and figures.satisfaction is None
