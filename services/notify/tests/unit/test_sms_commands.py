"""R-LOOK-2: "TRACUU <dossier code>" is understood however a citizen types it; anything else gets help."""

from __future__ import annotations

import pytest

from notify.sms.commands import Help, Lookup, fold, parse

CODE = "000.00.00.G12-261123-0007"


@pytest.mark.parametrize(
    "text",
    [
        f"TRACUU {CODE}",
        f"tracuu {CODE.lower()}",
        f"Tra cứu   {CODE}  ",
        f"TRA CUU: {CODE}",
        f"TRACỨU {CODE}.",
        f"\ttracuu\n{CODE} xin cảm ơn",
        f"TRACUU{CODE}",
    ],
)
def test_the_lookup_command_is_read_whatever_the_case_diacritics_and_spacing(text: str) -> None:
    assert parse(text) == Lookup(CODE)


@pytest.mark.parametrize("text", ["", "Xin chào", "TRACUU", "TRACUU ???", "KIEMTRA " + CODE, "TRA " + CODE])
def test_anything_else_is_answered_with_help(text: str) -> None:
    assert parse(text) == Help()


def test_folding_removes_diacritics_including_d_with_stroke() -> None:
    assert fold("  Đăng ký   tra cứu  ") == "DANG KY TRA CUU"
