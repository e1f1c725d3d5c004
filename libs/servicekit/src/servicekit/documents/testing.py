"""Reading rendered documents back in tests: their text (pypdf) and the QR code embedded in them.

pypdf is a test dependency; import this module from tests only.
"""

from __future__ import annotations

import io
import re
import unicodedata

from pypdf import PdfReader

from servicekit.documents.qr import QR_BORDER_MODULES

__all__ = ["embedded_qr_matrices", "metadata", "page_texts", "pdf_text"]

_SPACES = re.compile(r"\s+")


def page_texts(content: bytes) -> list[str]:
    """Text of each page, NFC, with every run of whitespace (line breaks too) made one space."""
    reader = PdfReader(io.BytesIO(content))
    return [
        _SPACES.sub(" ", unicodedata.normalize("NFC", page.extract_text())).strip() for page in reader.pages
    ]


def pdf_text(content: bytes) -> str:
    """Text of the whole document, pages joined by one space (see `page_texts`)."""
    return " ".join(page_texts(content))


def metadata(content: bytes) -> dict[str, str]:
    """The document information dictionary (`/Title`, `/Producer`, `/CreationDate`, …)."""
    info = PdfReader(io.BytesIO(content)).metadata
    return {str(key): str(value) for key, value in (info or {}).items()}


def embedded_qr_matrices(content: bytes) -> list[tuple[tuple[bool, ...], ...]]:
    """Every one-pixel-per-module QR image in the document, read back as module matrices.

    The quiet zone is cut off, so a matrix compares equal to `servicekit.documents.qr.qr_matrix`
    of the payload it encodes.
    """
    matrices = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for image in page.images:
            picture = image.image
            if picture is None:
                continue
            gray = picture.convert("L")
            width, height = gray.size
            if width != height or width <= 2 * QR_BORDER_MODULES:
                continue
            pixels = gray.load()
            assert pixels is not None
            inner = range(QR_BORDER_MODULES, width - QR_BORDER_MODULES)
            matrices.append(tuple(tuple(_dark(pixels[x, y]) for x in inner) for y in inner))
    return matrices


def _dark(value: object) -> bool:
    return isinstance(value, int | float) and value < 128
