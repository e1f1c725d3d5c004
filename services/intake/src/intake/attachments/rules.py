"""Pure rules of files: names made safe, types recognised by their content, sizes within the announced
limit (R-CAT-4). No I/O: the caller passes the first bytes it received."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import filetype

from intake.catalog.models import Component

#: What magic bytes must say for each extension a procedure may accept. Extensions that
#: cannot be recognised by content (plain text, XML) are refused: an officer must be able to trust
#: that a ".pdf" is a PDF (R-OPS-3: no malware passed on under a harmless name).
TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "webp": "image/webp",
    "heic": "image/heic",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "zip": "application/zip",
    "rar": "application/x-rar-compressed",
    "7z": "application/x-7z-compressed",
}
#: Bytes enough to recognise every type above; ``filetype`` decides from the first 262.
MAGIC_BYTES = 8192
MIN_MAGIC_BYTES = 262
MIB = 1024 * 1024

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_SPACES = re.compile(r"\s+")
MAX_NAME = 150


def sanitise_filename(raw: str, *, fallback: str = "tep") -> str:
    """A name safe to store and to send back in Content-Disposition: no path, no control or reserved
    characters, Vietnamese letters kept (NFC), at most 150 characters with the extension kept."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE.sub(" ", name)
    name = _SPACES.sub(" ", name).strip().lstrip(".").strip()
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    extension = extension.lower()[:10]
    stem = stem.strip() or fallback
    room = MAX_NAME - (len(extension) + 1 if extension else 0)
    stem = stem[:room].rstrip()
    return f"{stem}.{extension}" if extension else stem


def extension_of(filename: str) -> str:
    _, dot, extension = filename.rpartition(".")
    return extension.lower() if dot else ""


def max_bytes(component: Component, default_mb: int) -> int:
    """The announced limit: the component's, else the service default (R-CAT-4)."""
    return (component.max_file_size_mb or default_mb) * MIB


def accepted(component: Component) -> tuple[str, ...]:
    """Extensions the component takes: its own list, or PDF and common images when it names none."""
    return component.accepted_file_types or ("pdf", "jpg", "jpeg", "png")


@dataclass(frozen=True)
class Verdict:
    ok: bool
    content_type: str | None = None
    problem: str | None = None  # not_accepted | mismatch
    detected: str | None = None


def judge(filename: str, head: bytes, component: Component) -> Verdict:
    """Whether a file of this name and these first bytes may be attached to ``component``."""
    extension = extension_of(filename)
    allowed = accepted(component)
    if extension not in allowed and not (extension == "jpeg" and "jpg" in allowed):
        return Verdict(False, problem="not_accepted")
    expected = TYPES.get(extension)
    kind = filetype.guess(head)
    detected = kind.mime if kind is not None else None
    if expected is None or detected != expected:
        return Verdict(False, problem="mismatch", detected=detected)
    return Verdict(True, content_type=expected, detected=detected)
