"""Who may subscribe to which agencies' events, and where deliveries may go (https in production,
never into our own network)."""

from __future__ import annotations

import pytest

from notify.webhooks.rules import (
    WEBHOOK_EVENT_TYPES,
    agencies_for,
    matches,
    may_manage,
    unknown_event_types,
    url_problem,
)
from servicekit.auth import Principal

G12, H49 = "000.00.00.G12", "000.00.00.H49"


def _system(*agencies: str) -> Principal:
    return Principal(subject="client-1", kind="system", agencies=frozenset(agencies))


def test_systems_and_agency_or_system_administrators_manage_webhooks() -> None:
    assert may_manage(_system())
    assert may_manage(Principal(subject="o", kind="official", roles=frozenset({"agency_admin"})))
    assert may_manage(Principal(subject="o", kind="official", roles=frozenset({"system_admin"})))
    assert not may_manage(Principal(subject="o", kind="official", roles=frozenset({"reception_officer"})))
    assert not may_manage(Principal(subject="c", kind="citizen", roles=frozenset({"system_admin"})))


def test_agencies_are_limited_to_those_served_unless_system_administrator() -> None:
    assert agencies_for(_system(G12), []) == ([G12], None)
    assert agencies_for(_system(G12, H49), [H49, H49]) == ([H49], None)
    assert agencies_for(_system(G12), [H49])[1] == "agency_not_served"
    assert agencies_for(_system(), [])[1] == "agency_required"
    admin = Principal(subject="a", kind="official", roles=frozenset({"system_admin"}))
    assert agencies_for(admin, []) == ([], None)  # every agency
    assert agencies_for(admin, [H49]) == ([H49], None)


@pytest.mark.parametrize(
    ("url", "production", "problem"),
    [
        ("https://bo.gov.vn/hooks", True, None),
        ("http://bo.gov.vn/hooks", False, None),
        ("http://127.0.0.1:8080/hooks", False, None),
        ("http://bo.gov.vn/hooks", True, "https_required"),
        ("https://127.0.0.1/hooks", True, "url_internal"),
        ("https://10.1.2.3/hooks", True, "url_internal"),
        ("https://localhost/hooks", True, "url_internal"),
        ("https://[::1]/hooks", True, "url_internal"),
        ("ftp://bo.gov.vn/x", False, "url_invalid"),
        ("https://user:pw@bo.gov.vn/x", False, "url_invalid"),
        ("https://bo.gov.vn/x#frag", False, "url_invalid"),
        ("https:///x", False, "url_invalid"),
        ("https://bo.gov.vn:99999/x", False, "url_invalid"),
        ("https://bo.gov.vn/" + "x" * 2000, False, "url_too_long"),
    ],
)
def test_target_urls(url: str, production: bool, problem: str | None) -> None:
    assert url_problem(url, production=production) == problem


def test_event_types_are_the_dossier_payment_and_feedback_events_that_name_an_agency() -> None:
    assert "vn.motcua.dossier.received.v1" in WEBHOOK_EVENT_TYPES
    # R-FB-4: an agency's own system hears of the feedback routed to it and of its deadlines.
    assert "vn.motcua.feedback.submitted.v1" in WEBHOOK_EVENT_TYPES
    assert "vn.motcua.feedback.overdue.v1" in WEBHOOK_EVENT_TYPES
    assert "vn.motcua.process.started.v1" in WEBHOOK_EVENT_TYPES
    assert "vn.motcua.payment.refunded.v1" in WEBHOOK_EVENT_TYPES
    assert unknown_event_types(["vn.motcua.account.registered.v1", "vn.motcua.message.delivered.v1"]) == [
        "vn.motcua.account.registered.v1",
        "vn.motcua.message.delivered.v1",
    ]


def test_a_subscription_matches_its_types_and_agencies() -> None:
    received = "vn.motcua.dossier.received.v1"
    assert matches([received], [G12], event_type=received, agency=G12)
    assert matches([received], [], event_type=received, agency=H49)
    assert not matches([received], [G12], event_type=received, agency=H49)
    assert not matches([received], [G12], event_type="vn.motcua.dossier.refused.v1", agency=G12)
