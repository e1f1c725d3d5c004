"""Use cases on accounts: registration with verification, sign-in with lockout, profile, passwords."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts import events, repository, rules
from identity.accounts.errors import (
    AccountNotFound,
    InvalidCredentials,
    SignInRateLimited,
    UsernameTaken,
    WeakPassword,
)
from identity.accounts.models import Account
from identity.accounts.schemas import (
    AccountRegistration,
    AccountUpdate,
    OfficialCreate,
    PasswordResetConfirm,
)
from identity.context import Identity
from identity.credentials.models import PasswordCredential
from identity.otp import service as otp
from identity.otp.errors import OtpInvalid
from identity.otp.models import OtpChallenge
from identity.otp.sender import Channel
from servicekit.auth import Principal
from servicekit.db import utcnow
from servicekit.errors import Forbidden


def check_password_policy(password: str, *, username: str | None) -> None:
    if rules.password_problems(password, username=username):
        raise WeakPassword()


async def set_password(session: AsyncSession, identity: Identity, account: Account, password: str) -> None:
    hashed = await identity.passwords.hash(password)
    credential = await repository.password_of(session, account.id)
    if credential is None:
        session.add(PasswordCredential(account_id=account.id, hash=hashed, updated_at=utcnow()))
    else:
        credential.hash = hashed
        credential.updated_at = utcnow()


def _recipient(account: Account, channel: Channel) -> otp.Recipient | None:
    address = account.phone if channel == "sms" else account.email
    return otp.Recipient(account.subject, channel, address) if address else None


async def register(
    session: AsyncSession, identity: Identity, data: AccountRegistration, *, client_ip: str
) -> OtpChallenge:
    """A pending account and a code to its phone or email; it becomes active once the code is entered.

    A sign-in name that is already registered gets the same answer with a challenge that leads
    nowhere: registration does not reveal who has an account.
    """
    check_password_policy(data.password, username=data.username)
    existing = await repository.by_username(session, data.username)
    if existing is not None and existing.status != "pending":
        return otp.decoy("registration")
    if existing is not None:  # an unfinished registration starts over with the new details
        account = existing
    else:
        account = Account(id=uuid.uuid4(), kind=data.kind, username=data.username, status="pending")
        session.add(account)
    account.full_name = data.full_name
    account.so_dinh_danh = data.so_dinh_danh
    account.tax_code = data.tax_code
    account.date_of_birth = data.date_of_birth
    account.phone = data.phone
    account.email = data.email
    account.address = data.address
    account.representatives = [r.model_dump() for r in data.representatives]
    await session.flush()
    await set_password(session, identity, account, data.password)
    recipient = _recipient(account, data.verification_channel)
    assert recipient is not None
    return await otp.issue(
        session, identity, purpose="registration", recipient=recipient, client_ip=client_ip
    )


async def verify_registration(
    session: AsyncSession, identity: Identity, *, verification_id: uuid.UUID, code: str
) -> Account:
    challenge = await otp.check(
        session, identity, challenge_id=verification_id, purpose="registration", subject=None, code=code
    )
    account = await repository.get(session, uuid.UUID(challenge.subject), for_update=True)
    if account is None or account.status != "pending":
        raise OtpInvalid()
    account.status = "active"
    if challenge.channel == "sms":
        account.phone_verified = True
    else:
        account.email_verified = True
    await session.flush()
    await events.registered(session, identity.outbox, account, federated=False)
    return account


async def authenticate(
    session: AsyncSession, identity: Identity, *, username: str, password: str, client_ip: str
) -> Account:
    """The account if the password is right and it may sign in; one generic error otherwise.

    Wrong passwords are counted in a transaction of their own (the failing request rolls back);
    ``login_max_failures`` in a row lock the account for ``lockout_minutes``.
    """
    settings = identity.settings
    name = rules.normalise_username(username)
    for key, limit in (
        (f"login-ip:{client_ip}", settings.login_rate_per_ip),
        (f"login-user:{name}", settings.login_rate_per_username),
    ):
        decision = await identity.limiter.hit(key, limit=limit, window=60)
        if not decision.allowed:
            raise SignInRateLimited(headers={"Retry-After": str(decision.retry_after)})
    account = await repository.by_username(session, name)
    credential = await repository.password_of(session, account.id) if account else None
    ok = await identity.passwords.verify(credential.hash if credential else None, password)
    now = utcnow()
    if account is None or credential is None:
        raise InvalidCredentials()
    if not ok:
        async with identity.db.transaction() as counting:
            await repository.record_failed_sign_in(
                counting,
                account.id,
                max_failures=settings.login_max_failures,
                lockout_minutes=settings.lockout_minutes,
            )
        raise InvalidCredentials()
    if not rules.may_sign_in(account.status, account.locked_until, now):
        raise InvalidCredentials()
    if account.failed_logins:
        account.failed_logins = 0
    if identity.passwords.needs_rehash(credential.hash):
        credential.hash = await identity.passwords.hash(password)
    return account


async def get_mine(session: AsyncSession, principal: Principal) -> Account:
    account = await _own(session, principal)
    return account


async def _own(session: AsyncSession, principal: Principal) -> Account:
    try:
        account_id = uuid.UUID(principal.subject)
    except ValueError as exc:
        raise AccountNotFound() from exc
    account = await repository.get(session, account_id)
    if account is None or account.status == "deactivated":
        raise AccountNotFound()
    return account


async def update_mine(
    session: AsyncSession, identity: Identity, principal: Principal, data: AccountUpdate, *, if_match: int
) -> Account:
    from servicekit.errors import PreconditionFailed

    account = await _own(session, principal)
    if account.version != if_match:
        raise PreconditionFailed()
    changed: list[str] = []
    for field, value in data.model_dump(exclude_unset=True).items():
        if getattr(account, field) != value:
            setattr(account, field, value)
            changed.append(field)
    if "phone" in changed:
        account.phone_verified = False
    if "email" in changed:
        account.email_verified = False
    if changed:
        await session.flush()
        await events.updated(session, identity.outbox, account, changed)
    return account


async def change_password(
    session: AsyncSession, identity: Identity, principal: Principal, *, current: str, new: str
) -> None:
    account = await _own(session, principal)
    credential = await repository.password_of(session, account.id)
    if credential is None or not await identity.passwords.verify(credential.hash, current):
        raise InvalidCredentials()
    check_password_policy(new, username=account.username)
    await set_password(session, identity, account, new)


async def request_password_reset(
    session: AsyncSession, identity: Identity, *, username: str, channel: Channel, client_ip: str
) -> OtpChallenge:
    account = await repository.by_username(session, rules.normalise_username(username))
    recipient = _recipient(account, channel) if account and account.status == "active" else None
    if account is None or recipient is None:
        return otp.decoy("password_reset")
    return await otp.issue(
        session, identity, purpose="password_reset", recipient=recipient, client_ip=client_ip
    )


async def confirm_password_reset(
    session: AsyncSession, identity: Identity, data: PasswordResetConfirm
) -> None:
    challenge = await otp.check(
        session,
        identity,
        challenge_id=data.verification_id,
        purpose="password_reset",
        subject=None,
        code=data.code,
    )
    account = await repository.get(session, uuid.UUID(challenge.subject), for_update=True)
    if account is None or account.status == "deactivated":
        raise OtpInvalid()
    check_password_policy(data.new_password, username=account.username)
    await set_password(session, identity, account, data.new_password)
    # A reset proves control of the phone/email: the temporary lock has served its purpose.
    account.failed_logins = 0
    account.locked_until = None


def _administers(principal: Principal, agency_code: str | None) -> bool:
    if principal.has_role("system_admin"):
        return True
    return (
        principal.has_role("agency_admin")
        and agency_code is not None
        and principal.serves_agency(agency_code)
    )


async def create_official(
    session: AsyncSession, identity: Identity, principal: Principal, data: OfficialCreate
) -> Account:
    if not _administers(principal, data.agency_code):
        raise Forbidden()
    if "system_admin" in data.roles and not principal.has_role("system_admin"):
        raise Forbidden()
    check_password_policy(data.password, username=data.username)
    if await repository.by_username(session, data.username) is not None:
        raise UsernameTaken()
    account = Account(
        id=uuid.uuid4(),
        kind="official",
        username=data.username,
        status="active",
        full_name=data.full_name,
        email=data.email,
        phone=data.phone,
        agency_code=data.agency_code,
        unit=data.unit,
        roles=sorted(set(data.roles)),
    )
    session.add(account)
    await session.flush()
    await set_password(session, identity, account, data.password)
    await events.registered(session, identity.outbox, account, federated=False)
    return account


async def administered(session: AsyncSession, principal: Principal, account_id: uuid.UUID) -> Account:
    """An account the principal administers (system admins: all; agency admins: their officials)."""
    account = await repository.get(session, account_id, for_update=True)
    if account is None or not (
        principal.has_role("system_admin")
        or (account.kind == "official" and _administers(principal, account.agency_code))
    ):
        raise AccountNotFound()
    return account


async def set_status(
    session: AsyncSession, identity: Identity, principal: Principal, account_id: uuid.UUID, *, action: str
) -> Account:
    """``unlock`` (also clears a temporary lockout), ``lock`` or ``deactivate`` an account."""
    account = await administered(session, principal, account_id)
    if action == "unlock":
        if account.status == "locked":
            account.status = "active"
        account.failed_logins = 0
        account.locked_until = None
    elif action == "lock":
        account.status = "locked"
    elif action == "deactivate":
        account.status = "deactivated"
    await session.flush()
    await events.updated(session, identity.outbox, account, ["status"])
    if action in ("lock", "deactivate"):
        from identity.oidc import sessions

        await sessions.end_all_for_account(session, account.id)
    return account
