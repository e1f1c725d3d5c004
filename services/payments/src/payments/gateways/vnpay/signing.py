"""VNPay 2.1.0 checksums (R-FMT-6).

Redirect, return and IPN: the ``vnp_*`` fields with a value, except ``vnp_SecureHash`` and
``vnp_SecureHashType``, sorted by name; name and value each URL-encoded as PHP's ``urlencode`` does
(space → ``+``, every byte other than ``A-Z a-z 0-9 - _ .`` as ``%XX``), joined ``k=v&k=v``; the checksum
is the hex HMAC-SHA512 of that string keyed with the merchant's hash secret. The merchant API
(querydr, refund, and their answers) signs its listed fields' values joined with ``|``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from urllib.parse import quote_plus

HASH_FIELDS = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})


def urlencode_value(value: str) -> str:
    """PHP ``urlencode``: ``quote_plus`` with nothing kept safe, and ``~`` encoded as well."""
    return quote_plus(value, safe="").replace("~", "%7E")


def canonical(params: Mapping[str, str]) -> str:
    """The string a redirect's, return's or IPN's checksum is computed over."""
    kept = sorted(
        (name, value)
        for name, value in params.items()
        if name.startswith("vnp_") and name not in HASH_FIELDS and value not in ("", None)
    )
    return "&".join(f"{urlencode_value(name)}={urlencode_value(value)}" for name, value in kept)


def hmac_sha512(secret: str, data: str | bytes) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hmac.new(secret.encode("utf-8"), raw, hashlib.sha512).hexdigest()


def sign(params: Mapping[str, str], secret: str) -> str:
    return hmac_sha512(secret, canonical(params))


def signed_url(base_url: str, params: Mapping[str, str], secret: str) -> str:
    """The payment URL: the canonical query and its ``vnp_SecureHash``."""
    query = canonical(params)
    return f"{base_url}?{query}&vnp_SecureHash={hmac_sha512(secret, query)}"


def is_signed(params: Mapping[str, str], secret: str) -> bool:
    """Whether ``vnp_SecureHash`` is the checksum of the other fields (constant-time, any hex case)."""
    given = params.get("vnp_SecureHash") or ""
    return hmac.compare_digest(given.lower().encode(), sign(params, secret).encode())


def pipe_signature(secret: str, values: Iterable[object]) -> str:
    """Merchant API checksum: the values (None as empty) joined with ``|``."""
    return hmac_sha512(secret, "|".join("" if v is None else str(v) for v in values))


def is_pipe_signed(secret: str, given: str, values: Iterable[object]) -> bool:
    return hmac.compare_digest(given.lower().encode(), pipe_signature(secret, values).encode())


def is_body_signed(secret: str, given: str, body: bytes) -> bool:
    """The daily report's ``X-VNPAY-SecureHash``: HMAC-SHA512 of the exact body bytes."""
    return hmac.compare_digest(given.lower().encode(), hmac_sha512(secret, body).encode())
