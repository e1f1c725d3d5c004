"""The page a payer's browser lands on after VNPay: the outcome as payments knows it, nothing more."""

from __future__ import annotations

from html import escape

from payments.gateways.vnpay.callbacks import ReturnView
from payments.orders.rules import failure_reason

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}"
    "h1{font-size:1.4rem}.ok{color:#0a7a2f}.fail{color:#b00020}.wait{color:#8a5a00}"
    "dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}dt{color:#555}"
)


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def render(view: ReturnView, *, lang: str, portal_url: str) -> tuple[int, str, str]:
    """(HTTP status, outcome key, HTML) for a return."""
    en = lang == "en"
    if not view.signed:
        key, status = "unverified", 400
        title = "The result could not be verified" if en else "Không xác thực được kết quả thanh toán"
        body = (
            "The gateway's answer was not signed correctly: nothing was recorded."
            if en
            else "Dữ liệu trả về không có chữ ký hợp lệ của cổng thanh toán: không có gì được ghi nhận."
        )
        css = "fail"
    elif view.order is None or view.transaction is None:
        key, status, css = "unknown", 404, "fail"
        title = "Unknown payment" if en else "Không tìm thấy giao dịch"
        body = ""
    else:
        status = 200
        txn = view.transaction
        key = txn.status
        if txn.status == "succeeded":
            css = "ok"
            title = "Payment received" if en else "Thanh toán thành công"
            body = (
                (
                    f"Receipt {escape(view.receipt_number or '')}."
                    if en
                    else f"Biên lai số {escape(view.receipt_number or '')}."
                )
                if view.receipt_number
                else ""
            )
        elif txn.status in ("failed", "expired"):
            css = "fail"
            title = "Payment not completed" if en else "Thanh toán không thành công"
            body = escape(failure_reason(txn.failure_code or "gateway_error", lang))
        else:
            css = "wait"
            title = "Waiting for the gateway's confirmation" if en else "Đang chờ cổng thanh toán xác nhận"
            body = (
                "The payment will be confirmed as soon as the gateway tells us; you need not pay again."
                if en
                else "Kết quả sẽ được cập nhật ngay khi cổng thanh toán xác nhận; không cần thanh toán lại."
            )
    details = ""
    if view.order is not None:
        order = view.order
        labels = ("Dossier", "Amount", "Payment") if en else ("Hồ sơ", "Số tiền", "Mã thanh toán")
        details = (
            f"<dl><dt>{labels[0]}</dt><dd>{escape(order.dossier_code or '')}</dd>"
            f"<dt>{labels[1]}</dt><dd>{vnd(order.amount)}</dd>"
            f"<dt>{labels[2]}</dt><dd>{escape(order.payment_reference)}</dd></dl>"
        )
    back = "Back to the portal" if en else "Quay lại Cổng Dịch vụ công"
    html = (
        f'<!doctype html><html lang="{"en" if en else "vi"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f'<h1 class="{css}" id="outcome" data-outcome="{key}">{escape(title)}</h1>'
        f"<p>{body}</p>{details}"
        f'<p><a href="{escape(portal_url)}">{back}</a></p></body></html>'
    )
    return status, key, html
