"""Default templates of the answer to an inbound SMS lookup (R-LOOK-2), seeded by migration 0006.

Frozen like the other defaults. SMS only; each variant stays within 3 UCS-2 parts (201 characters).
"""

from __future__ import annotations

from notify.kinds import Channel
from notify.templates.defaults import DefaultTemplate

CODE = "sms.lookup_reply"

VI = (
    '{% if outcome == "found" %}'
    "Hồ sơ {{ dossier_code }}: {{ status_label }}."
    "{% if appointment_date %} Ngày hẹn trả kết quả: {{ appointment_date|date }}.{% endif %}"
    '{% elif outcome == "not_found" %}'
    "Không tìm thấy hồ sơ {{ dossier_code }}. Vui lòng kiểm tra lại mã hồ sơ."
    '{% elif outcome == "unavailable" %}'
    "Hệ thống tra cứu đang bận, chưa tra được hồ sơ {{ dossier_code }}. Vui lòng thử lại sau ít phút."
    "{% else %}"
    "Để tra cứu hồ sơ, soạn: TRACUU <mã hồ sơ>. Ví dụ: TRACUU 000.00.00.G12-261123-0007"
    "{% endif %}"
)
EN = (
    '{% if outcome == "found" %}'
    "Dossier {{ dossier_code }}: {{ status_label }}."
    "{% if appointment_date %} Appointment date: {{ appointment_date|date }}.{% endif %}"
    '{% elif outcome == "not_found" %}'
    "No dossier {{ dossier_code }} was found. Please check the code."
    '{% elif outcome == "unavailable" %}'
    "The lookup service is busy; dossier {{ dossier_code }} could not be looked up. Try again later."
    "{% else %}"
    "To look up a dossier, text: TRACUU <dossier code>. Example: TRACUU 000.00.00.G12-261123-0007"
    "{% endif %}"
)


def lookup_templates() -> list[DefaultTemplate]:
    return [
        DefaultTemplate(CODE, Channel.SMS, "vi", None, VI),
        DefaultTemplate(CODE, Channel.SMS, "en", None, EN),
    ]
