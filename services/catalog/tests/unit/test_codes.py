"""R-FMT-1 agency and field codes, R-FMT-3 procedure codes."""

from __future__ import annotations

import pytest

from catalog.codes import (
    agency_depth,
    field_ministry_unit,
    is_agency_code,
    is_descendant_code,
    is_field_code,
    is_procedure_code,
    level_one_unit,
)


@pytest.mark.parametrize("code", ["000.00.00.G12", "000.00.18.G12", "000.00.00.H49", "001.02.03.K01"])
def test_r_fmt_1_agency_codes_in_qcvn_102_format_are_accepted(code: str) -> None:
    assert is_agency_code(code)


@pytest.mark.parametrize(
    "code",
    ["000.00.00.X12", "00.00.00.G12", "000.00.00.G1", "000-00-00-G12", "000.00.00.g12", " 000.00.00.G12", ""],
)
def test_r_fmt_1_malformed_agency_codes_are_refused(code: str) -> None:
    assert not is_agency_code(code)


def test_r_fmt_1_the_level_one_unit_is_last_and_lower_levels_prepend_their_numbers() -> None:
    assert level_one_unit("000.00.18.G12") == "G12"
    assert agency_depth("000.00.00.G12") == 1
    assert agency_depth("000.00.18.G12") == 2
    assert agency_depth("000.01.31.H49") == 3
    assert agency_depth("002.01.31.H49") == 4


def test_r_fmt_1_a_unit_sits_below_its_parent_when_it_keeps_the_parents_segments() -> None:
    assert is_descendant_code("000.00.18.G12", "000.00.00.G12")  # tax department of the Ministry of Finance
    assert is_descendant_code("000.01.31.H49", "000.00.31.H49")  # a ward of a city of Quảng Ninh
    assert is_descendant_code("000.01.31.H49", "000.00.00.H49")
    assert not is_descendant_code("000.00.18.G12", "000.00.00.H49")  # another level-1 unit
    assert not is_descendant_code("000.01.32.H49", "000.00.31.H49")  # another city's ward
    assert not is_descendant_code("000.00.00.G12", "000.00.00.G12")  # not below itself
    assert not is_descendant_code("000.00.31.H49", "000.01.31.H49")  # upwards


@pytest.mark.parametrize("code", ["1.005129", "2.000635", "2.000815.000.00.00.H55"])
def test_r_fmt_3_procedure_codes_with_an_optional_local_agency_suffix(code: str) -> None:
    assert is_procedure_code(code)


@pytest.mark.parametrize("code", ["1.00512", "12.005129", "1.005129.000.00.00", "1.005129.H55", "1005129"])
def test_r_fmt_3_malformed_procedure_codes_are_refused(code: str) -> None:
    assert not is_procedure_code(code)


def test_r_fmt_1_field_codes_name_their_ministry() -> None:
    assert is_field_code("G03-GD10")
    assert field_ministry_unit("G03-GD10") == "G03"
    for bad in ("G03GD10", "X03-GD10", "G3-GD10", "G03-10", "g03-gd10"):
        assert not is_field_code(bad)
