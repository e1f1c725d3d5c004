"""QR codes for documents (R-FMT-2: the receipt carries the dossier code as a QR code).

The code is drawn with segno at a fixed version-independent error level and embedded as a
one-bit PNG, one pixel per module, so the same payload gives the same bytes every time and the
image inside a PDF can be read back module by module.
"""

from __future__ import annotations

import io

import segno

__all__ = ["QR_BORDER_MODULES", "qr_matrix", "qr_png"]

#: Quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4).
QR_BORDER_MODULES = 4


def _make(payload: str) -> segno.QRCode:
    if not payload:
        raise ValueError("a QR code needs a payload")
    # Error level M (15 %) survives a creased or stamped paper copy; micro QR is not read by phones.
    return segno.make_qr(payload, error="m", boost_error=False, encoding="utf-8")


def qr_png(payload: str) -> bytes:
    """PNG of the QR code for `payload`: one pixel per module, with the quiet zone."""
    buffer = io.BytesIO()
    _make(payload).save(buffer, kind="png", scale=1, border=QR_BORDER_MODULES)
    return buffer.getvalue()


def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of the QR code for `payload` (True = dark), without the quiet zone."""
    return tuple(tuple(bool(module) for module in row) for row in _make(payload).matrix)
