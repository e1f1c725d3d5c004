"""Default notices of a failed payment attempt and of a waived payment, seeded by migration 0007.

Frozen like the other defaults. A failed attempt leaves the dossier waiting for payment (the order
stands, the applicant may pay again); a waiver means the exemptions cover every fee and nothing is
left to pay, so the dossier goes on as if paid.
"""

from __future__ import annotations

from collections.abc import Iterator

from notify.templates.defaults import DefaultTemplate, notice_templates

_CODE = "{% if dossier_code %} {{ dossier_code }}{% endif %}"

VI: dict[str, tuple[str, str, str]] = {
    "payment.failed": (
        "Thanh toán chưa thành công",
        "Giao dịch thanh toán phí, lệ phí cho hồ sơ" + _CODE + " qua {{ method }} chưa thành công: "
        "{{ reason }}.\\n\\n"
        "Hồ sơ vẫn chờ thanh toán; Ông/Bà có thể thanh toán lại trên Cổng Dịch vụ công hoặc tại "
        "Bộ phận Một cửa. Không có khoản tiền nào bị trừ cho giao dịch này.",
        "Hồ sơ" + _CODE + ": thanh toán qua {{ method }} chưa thành công ({{ reason }}). "
        "Vui lòng thanh toán lại.",
    ),
    "payment.waived": (
        "Được miễn phí, lệ phí",
        "Hồ sơ" + _CODE + " được miễn toàn bộ phí, lệ phí: {{ reason }}.\\n\\n"
        "Ông/Bà không phải thanh toán; hồ sơ được tiếp tục giải quyết.",
        "Hồ sơ" + _CODE + " được miễn phí, lệ phí ({{ reason }}); không phải thanh toán.",
    ),
}
EN: dict[str, tuple[str, str, str]] = {
    "payment.failed": (
        "Payment not completed",
        "The payment of the fees for dossier" + _CODE + " by {{ method }} did not go through: "
        "{{ reason }}.\\n\\n"
        "The dossier still awaits payment; you may pay again on the Public Service Portal or at the "
        "one-stop desk. No money was taken for this attempt.",
        "Dossier" + _CODE + ": payment by {{ method }} not completed ({{ reason }}). Please pay again.",
    ),
    "payment.waived": (
        "Fees waived",
        "Every fee of dossier" + _CODE + " is waived: {{ reason }}.\\n\\n"
        "You have nothing to pay; the dossier goes on being processed.",
        "Dossier" + _CODE + ": fees waived ({{ reason }}); nothing to pay.",
    ),
}


def payment_outcome_templates() -> Iterator[DefaultTemplate]:
    yield from notice_templates("vi", VI)
    yield from notice_templates("en", EN)
