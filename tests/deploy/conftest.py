"""Fixtures of the deployment tests: the chart loaded once, its default rendering."""

from __future__ import annotations

from collections.abc import Iterator

import helm_python as helm
import pytest

from tests.deploy.chart import CHART_DIR, Manifests, render


@pytest.fixture(scope="session")
def chart() -> Iterator[helm.Chart]:
    with helm.Chart.load(CHART_DIR) as loaded:
        yield loaded


@pytest.fixture(scope="session")
def manifests(chart: helm.Chart) -> Manifests:
    """The chart rendered with its default values."""
    return render(chart)
