"""Pure rules of identity: authorization requests, PKCE, assurance levels, codes, passwords, lockout."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from identity.accounts import rules as accounts
from identity.credentials import totp
from identity.oidc import rules
from identity.oidc.rules import AuthorizeError
from identity.otp import rules as otp
from identity.security import SecretBox, keyed_hash

SCOPES = ["openid", "profile", "email"]
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(b"v" * 43).digest()).rstrip(b"=").decode()


def params(**extra: str) -> dict[str, str]:
    base = {
        "client_id": "c",
        "redirect_uri": "https://rp/cb",
        "response_type": "code",
        "scope": "openid",
        "state": "s",
        "nonce": "n",
        "code_challenge": CHALLENGE,
        "code_challenge_method": "S256",
    }
    return {k: v for k, v in (base | extra).items() if v != "-"}


def refused(**extra: str) -> str:
    with pytest.raises(AuthorizeError) as caught:
        rules.parse(params(**extra), client_scopes=SCOPES, client_is_public=True)
    return caught.value.error


def test_a_good_request_parses() -> None:
    req = rules.parse(
        params(acr_values="LoA2 LoA9", prompt="login"), client_scopes=SCOPES, client_is_public=True
    )
    assert req.acr_values == ["LoA2"] and req.prompt == ["login"] and req.nonce == "n"


def test_only_the_code_flow_with_state_nonce_and_s256() -> None:
    assert refused(response_type="token") == "unsupported_response_type"
    assert refused(state="-") == "invalid_request"
    assert refused(nonce="-") == "invalid_request"
    assert refused(code_challenge_method="plain") == "invalid_request"
    assert refused(code_challenge_method="-") == "invalid_request"  # absent means plain: a downgrade
    assert refused(code_challenge="-", code_challenge_method="-") == "invalid_request"  # public client
    assert refused(scope="openid admin") == "invalid_scope"
    assert refused(prompt="none login") == "invalid_request"
    assert refused(request="eyJ") == "request_not_supported"


def test_confidential_clients_may_omit_pkce_but_never_downgrade_it() -> None:
    req = rules.parse(
        params(code_challenge="-", code_challenge_method="-"), client_scopes=SCOPES, client_is_public=False
    )
    assert req.code_challenge is None
    with pytest.raises(AuthorizeError):
        rules.parse(
            params(code_challenge="-", code_challenge_method="S256"),
            client_scopes=SCOPES,
            client_is_public=False,
        )


def test_pkce_s256() -> None:
    assert rules.pkce_matches("v" * 43, CHALLENGE)
    assert not rules.pkce_matches("w" * 43, CHALLENGE)
    assert not rules.pkce_matches("short", CHALLENGE)


def test_assurance_levels_r_id_4() -> None:
    assert rules.required_acr([], "citizen") == "LoA1"
    assert rules.required_acr(["LoA2"], "citizen") == "LoA2"
    assert rules.required_acr([], "official") == "LoA2"  # officials always use a second factor
    assert rules.satisfies("LoA3", "LoA2") and not rules.satisfies("LoA1", "LoA2")
    assert rules.upstream_acr("LoA2") == "LoA2" and rules.upstream_acr("unknown") == "LoA1"


def test_codes_are_six_random_digits_and_addresses_are_masked() -> None:
    codes = {otp.new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes) and len(codes) > 150
    assert otp.mask_address("sms", "0912345678") == "09*****678"
    assert otp.mask_address("email", "an.nguyen@example.vn") == "a***@example.vn"
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert otp.resend_wait(now - timedelta(seconds=20), now, 60) == 40
    assert otp.resend_wait(None, now, 60) == 0


def test_password_policy_and_lockout() -> None:
    assert accounts.password_problems("MotCua@2026") == []
    assert "too_short" in accounts.password_problems("Ab1")
    assert "too_simple" in accounts.password_problems("aaaaaaaaaaaa")
    assert "same_as_username" in accounts.password_problems("Canbo.Test1", username="canbo.test1")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert accounts.lock_after_failure(4, now, max_failures=5, lockout_minutes=15) is None
    assert accounts.lock_after_failure(5, now, max_failures=5, lockout_minutes=15) == now + timedelta(
        minutes=15
    )
    assert not accounts.may_sign_in("active", now + timedelta(minutes=1), now)
    assert not accounts.may_sign_in("locked", None, now) and accounts.may_sign_in("active", None, now)


def test_totp_accepts_one_step_of_drift_and_never_the_same_step_twice() -> None:
    secret = pyotp.random_base32()
    at = 1_800_000_000.0
    code = pyotp.TOTP(secret).at(at)
    step = totp.matching_step(secret, code, last_step=0, now=at + 30)
    assert step == int(at // 30)
    assert totp.matching_step(secret, code, last_step=step, now=at) is None
    assert totp.matching_step(secret, code, last_step=0, now=at + 120) is None


def test_secrets_at_rest() -> None:
    box = SecretBox("k1")
    sealed = box.seal("JBSWY3DP")
    assert "JBSWY3DP" not in sealed and box.open(sealed) == "JBSWY3DP"
    with pytest.raises(ValueError):
        SecretBox("k2").open(sealed)
    assert keyed_hash("k1", "a", "123456") != keyed_hash("k2", "a", "123456")
