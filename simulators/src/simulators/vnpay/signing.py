"""VNPay 2.1.0 checksums, as VNPay's published merchant samples compute them.

- Redirect, return and IPN: the `vnp_*` fields with a non-empty value, except `vnp_SecureHash` and
  `vnp_SecureHashType`, sorted by name, each name and value URL-encoded the way PHP's `urlencode`
  does (space → `+`; every byte but `A-Z a-z 0-9 - _ .` percent-encoded, upper-case hex), joined as
  `k=v&k=v`; the checksum is the hex HMAC-SHA512 of that string with the merchant's hash secret.
- Merchant API (querydr, refund) and its answers: the listed fields' values joined with `|`.

The simulator keeps its own copy of the rule (it does not import the service's): two independent
implementations that must agree are what the end-to-end tests exercise.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from urllib.parse import quote_plus

HASH_FIELDS = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})


def php_urlencode(value: str) -> str:
    """PHP `urlencode`: like `quote_plus` with nothing safe, and `~` encoded too."""
    return quote_plus(value, safe="").replace("~", "%7E")


def canonical_query(params: Mapping[str, str]) -> str:
    """The string a redirect, return or IPN checksum is computed over."""
    fields = sorted(
        (k, v) for k, v in params.items() if k.startswith("vnp_") and k not in HASH_FIELDS and v != ""
    )
    return "&".join(f"{php_urlencode(k)}={php_urlencode(v)}" for k, v in fields)


def hmac_sha512(secret: str, data: str | bytes) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hmac.new(secret.encode("utf-8"), raw, hashlib.sha512).hexdigest()


def sign_query(params: Mapping[str, str], secret: str) -> str:
    return hmac_sha512(secret, canonical_query(params))


def signed_query_string(params: Mapping[str, str], secret: str) -> str:
    """The query string with `vnp_SecureHash` appended, as VNPay builds its redirects."""
    query = canonical_query(params)
    return f"{query}&vnp_SecureHash={hmac_sha512(secret, query)}"


def verify_query(params: Mapping[str, str], secret: str) -> bool:
    given = params.get("vnp_SecureHash", "")
    return hmac.compare_digest(given.lower(), sign_query(params, secret))


def pipe_hash(secret: str, values: Iterable[object]) -> str:
    """Checksum of the merchant API: the values (None as empty) joined with `|`."""
    return hmac_sha512(secret, "|".join("" if v is None else str(v) for v in values))
