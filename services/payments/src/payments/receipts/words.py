"""Amounts in Vietnamese words, as a receipt writes them ("Số tiền bằng chữ")."""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _group(n: int, *, leading: bool) -> list[str]:
    """Three digits; a group after a higher one reads its zeros ("không trăm", "linh")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return words


def _below_billion(n: int, *, leading: bool) -> list[str]:
    """Up to 999.999.999 by groups (triệu, nghìn, units); zero groups are left out."""
    words: list[str] = []
    first = leading
    for scale, value in (("triệu", n // 1_000_000), ("nghìn", n // 1000 % 1000), ("", n % 1000)):
        if value == 0:
            continue
        words += _group(value, leading=first)
        first = False
        if scale:
            words.append(scale)
    return words


def _words(n: int, *, leading: bool = True) -> list[str]:
    if n >= 1_000_000_000:
        head = [*_words(n // 1_000_000_000, leading=leading), "tỷ"]
        rest = n % 1_000_000_000
        return head + (_below_billion(rest, leading=False) if rest else [])
    return _below_billion(n, leading=leading)


def in_words(amount: int) -> str:
    """``amount`` (whole đồng, 0 ≤ amount) in words, capitalised, ending in "đồng".

    Zero groups are not read; the first group read after a higher one reads its zeros
    (1.050.000 → "Một triệu không trăm năm mươi nghìn đồng").
    """
    if amount < 0:
        raise ValueError("amount must not be negative")
    if amount == 0:
        return "Không đồng"
    text = " ".join([*_words(amount), "đồng"])
    return text[0].upper() + text[1:]
