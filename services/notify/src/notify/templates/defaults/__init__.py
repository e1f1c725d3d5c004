"""The default templates (version 1 of every code, channel and language), seeded by migration 0004.

Frozen: a migration inserted exactly these rows. Change a default through the API (a new version) or
a new data migration, never by editing these texts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from notify.kinds import Channel
from notify.templates.defaults import en, vi

_LANGUAGES = {"vi": vi, "en": en}


@dataclass(frozen=True)
class DefaultTemplate:
    code: str
    channel: Channel
    language: str
    subject: str | None
    body_text: str


def notice_templates(language: str, notices: dict[str, tuple[str, str, str]]) -> Iterator[DefaultTemplate]:
    """In-app (title + body), email (greeting, body, footer) and SMS defaults of ``notices``."""
    module = _LANGUAGES[language]
    for code, (title, body, sms) in notices.items():
        yield DefaultTemplate(code, Channel.IN_APP, language, title, body)
        email_body = f"{module.GREETING}\n\n{body}\n\n{module.FOOTER}"
        yield DefaultTemplate(code, Channel.EMAIL, language, title, email_body)
        yield DefaultTemplate(code, Channel.SMS, language, None, sms)


def default_templates() -> Iterator[DefaultTemplate]:
    """Every default of migration 0004, in vi and en."""
    for language, module in _LANGUAGES.items():
        yield from notice_templates(language, module.NOTICES)
