"""R-FMT-3: a local service appends its own agency's code to the national procedure code."""

from __future__ import annotations

from catalog.procedures.service import local_agency
from catalog.search.repository import Filters


def test_the_local_suffix_names_the_agency_running_the_procedure() -> None:
    assert local_agency("2.000815.000.00.00.H55") == "000.00.00.H55"
    assert local_agency("1.001193") is None


def test_only_the_filters_given_shape_the_search_statement() -> None:
    assert Filters().present() == {}
    assert Filters(level=0, field_code="G09-TP05").present() == {"level": 0, "field_code": "G09-TP05"}
