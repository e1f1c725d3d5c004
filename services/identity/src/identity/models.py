"""Every table of the identity service, imported so Alembic sees them."""

from identity.accounts.models import Account
from identity.credentials.models import PasswordCredential, TotpCredential
from identity.db import Base, metadata, tables
from identity.federation.models import FederatedIdentity, UpstreamRequest
from identity.oidc.models import (
    AuthorizationCode,
    BrowserSession,
    Client,
    Consent,
    Interaction,
    RefreshToken,
    RevokedAccessToken,
    SigningKey,
    UsedClientAssertion,
)
from identity.otp.models import OtpChallenge

__all__ = [
    "Account",
    "AuthorizationCode",
    "Base",
    "BrowserSession",
    "Client",
    "Consent",
    "FederatedIdentity",
    "Interaction",
    "OtpChallenge",
    "PasswordCredential",
    "RefreshToken",
    "RevokedAccessToken",
    "SigningKey",
    "TotpCredential",
    "UpstreamRequest",
    "UsedClientAssertion",
    "metadata",
    "tables",
]
