"""Vietnamese folding for search: diacritics and case ignored, đ read as d."""

from __future__ import annotations

from catalog.folding import fold, words


def test_diacritics_and_case_are_folded_away() -> None:
    assert fold("Giấy phép") == "giay phep"
    assert fold("GIẤY PHÉP XÂY DỰNG") == "giay phep xay dung"
    assert fold("Cấp lại Sổ bảo hiểm xã hội") == "cap lai so bao hiem xa hoi"


def test_d_with_stroke_is_read_as_d_in_both_cases() -> None:
    assert fold("Đăng ký hộ kinh doanh") == "dang ky ho kinh doanh"
    assert fold("đất đai") == "dat dai"


def test_composed_and_decomposed_input_fold_the_same() -> None:
    import unicodedata

    text = "Chứng thực bản sao"
    assert (
        fold(unicodedata.normalize("NFD", text))
        == fold(unicodedata.normalize("NFC", text))
        == "chung thuc ban sao"
    )


def test_punctuation_separates_words_and_codes_split_into_digit_groups() -> None:
    assert words("Hộ tịch, quốc tịch; (chứng thực)") == ["ho", "tich", "quoc", "tich", "chung", "thuc"]
    assert fold("1.001193") == "1 001193"
    assert fold("  ") == ""
