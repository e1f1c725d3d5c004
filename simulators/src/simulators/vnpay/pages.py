"""The simulator's HTML: the payment page a customer goes through, and the error page."""

from __future__ import annotations

from html import escape

from simulators.vnpay import codes
from simulators.vnpay.gateway import BANK_CODES
from simulators.vnpay.state import Transaction

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}"
    "h1{font-size:1.4rem;color:#005baa}dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}"
    "dt{color:#555}button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.5rem}"
    ".note{color:#555;font-size:.9rem}"
)


def _page(title: str, body: str, lang: str) -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>{body}</body></html>"
    )


def payment_page(txn: Transaction) -> str:
    en = txn.locale == "en"
    lang = "en" if en else "vi"
    banks = "".join(
        f'<option value="{b}"{" selected" if b == (txn.requested_bank_code or "NCB") else ""}>{b}</option>'
        for b in BANK_CODES
    )
    scenarios = "".join(
        f'<option value="{code}">{code} — {escape(text[1] if en else text[0])}</option>'
        for code, text in codes.PAYMENT_RESPONSE.items()
        if code != "24"
    )
    t = (
        ("Pay with VNPAY (simulator)", "Amount", "Order", "Reference", "Bank", "Scenario", "Pay", "Cancel")
        if en
        else (
            "Thanh toán qua VNPAY (mô phỏng)",
            "Số tiền",
            "Nội dung",
            "Mã giao dịch",
            "Ngân hàng",
            "Kịch bản mô phỏng",
            "Thanh toán",
            "Hủy giao dịch",
        )
    )
    amount = f"{txn.amount // 100:,}".replace(",", ".") + " VND"
    body = (
        f"<h1>{t[0]}</h1>"
        f'<dl><dt>{t[1]}</dt><dd id="amount">{amount}</dd>'
        f"<dt>{t[2]}</dt><dd>{escape(txn.order_info)}</dd>"
        f"<dt>{t[3]}</dt><dd>{escape(txn.txn_ref)}</dd></dl>"
        '<form method="post" action="/paymentv2/pay">'
        f'<input type="hidden" name="token" value="{escape(txn.token)}">'
        f'<p><label>{t[4]} <select name="bank_code">{banks}</select></label></p>'
        f'<p><label>{t[5]} <select name="outcome">{scenarios}</select></label></p>'
        f'<p><button type="submit" name="action" value="pay">{t[6]}</button>'
        f'<button type="submit" name="action" value="cancel">{t[7]}</button></p>'
        "</form>"
        '<p class="note">Cổng thanh toán mô phỏng của motcua, không có tiền thật. '
        "A local simulator: no real money moves.</p>"
    )
    return _page(t[0], body, lang)


def error_page(code: str, detail: str = "") -> str:
    vi, en = codes.PAGE_ERROR.get(code, ("Lỗi không xác định", "Unknown error"))
    body = (
        "<h1>Giao dịch không thành công / Transaction failed</h1>"
        f'<p id="error-code">Mã lỗi / code: {code}</p>'
        f"<p>{escape(vi)} — {escape(en)}</p>" + (f'<p class="note">{escape(detail)}</p>' if detail else "")
    )
    return _page("VNPAY — lỗi", body, "vi")
