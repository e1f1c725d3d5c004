"""Who may subscribe to what, where deliveries may go, and which subscriptions an event matches. No I/O.

- Managers: ministry systems (principals of kind ``system``, OAuth2 client credentials) and officials
  with role ``agency_admin`` or ``system_admin``.
- Agencies: a subscription names the agencies whose events it receives, only agencies the principal
  serves (its ``agencies`` claim); none named means all of them. Only ``system_admin`` may subscribe to
  every agency (an empty list).
- Event types: the dossier, payment and feedback events of the contracts (each carries the deciding
  agency, or for feedback the agency that must answer).
- Target URL: http(s) with a host, no credentials or fragment; https only in production, where
  loopback, private and link-local addresses are refused too (no requests into our own network).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Collection, Sequence
from urllib.parse import urlsplit

from contracts.events import DOSSIER_TOPIC, EVENTS, FEEDBACK_TOPIC, PAYMENT_TOPIC
from servicekit.auth import Principal

MANAGER_ROLES = ("agency_admin", "system_admin")
WEBHOOK_EVENT_TYPES: tuple[str, ...] = tuple(
    sorted(
        spec.type
        for spec in EVENTS.values()
        if spec.topic in (DOSSIER_TOPIC, PAYMENT_TOPIC, FEEDBACK_TOPIC)
        and "agency_code" in spec.payload.model_fields
    )
)
MAX_URL_LENGTH = 2000


def may_manage(principal: Principal) -> bool:
    if principal.kind == "system":
        return True
    return principal.kind == "official" and principal.has_role(*MANAGER_ROLES)


def sees_every_agency(principal: Principal) -> bool:
    return principal.kind in ("official", "system") and principal.has_role("system_admin")


def url_problem(url: str, *, production: bool) -> str | None:
    """Why ``url`` cannot receive deliveries (an error code), or None."""
    if len(url) > MAX_URL_LENGTH:
        return "url_too_long"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port
    except ValueError:
        return "url_invalid"
    if parts.scheme not in ("http", "https") or not host:
        return "url_invalid"
    if parts.username or parts.password or parts.fragment:
        return "url_invalid"
    if production and parts.scheme != "https":
        return "https_required"
    if production and _internal_host(host):
        return "url_internal"
    return None


def _internal_host(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_reserved


def unknown_event_types(event_types: Sequence[str]) -> list[str]:
    return sorted(set(event_types) - set(WEBHOOK_EVENT_TYPES))


def agencies_for(principal: Principal, requested: Sequence[str]) -> tuple[list[str], str | None]:
    """The agency filter to store and, when it cannot be granted, an error code."""
    chosen = sorted(set(requested))
    if sees_every_agency(principal):
        return chosen, None
    if not chosen:
        if not principal.agencies:
            return [], "agency_required"
        return sorted(principal.agencies), None
    if not set(chosen) <= principal.agencies:
        return chosen, "agency_not_served"
    return chosen, None


def matches(
    event_types: Collection[str], agency_codes: Collection[str], *, event_type: str, agency: str
) -> bool:
    """A subscription receives an event of one of its types from one of its agencies (none: all)."""
    return event_type in event_types and (not agency_codes or agency in agency_codes)
