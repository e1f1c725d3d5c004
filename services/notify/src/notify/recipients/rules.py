"""Which channels a notice goes on: the recipient's preferences and the legal-notice rule. No I/O.

R-NOTI-3, R-INT-3, R-PROC-8: notices the regulations require reach the applicant whatever they chose —
the in-app inbox always carries them; email and SMS follow the preferences.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from notify.kinds import Channel, MessageKind


@dataclass(frozen=True)
class Preferences:
    email: bool = True
    sms: bool = True
    in_app: bool = True
    language: str = "vi"

    def enabled(self, channel: Channel) -> bool:
        chosen = {Channel.EMAIL: self.email, Channel.SMS: self.sms, Channel.IN_APP: self.in_app}
        return chosen.get(channel, False)


DEFAULT_PREFERENCES = Preferences()


def channels_for(
    kind: MessageKind, preferences: Preferences, *, available: Collection[Channel]
) -> list[Channel]:
    """The channels to create messages on, in a stable order (in-app, email, SMS).

    ``available``: the channels this deployment can send on (SMS only once its adapter is set up).
    A legal notice always includes in-app; an optional one only what the user enabled. Direct kinds
    (OTP) are never fanned out by preferences: their caller names the channel.
    """
    if kind.policy == "direct":
        return []
    chosen = [c for c in (Channel.IN_APP, Channel.EMAIL, Channel.SMS) if preferences.enabled(c)]
    if kind.legal_notice and Channel.IN_APP not in chosen:
        chosen.insert(0, Channel.IN_APP)
    return [c for c in chosen if c in available]
