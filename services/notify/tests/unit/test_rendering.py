"""Templates are checked when saved (syntax, variables the kind supplies, a sample render) and render
safely: text as text, HTML autoescaped, a missing variable an error rather than a blank."""

from __future__ import annotations

from datetime import date

import pytest

from notify.kinds import KINDS, Channel
from notify.templates.defaults import default_templates
from notify.templates.defaults.lookup import lookup_templates
from notify.templates.defaults.payments import payment_outcome_templates
from notify.templates.errors import TemplateInvalid, TemplateVariableMissing
from notify.templates.rendering import TemplateSource, check, render, text_to_html

RECEIVED = KINDS["dossier.received"]


def email(
    body: str, subject: str | None = "Hồ sơ {{ dossier_code }}", html: str | None = None
) -> TemplateSource:
    return TemplateSource(Channel.EMAIL, subject, body, html)


def test_placeholders_are_the_variables_the_source_uses() -> None:
    assert check(email("Hẹn {{ appointment_date|date }}"), RECEIVED) == ["appointment_date", "dossier_code"]


def test_a_variable_the_kind_does_not_supply_is_refused_with_its_name() -> None:
    with pytest.raises(TemplateInvalid) as caught:
        check(email("{{ citizen_id }} {{ appointment_date }}"), RECEIVED)
    (error,) = caught.value.errors
    assert error["field"] == "body_text" and error["code"] == "unknown_variable"
    assert "citizen_id" in error["message"] and "appointment_date" not in error["message"].split(".")[0]


def test_a_syntax_error_is_refused_with_its_line() -> None:
    with pytest.raises(TemplateInvalid) as caught:
        check(email("dòng 1\n{% if %}"), RECEIVED)
    assert caught.value.errors[0]["code"] == "syntax_error" and "2" in caught.value.errors[0]["message"]


def test_a_filter_misused_on_the_sample_data_is_refused_before_any_message_uses_it() -> None:
    with pytest.raises(TemplateInvalid) as caught:
        check(email("{{ dossier_code|vnd }}"), RECEIVED)
    assert caught.value.errors[0]["code"] == "sample_render_failed"


def test_the_shape_of_each_channel() -> None:
    with pytest.raises(TemplateInvalid) as sms:
        check(TemplateSource(Channel.SMS, "Tiêu đề", "{{ dossier_code }}"), RECEIVED)
    assert sms.value.errors[0]["code"] == "subject_not_allowed"
    with pytest.raises(TemplateInvalid) as in_app:
        check(TemplateSource(Channel.IN_APP, None, "x", "<p>x</p>"), RECEIVED)
    assert {e["code"] for e in in_app.value.errors} == {"subject_required", "html_not_allowed"}


def test_the_sandbox_refuses_reaching_into_python_internals() -> None:
    with pytest.raises(TemplateInvalid):
        check(email("{{ dossier_code.__class__.__mro__ }}"), RECEIVED)


def test_a_missing_variable_is_an_error_never_a_blank() -> None:
    with pytest.raises(TemplateVariableMissing) as caught:
        render(email("Hẹn {{ appointment_date|date }}"), {"dossier_code": "X"})
    assert caught.value.params == {"variable": "appointment_date"}


def test_event_data_is_escaped_in_html_and_left_as_is_in_text() -> None:
    hostile = "<script>alert(1)</script>"
    derived = render(email("Mã: {{ dossier_code }}"), {"dossier_code": hostile})
    assert derived.body_text == f"Mã: {hostile}"
    assert derived.body_html is not None and "<script>" not in derived.body_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in derived.body_html
    written = render(email("x", html="<p>{{ dossier_code }}</p>"), {"dossier_code": hostile})
    assert written.body_html is not None and "<p>&lt;script&gt;" in written.body_html


def test_the_subject_is_one_line_whatever_the_data() -> None:
    rendered = render(email("x", subject="Hồ sơ {{ dossier_code }}"), {"dossier_code": "A\r\nBcc: x@y.z"})
    assert rendered.subject == "Hồ sơ A Bcc: x@y.z"


def test_plain_text_becomes_paragraphs_and_lists() -> None:
    html = text_to_html("Đoạn 1\ndòng 2\n\n- mục <1>\n- mục 2")
    assert html == "<p>Đoạn 1<br>\ndòng 2</p>\n<ul><li>mục &lt;1&gt;</li><li>mục 2</li></ul>"


def test_every_default_template_is_valid_and_renders_its_sample() -> None:
    defaults = [*default_templates(), *lookup_templates(), *payment_outcome_templates()]
    # Every notice kind × email, in-app, SMS × vi, en; the lookup reply is SMS only.
    assert len(defaults) == (len(KINDS) - 1) * 3 * 2 + 2
    for default in defaults:
        kind = KINDS[default.code]
        source = TemplateSource(default.channel, default.subject, default.body_text)
        check(source, kind)
        rendered = render(source, kind.sample_variables(), language=default.language)
        assert rendered.body_text and "{{" not in rendered.body_text


def test_every_kind_has_a_sample_for_each_of_its_variables() -> None:
    for kind in KINDS.values():
        assert set(kind.sample_variables()) == set(kind.allowed_variables), kind.code


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("found", "Hồ sơ 000.00.00.G12-261123-0007: Đang giải quyết. Ngày hẹn trả kết quả: 04/12/2026."),
        ("not_found", "Không tìm thấy hồ sơ 000.00.00.G12-261123-0007. Vui lòng kiểm tra lại mã hồ sơ."),
        ("unavailable", "Hệ thống tra cứu đang bận"),
        ("help", "Để tra cứu hồ sơ, soạn: TRACUU <mã hồ sơ>. Ví dụ: TRACUU 000.00.00.G12-261123-0007"),
    ],
)
def test_each_lookup_reply_fits_three_unicode_sms_parts(outcome: str, expected: str) -> None:
    kind = KINDS["sms.lookup_reply"]
    variables = {
        **kind.sample_variables(),
        "outcome": outcome,
        "status_label": "Đang giải quyết",
        "appointment_date": date(2026, 12, 4),
    }
    for default in lookup_templates():
        text = render(TemplateSource(default.channel, None, default.body_text), variables).body_text
        assert len(text) <= 201, text
        if default.language == "vi":
            assert text.startswith(expected)
