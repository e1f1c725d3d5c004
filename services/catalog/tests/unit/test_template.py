"""R-CAT-2 level 2: a printable form generated from the e-form, fields in order, guidance included."""

from __future__ import annotations

from catalog.eforms.template import FormHeading, lines, render_html, render_text
from services.catalog.tests.service.support import PERSON_SCHEMA

HEADING = FormHeading(
    "Tờ khai đăng ký khai sinh", "Đăng ký khai sinh", "1.001193", 1, "UBND phường <Hồng Gai>"
)


def test_the_printable_form_lists_every_field_with_boxes_choices_and_guidance() -> None:
    body = lines(PERSON_SCHEMA, {"so_dinh_danh": "Ghi 12 chữ số."})
    text = render_text(HEADING, body)
    assert text.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "Số định danh cá nhân (*): " + "□" * 12 in text
    assert "Hướng dẫn: Ghi 12 chữ số." in text
    assert "Giới tính: ☐ Nam   ☐ Nữ" in text
    assert "Thông tin người cha:" in text and "    Họ tên cha:" in text
    assert "(Ký, ghi rõ họ tên)" in text


def test_the_html_form_escapes_what_it_prints() -> None:
    html = render_html(HEADING, lines(PERSON_SCHEMA, {}))
    assert "UBND phường &lt;Hồng Gai&gt;" in html and "<Hồng Gai>" not in html
    assert html.startswith("<!doctype html>") and 'lang="vi"' in html
