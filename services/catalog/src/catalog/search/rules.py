"""Pure pieces of search: turning what a user typed into a full-text query, and what is indexed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from catalog.codes import is_procedure_code
from catalog.folding import fold


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query, folded: ``words`` to match, ``tsquery`` for PostgreSQL, ``code`` if one was typed."""

    text: str
    words: tuple[str, ...]
    tsquery: str
    code: str | None


def parse_query(raw: str) -> ParsedQuery | None:
    """``"Giấy phép"`` → words ``giay, phep`` and tsquery ``giay & phep:*``; None when nothing is left.

    Every word must match (Vietnamese words are syllables, so "dang ky" must not match every
    "ký"); the last one also as a prefix, for search-as-you-type. Folding leaves only ``[a-z0-9]``,
    so the tsquery needs no escaping.
    """
    folded = fold(raw)
    words = tuple(dict.fromkeys(folded.split()))[:12]
    if not words:
        return None
    terms = [*words[:-1], f"{words[-1]}:*"]
    stripped = raw.strip()
    return ParsedQuery(
        text=" ".join(words),
        words=words,
        tsquery=" & ".join(terms),
        code=stripped if is_procedure_code(stripped) else None,
    )


def document(
    *,
    name: str,
    code: str,
    keywords: Iterable[str] = (),
    subjects: Iterable[str] = (),
    results: Iterable[str] = (),
) -> tuple[str, str]:
    """The folded ``(search_name, search_body)`` of a procedure version.

    The code is indexed as its digit groups (``1.001193`` → ``1 001193``) so a typed code matches.
    """
    body = " ".join(fold(part) for part in (code, *keywords, *subjects, *results))
    return fold(name), body
