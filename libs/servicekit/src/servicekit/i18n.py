"""User-facing text in Vietnamese (default) and English (``Accept-Language: en``)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any, Literal, NamedTuple

Language = Literal["vi", "en"]
DEFAULT_LANGUAGE: Language = "vi"
current_language: ContextVar[Language] = ContextVar("current_language", default=DEFAULT_LANGUAGE)


class Text(NamedTuple):
    """A message in both languages; ``{name}`` placeholders are filled at render time."""

    vi: str
    en: str

    def render(self, lang: Language | None = None, **params: Any) -> str:
        template = self.en if (lang or current_language.get()) == "en" else self.vi
        return template.format(**params) if params else template


def negotiate_language(accept_language: str | None) -> Language:
    """Pick vi or en from an Accept-Language header by q-value; Vietnamese unless English is preferred."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    best: tuple[float, Language] = (-1.0, DEFAULT_LANGUAGE)
    for index, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in ("vi", "en"):
            # Earlier tags win ties, as browsers list preferences in order.
            score = q - index * 1e-6
            if score > best[0]:
                best = (score, "vi" if primary == "vi" else "en")
    return best[1]
