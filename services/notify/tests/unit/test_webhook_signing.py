"""Webhook signatures as receivers check them (README recipe) and secrets encrypted at rest."""

from __future__ import annotations

import hashlib
import hmac
import uuid

from notify.webhooks.signing import SecretCipher, hint, new_secret, signature, verify

BODY = b'{"specversion":"1.0","id":"e1","data":{"dossier_code":"000.00.00.G12-261123-0007"}}'


def test_the_signature_is_hmac_sha256_of_id_timestamp_and_body() -> None:
    secret = "whsec_test"
    expected = hmac.new(b"whsec_test", b"msg-1.1767225600." + BODY, hashlib.sha256).hexdigest()
    assert signature(secret, "msg-1", 1767225600, BODY) == f"v1={expected}"


def test_a_receiver_accepts_a_fresh_matching_signature_only() -> None:
    secret = new_secret()
    header = signature(secret, "msg-1", 1000, BODY)
    assert verify(secret, "msg-1", 1000, BODY, header, now=1100)
    assert verify(secret, "msg-1", 1000, BODY, f"v1=deadbeef {header}", now=1100)  # rotated secrets
    assert not verify(secret, "msg-1", 1000, BODY, header, now=1000 + 301)  # replayed too late
    assert not verify(secret, "msg-2", 1000, BODY, header, now=1100)
    assert not verify(secret, "msg-1", 1000, BODY + b" ", header, now=1100)
    assert not verify(new_secret(), "msg-1", 1000, BODY, header, now=1100)


def test_secrets_are_random_and_only_their_hint_is_shown_again() -> None:
    one, two = new_secret(), new_secret()
    assert one != two and one.startswith("whsec_") and len(one) >= 48
    assert hint(one) == "whsec_…" + one[-4:]


def test_secrets_are_stored_encrypted_and_bound_to_their_subscription() -> None:
    cipher = SecretCipher("a-deployment-key-of-32-characters-at-least")
    row, other = uuid.uuid4(), uuid.uuid4()
    secret = new_secret()
    sealed = cipher.encrypt(secret, subscription_id=row)
    assert secret not in sealed and sealed.startswith("v1:")
    assert cipher.decrypt(sealed, subscription_id=row) == secret
    assert cipher.decrypt(sealed, subscription_id=other) is None  # copied to another row
    assert SecretCipher("another-key-another-key-another-key").decrypt(sealed, subscription_id=row) is None
    assert cipher.decrypt("v0:garbage", subscription_id=row) is None
