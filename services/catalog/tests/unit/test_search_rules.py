"""Turning what users type into a query: diacritics, case, prefixes, codes."""

from __future__ import annotations

from catalog.search.rules import document, parse_query


def test_typed_words_are_folded_and_all_required_the_last_as_a_prefix() -> None:
    query = parse_query("Giấy  PHÉP")
    assert query is not None
    assert query.words == ("giay", "phep")
    assert query.tsquery == "giay & phep:*"
    assert query.code is None


def test_with_or_without_diacritics_the_query_is_the_same() -> None:
    a, b = parse_query("đăng ký hộ kinh doanh"), parse_query("dang ky ho kinh doanh")
    assert a is not None and b is not None and a.tsquery == b.tsquery == "dang & ky & ho & kinh & doanh:*"


def test_a_typed_procedure_code_is_recognised_and_matches_the_indexed_digit_groups() -> None:
    query = parse_query(" 1.001193 ")
    assert query is not None and query.code == "1.001193" and query.tsquery == "1 & 001193:*"
    _, body = document(name="Đăng ký khai sinh", code="1.001193")
    assert "1 001193" in body


def test_nothing_searchable_gives_no_query_and_operators_cannot_be_injected() -> None:
    assert parse_query(" ,.;!") is None
    query = parse_query("a & b | !c :* (d)")
    assert query is not None and query.tsquery == "a & b & c & d:*"


def test_the_document_keeps_the_name_apart_from_the_other_words() -> None:
    name, body = document(
        name="Cấp Giấy phép xây dựng",
        code="1.009994",
        keywords=["GPXD"],
        subjects=["Hộ gia đình"],
        results=["Giấy phép"],
    )
    assert name == "cap giay phep xay dung"
    assert body == "1 009994 gpxd ho gia dinh giay phep"
