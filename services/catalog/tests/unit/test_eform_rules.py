"""R-CAT-4: e-forms are valid JSON Schema 2020-12, validate Vietnamese formats, explain each field."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from catalog.eforms import formats
from catalog.eforms.rules import definition_problems, property_paths, schema_problems, validate
from servicekit.i18n import current_language
from services.catalog.tests.service.support import PERSON_SCHEMA

VALID: dict[str, Any] = {"ho_ten": "Nguyễn Văn An", "so_dinh_danh": "001090012345", "ngay_sinh": "1990-05-17"}


@pytest.mark.parametrize(
    ("value", "ok"), [("001090012345", True), ("00109001234", False), ("00109001234a", False)]
)
def test_a_personal_id_is_exactly_12_digits(value: str, ok: bool) -> None:
    assert formats.is_personal_id(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [("0101234567", True), ("0101234567001", True), ("0101234567-001", True), ("010123456", False)],
)
def test_a_tax_code_is_10_or_13_digits(value: str, ok: bool) -> None:
    assert formats.is_tax_code(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("0912345678", True),
        ("+84912345678", True),
        ("0912 345 678", True),
        ("02033835648", True),
        ("0112345678", False),
        ("091234567", False),
    ],
)
def test_vietnamese_phone_numbers_mobile_and_landline(value: str, ok: bool) -> None:
    assert formats.is_phone(value) is ok


def test_a_well_formed_object_schema_passes_and_a_malformed_one_says_where() -> None:
    assert schema_problems(PERSON_SCHEMA) == []
    bad = copy.deepcopy(PERSON_SCHEMA)
    bad["properties"]["ho_ten"]["type"] = "chuoi"
    ((field, problem, _),) = schema_problems(bad)
    assert (field, problem) == ("json_schema.properties.ho_ten.type", "schema_invalid")
    assert schema_problems({"type": "array", "items": {}})[0][1] == "schema_not_object"
    assert (
        schema_problems({**PERSON_SCHEMA, "$schema": "http://json-schema.org/draft-07/schema#"})[0][1]
        == "schema_dialect"
    )


def test_guidance_prefill_and_lists_must_name_fields_of_the_form_and_known_sources() -> None:
    assert "cha.ho_ten" in dict(property_paths(PERSON_SCHEMA))
    problems = definition_problems(
        PERSON_SCHEMA,
        guidance={"ho_ten": "…", "khong_co": "…"},
        prefill={
            "ho_ten": {"source": "profile", "field": "shoe_size"},
            "tinh": {"source": "earlier_dossier", "field": "a.b"},
        },
        enum_sources={"tinh": "planets"},
    )
    assert [(f, p) for f, p, _ in problems] == [
        ("guidance.khong_co", "unknown_property"),
        ("prefill.ho_ten.field", "unknown_prefill_field"),
        ("enum_sources.tinh", "unknown_enum_source"),
    ]


def test_entered_data_is_checked_field_by_field_with_vietnamese_messages() -> None:
    assert validate(PERSON_SCHEMA, VALID) == []
    data = {
        "ho_ten": "A",
        "so_dinh_danh": "12345",
        "ngay_sinh": "17/05/1990",
        "ma_so_thue": "123",
        "dien_thoai": "12",
    }
    errors = {e["field"]: e for e in validate(PERSON_SCHEMA, data)}
    assert errors["so_dinh_danh"]["message"] == "Số định danh cá nhân gồm đúng 12 chữ số."
    assert errors["ngay_sinh"]["code"] == "format:date"
    assert errors["ma_so_thue"]["message"] == "Mã số thuế gồm 10 hoặc 13 chữ số."
    assert errors["dien_thoai"]["code"] == "format:vn-phone"
    assert errors["ho_ten"]["code"] == "minLength"
    missing = validate(PERSON_SCHEMA, {"ho_ten": "Nguyễn Văn An"})
    assert {e["field"] for e in missing} == {"so_dinh_danh", "ngay_sinh"}
    assert {e["code"] for e in missing} == {"required"}


def test_messages_follow_the_requested_language() -> None:
    token = current_language.set("en")
    try:
        (error,) = validate(PERSON_SCHEMA, {**VALID, "so_dinh_danh": "1"})
    finally:
        current_language.reset(token)
    assert error["message"] == "A personal id is exactly 12 digits."
