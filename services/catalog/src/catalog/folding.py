"""Vietnamese text folding for search: case and diacritics ignored, ``đ``/``Đ`` read as ``d``.

Done in Python and stored in normalized columns rather than with PostgreSQL's ``unaccent``: the
rules are ours (``unaccent`` alone keeps ``đ`` on some rule files), the same function folds the query
and the documents, and the index expressions stay immutable.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")
# Letters NFD does not decompose into base + mark.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o"})


def fold(text: str) -> str:
    """``"Đăng ký HỘ kinh doanh"`` → ``"dang ky ho kinh doanh"``: lower case, no marks, one space."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(_WORD.findall(bare))


def words(text: str) -> list[str]:
    """The folded words of ``text`` (syllables, for Vietnamese), in order."""
    return fold(text).split()
