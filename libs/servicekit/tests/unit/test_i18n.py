"""Vietnamese by default, English when the caller prefers it (DESIGN §4 errors)."""

from __future__ import annotations

import pytest

from servicekit.i18n import Text, current_language, negotiate_language

RECEIVED = Text("Đã tiếp nhận hồ sơ {code}.", "Dossier {code} received.")


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "vi"),
        ("", "vi"),
        ("vi", "vi"),
        ("vi-VN", "vi"),
        ("en", "en"),
        ("EN-us", "en"),
        ("en;q=0.5, vi", "vi"),
        ("vi;q=0.3, en;q=0.7", "en"),
        ("en, vi", "en"),  # equal q: the first listed wins, as browsers list in order
        ("vi, en", "vi"),
        ("fr, de;q=0.8", "vi"),  # neither offered: the default
        ("fr, en;q=0.1", "en"),  # English beats a language we do not speak
        ("en;q=bogus, vi;q=0.1", "vi"),  # a malformed q counts as 0
        ("*", "vi"),
    ],
)
def test_negotiate_language_by_quality(header: str | None, language: str) -> None:
    assert negotiate_language(header) == language


def test_text_renders_in_the_requested_language_with_parameters() -> None:
    assert RECEIVED.render("vi", code="H01-0001") == "Đã tiếp nhận hồ sơ H01-0001."
    assert RECEIVED.render("en", code="H01-0001") == "Dossier H01-0001 received."


def test_text_follows_the_current_request_language_when_none_is_given() -> None:
    assert RECEIVED.render(code="A") == "Đã tiếp nhận hồ sơ A."
    token = current_language.set("en")
    try:
        assert RECEIVED.render(code="A") == "Dossier A received."
    finally:
        current_language.reset(token)


def test_text_without_parameters_is_returned_verbatim_even_with_braces() -> None:
    assert Text("Dùng {mã} trong mẫu", "Use {code} in templates").render("en") == "Use {code} in templates"
