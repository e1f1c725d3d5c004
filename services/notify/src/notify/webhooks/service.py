"""Use cases on webhook subscriptions: create (secret shown once), read, change, rotate, delete."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from notify.webhooks import repository, rules
from notify.webhooks.errors import WebhookInvalid, WebhookNotFound, field_error
from notify.webhooks.models import WebhookSubscription
from notify.webhooks.schemas import WebhookCreate, WebhookUpdate
from notify.webhooks.signing import SecretCipher, hint, new_secret
from servicekit.auth import Principal
from servicekit.db import utcnow, uuid7
from servicekit.errors import FieldError
from servicekit.http import InvalidCursor, decode_cursor, encode_cursor


def _check(
    principal: Principal,
    *,
    target_url: str | None,
    event_types: Sequence[str] | None,
    agency_codes: Sequence[str] | None,
    production: bool,
) -> list[str] | None:
    """Validate what is given; returns the agency filter to store (None when not given)."""
    errors: list[FieldError] = []
    if target_url is not None and (problem := rules.url_problem(target_url, production=production)):
        errors.append(field_error("target_url", problem))
    if event_types is not None and (unknown := rules.unknown_event_types(event_types)):
        errors.append(field_error("event_types", "unknown_event_type", names=", ".join(unknown)))
    agencies: list[str] | None = None
    if agency_codes is not None:
        agencies, problem = rules.agencies_for(principal, agency_codes)
        if problem:
            errors.append(field_error("agency_codes", problem))
    if errors:
        raise WebhookInvalid(errors=errors)
    return agencies


async def create(
    session: AsyncSession,
    *,
    principal: Principal,
    data: WebhookCreate,
    cipher: SecretCipher,
    production: bool,
    test_client: bool,
) -> tuple[WebhookSubscription, str]:
    """A new subscription and its secret in clear (the only time it is available)."""
    agencies = _check(
        principal,
        target_url=data.target_url,
        event_types=data.event_types,
        agency_codes=data.agency_codes,
        production=production,
    )
    subscription_id = uuid7()
    secret = new_secret()
    now = utcnow()
    subscription = WebhookSubscription(
        id=subscription_id,
        owner_subject=principal.subject,
        owner_kind=principal.kind,
        description=data.description,
        target_url=data.target_url,
        event_types=sorted(set(data.event_types)),
        agency_codes=agencies or [],
        secret_ciphertext=cipher.encrypt(secret, subscription_id=subscription_id),
        secret_hint=hint(secret),
        active=data.active,
        # A client holding the notify:test scope only ever gets test subscriptions.
        test_mode=data.test_mode or test_client,
        created_at=now,
        updated_at=now,
    )
    repository.add(session, subscription)
    await session.flush()
    return subscription, secret


async def visible(
    session: AsyncSession, *, principal: Principal, subscription_id: uuid.UUID, lock: bool = False
) -> WebhookSubscription:
    """The subscription if the caller owns it (or administers the whole system); else 404."""
    subscription = await repository.get(session, subscription_id, lock=lock)
    if subscription is None or not (
        subscription.owner_subject == principal.subject or rules.sees_every_agency(principal)
    ):
        raise WebhookNotFound(subscription_id=str(subscription_id))
    return subscription


async def update(
    session: AsyncSession,
    *,
    principal: Principal,
    subscription: WebhookSubscription,
    data: WebhookUpdate,
    production: bool,
    test_client: bool,
) -> WebhookSubscription:
    given = data.model_fields_set
    agencies = _check(
        principal,
        target_url=data.target_url if "target_url" in given else None,
        event_types=data.event_types if "event_types" in given else None,
        agency_codes=(data.agency_codes or []) if "agency_codes" in given else None,
        production=production,
    )
    if data.target_url is not None:
        subscription.target_url = data.target_url
    if data.event_types is not None:
        subscription.event_types = sorted(set(data.event_types))
    if agencies is not None:
        subscription.agency_codes = agencies
    if "description" in given:
        subscription.description = data.description
    if data.active is not None:
        subscription.active = data.active
    if data.test_mode is not None:
        subscription.test_mode = data.test_mode or test_client
    subscription.updated_at = utcnow()
    await session.flush()
    return subscription


async def rotate_secret(
    session: AsyncSession, *, subscription: WebhookSubscription, cipher: SecretCipher
) -> str:
    """A new secret replaces the old one at once (deliveries from now on are signed with it)."""
    secret = new_secret()
    subscription.secret_ciphertext = cipher.encrypt(secret, subscription_id=subscription.id)
    subscription.secret_hint = hint(secret)
    subscription.updated_at = utcnow()
    await session.flush()
    return secret


async def delete(session: AsyncSession, *, subscription: WebhookSubscription) -> None:
    """Gone for good; its pending deliveries fail ("subscription deleted"), the history stays."""
    await repository.delete(session, subscription)
    await session.flush()


async def list_page(
    session: AsyncSession, *, principal: Principal, limit: int, cursor: str | None
) -> tuple[list[WebhookSubscription], str | None]:
    after = None
    if cursor:
        created_at, subscription_id = decode_cursor(cursor, 2)
        try:
            after = (datetime.fromisoformat(created_at), uuid.UUID(subscription_id))
        except ValueError as exc:
            raise InvalidCursor() from exc
    owner = None if rules.sees_every_agency(principal) else principal.subject
    rows = list(await repository.list_page(session, owner=owner, after=after, limit=limit + 1))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].created_at.isoformat(), rows[-1].id])
    return rows, next_cursor
