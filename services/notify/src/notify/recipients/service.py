"""Use cases on recipients: learning contacts from identity events, reading and changing preferences."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import AccountRegistered, AccountUpdated
from notify.recipients.models import Contact, NotificationPreference
from notify.recipients.rules import DEFAULT_PREFERENCES, Preferences
from notify.recipients.schemas import PreferencesUpdate
from servicekit.db import utcnow
from servicekit.errors import PreconditionFailed


async def learn_contact(session: AsyncSession, event: AccountRegistered | AccountUpdated) -> None:
    """Store the account's contact details; an event older than what we hold is ignored."""
    active = event.active if isinstance(event, AccountUpdated) else True
    values = {
        "kind": event.kind.value,
        "full_name": event.full_name,
        "email": event.email,
        "phone": event.phone,
        "active": active,
        "as_of": event.occurred_at,
        "updated_at": utcnow(),
    }
    statement = pg_insert(Contact).values(subject=event.subject, **values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[Contact.subject], set_=values, where=Contact.as_of <= statement.excluded.as_of
        )
    )


@dataclass(frozen=True)
class Recipient:
    """Everything needed to address one person: contact details (if known) and preferences."""

    subject: str
    name: str | None
    email: str | None
    phone: str | None
    preferences: Preferences


async def recipient(session: AsyncSession, *, subject: str, fallback_name: str | None = None) -> Recipient:
    contact = await session.get(Contact, subject)
    preference = await session.get(NotificationPreference, subject)
    active = contact is None or contact.active
    return Recipient(
        subject=subject,
        name=contact.full_name if contact else fallback_name,
        # A deactivated account keeps its in-app inbox but gets no more email or SMS.
        email=contact.email if contact and active else None,
        phone=contact.phone if contact and active else None,
        preferences=_preferences(preference),
    )


def _preferences(row: NotificationPreference | None) -> Preferences:
    if row is None:
        return DEFAULT_PREFERENCES
    return Preferences(
        email=row.email_enabled, sms=row.sms_enabled, in_app=row.in_app_enabled, language=row.language
    )


async def preferences_of(
    session: AsyncSession, *, subject: str
) -> tuple[NotificationPreference | None, Contact | None]:
    preference = await session.get(NotificationPreference, subject)
    contact = await session.get(Contact, subject)
    return preference, contact


async def save_preferences(
    session: AsyncSession, *, subject: str, data: PreferencesUpdate, current: NotificationPreference | None
) -> NotificationPreference:
    if current is None:
        current = NotificationPreference(subject=subject)
        session.add(current)
    current.email_enabled = data.email
    current.sms_enabled = data.sms
    current.in_app_enabled = data.in_app
    current.language = data.language
    current.updated_at = utcnow()
    try:
        await session.flush()
    except IntegrityError as exc:
        # Two first-time saves raced, both with If-Match "0": the loser read a stale version.
        raise PreconditionFailed() from exc
    return current


async def lock_preferences(session: AsyncSession, *, subject: str) -> NotificationPreference | None:
    """The row for an update, locked so two concurrent PUTs with the same ETag cannot both win."""
    query = select(NotificationPreference).where(NotificationPreference.subject == subject).with_for_update()
    return (await session.scalars(query)).first()
