"""What request handlers need beyond the session: settings-derived parts built once by ``create_app``."""

from __future__ import annotations

from dataclasses import dataclass

from notify.kinds import Channel
from notify.messages.limits import Limit, RecipientLimits
from notify.notices.planner import Planner
from notify.settings import NotifySettings
from notify.sms.lookup import IntakeLookup
from notify.webhooks.signing import SecretCipher
from servicekit.oauth import ClientCredentials
from servicekit.outbox import Outbox

#: Scope of an API client in test mode: its messages are recorded as delivered, never sent.
TEST_SCOPE = "notify:test"
#: Scope that admits a system client to the internal OTP endpoint.
OTP_SCOPE = "notify:otp"
#: Scope of notify's own token at intake's lookup (SMS lookups, R-LOOK-2).
LOOKUP_SCOPE = "dossiers:lookup"


@dataclass(frozen=True)
class Wiring:
    settings: NotifySettings
    available: frozenset[Channel]
    limits: RecipientLimits
    cipher: SecretCipher
    intake_lookup: IntakeLookup

    @classmethod
    def from_settings(cls, settings: NotifySettings) -> Wiring:
        available = {Channel.IN_APP, Channel.EMAIL, Channel.WEBHOOK}
        if settings.sms_enabled:
            available.add(Channel.SMS)
        limits = RecipientLimits(
            per_channel={
                Channel.SMS: Limit(settings.sms_limit_per_recipient, settings.sms_limit_window_seconds),
                Channel.EMAIL: Limit(settings.email_limit_per_recipient, settings.email_limit_window_seconds),
            },
            otp=Limit(settings.otp_limit_per_address, settings.otp_limit_window_seconds),
        )
        credentials = (
            ClientCredentials(
                token_url=f"{settings.service_base_url_identity.rstrip('/')}/oidc/token",
                client_id=settings.lookup_client_id,
                client_secret=settings.lookup_client_secret,
                scope=LOOKUP_SCOPE,
            )
            if settings.lookup_client_secret
            else None
        )
        lookup = IntakeLookup(
            settings.service_base_url_intake, timeout=settings.lookup_timeout_seconds, credentials=credentials
        )
        return cls(settings, frozenset(available), limits, SecretCipher(settings.webhook_secrets_key), lookup)

    @property
    def production(self) -> bool:
        return self.settings.environment == "production"

    def planner(self, outbox: Outbox) -> Planner:
        return Planner(
            outbox, available=self.available, portal_url=self.settings.portal_url, limits=self.limits
        )
