"""A legal document being laid out: A4, Times-metric serif, the national header, tables, signatures.

Layout follows Decree 30/2020/NĐ-CP Appendix I for administrative documents: A4 portrait, margins
top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; body text 13 pt; page numbers in Arabic
numerals centred in the top margin from the second page on. The font is Liberation Serif 2 (metric
compatible with Times New Roman, full Vietnamese coverage, SIL OFL 1.1), bundled in `fonts/`.

Output is deterministic: the creation date comes from the caller's data, the file identifier is a
hash of the content and nothing else varies between runs, so re-rendering the same data gives the
same bytes and the same SHA-256 (`sha256_hex`).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Literal

from fpdf import FPDF
from fpdf.enums import Align, TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace

from servicekit.documents.header import MOTTO, NATIONAL_NAME, NationalHeader
from servicekit.documents.qr import qr_png
from servicekit.documents.text import place_and_date

__all__ = [
    "FONT_FAMILY",
    "MEDIA_TYPE",
    "PRODUCER",
    "Column",
    "DocumentInfo",
    "LegalDocument",
    "SignatureBlock",
    "sha256_hex",
]

FONT_FAMILY = "LiberationSerif"
PRODUCER = "motcua servicekit.documents"
MEDIA_TYPE = "application/pdf"

_FONT_FILES = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}
_BODY_SIZE = 13
_LINE = 5.7  # mm per body line: 13 pt with a 1.25 leading
_MARGIN_LEFT, _MARGIN_TOP, _MARGIN_RIGHT, _MARGIN_BOTTOM = 30.0, 20.0, 15.0, 20.0
_HEADER_OUTDENT = 10.0  # the header block starts this far left of the text block
_HEADER_RIGHT = 92.0  # width of the national name column: "CỘNG HÒA … VIỆT NAM" at 12 pt is 88 mm

Style = Literal["", "B", "I", "BI"]
Alignment = Literal["L", "C", "R", "J"]


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """Document metadata: the title and subject shown by PDF readers, and the fixed creation time."""

    title: str
    created_at: datetime
    subject: str | None = None
    author: str | None = None
    keywords: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.created_at.tzinfo is None:
            raise ValueError("created_at must be an aware datetime (it is written into the file)")


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: heading, share of the text width, alignment of its cells."""

    heading: str
    width: float
    align: Alignment = "L"


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """Who signs: the capacity in bold capitals, the hint in italics, room to sign, then the name."""

    capacity: str
    hint: str = "(Ký và ghi rõ họ tên)"
    name: str | None = None


def sha256_hex(content: bytes) -> str:
    """SHA-256 of a rendered document, as recorded next to the stored file."""
    return hashlib.sha256(content).hexdigest()


class _Pdf(FPDF):
    def header(self) -> None:
        # Decree 30/2020: page numbers centred in the top margin, from the second page on.
        if self.page_no() < 2:
            return
        style, size = self.font_style, self.font_size_pt
        self.set_font(FONT_FAMILY, "", _BODY_SIZE)
        self.set_xy(self.l_margin, 8)
        self.cell(self.epw, 6, str(self.page_no()), align=Align.C)
        self.set_font(FONT_FAMILY, style, size)
        self.set_xy(self.l_margin, self.t_margin)


def _register_fonts(pdf: FPDF) -> None:
    folder = resources.files("servicekit.documents") / "fonts"
    for style, suffix in _FONT_FILES.items():
        with resources.as_file(folder / f"LiberationSerif-{suffix}.ttf") as path:
            pdf.add_font(FONT_FAMILY, style, str(path))


class LegalDocument:
    """Lays out one document top to bottom; `output()` gives its PDF bytes.

    Methods that take `wording` print template text; `field` prints a label (wording) and a value
    (data). Values should already have been checked with `data_text` by the caller's input types.
    """

    def __init__(self, info: DocumentInfo) -> None:
        pdf = _Pdf(orientation="P", unit="mm", format="A4")
        _register_fonts(pdf)
        pdf.set_margins(_MARGIN_LEFT, _MARGIN_TOP, _MARGIN_RIGHT)
        pdf.set_auto_page_break(True, margin=_MARGIN_BOTTOM)
        pdf.set_title(info.title)
        if info.subject:
            pdf.set_subject(info.subject)
        if info.author:
            pdf.set_author(info.author)
        if info.keywords:
            pdf.set_keywords(", ".join(info.keywords))
        pdf.set_creator(PRODUCER)
        pdf.set_producer(PRODUCER)
        pdf.set_lang("vi-VN")
        pdf.set_creation_date(info.created_at)
        pdf.add_page()
        pdf.set_font(FONT_FAMILY, "", _BODY_SIZE)
        self._pdf = pdf

    # -- blocks ------------------------------------------------------------------------------------

    def national_header(self, header: NationalHeader) -> None:
        """The two-column header of Decree 30/2020 (see `servicekit.documents.header`).

        Like the Decree's own samples, the header is wider than the text block (it reaches 10 mm
        into the left margin) so the national name fits on one line beside an agency's name. The
        place-and-date line sits on the same line as the document number when there is one.
        """
        pdf = self._pdf
        top = pdf.get_y()
        left_x = pdf.l_margin - _HEADER_OUTDENT
        right_width = _HEADER_RIGHT
        left_width = pdf.epw + _HEADER_OUTDENT - right_width
        right_x = left_x + left_width

        pdf.set_xy(left_x, top)
        for text in (header.governing_body, header.issuer_parent):
            if text:
                self._centred(text.upper(), "", 12, left_width, left_x)
        self._centred(header.issuer.upper(), "B", 12, left_width, left_x)
        self._rule_under(left_x, left_width, left_width / 3)
        left_bottom = pdf.get_y()

        pdf.set_xy(right_x, top)
        self._centred(NATIONAL_NAME, "B", 12, right_width, right_x)
        self._centred(MOTTO, "B", 13, right_width, right_x)
        pdf.set_font(FONT_FAMILY, "B", 13)
        self._rule_under(right_x, right_width, pdf.get_string_width(MOTTO))
        date_line = max(pdf.get_y(), left_bottom) + 1.5

        if header.number:
            pdf.set_y(date_line)
            self._centred(f"Số: {header.number}", "", 13, left_width, left_x)
        pdf.set_y(date_line)
        self._centred(place_and_date(header.place, header.issued_on), "I", 13, right_width, right_x)

        pdf.set_xy(pdf.l_margin, pdf.get_y() + 3)
        pdf.set_font(FONT_FAMILY, "", _BODY_SIZE)

    def national_name(self) -> None:
        """The national name and motto alone, centred: the head of a declaration or form."""
        pdf = self._pdf
        self._centred(NATIONAL_NAME, "B", 12, pdf.epw, pdf.l_margin)
        self._centred(MOTTO, "B", 13, pdf.epw, pdf.l_margin)
        pdf.set_font(FONT_FAMILY, "B", 13)
        self._rule_under(pdf.l_margin, pdf.epw, pdf.get_string_width(MOTTO))
        pdf.set_xy(pdf.l_margin, pdf.get_y() + 5)

    def title(self, wording: str, *, size: int = 14) -> None:
        """The document's name: bold capitals, centred (box 5a)."""
        self._centred(wording.upper(), "B", size, self._pdf.epw, self._pdf.l_margin)

    def heading(
        self,
        title: str,
        lines: Sequence[tuple[str, Style]] = (),
        *,
        qr_payload: str | None = None,
        qr_size: float = 22.0,
    ) -> None:
        """The document's name and the lines under it, with the QR code of `qr_payload` beside them.

        The code sits at the right margin; the title block is narrowed by the code's width on both
        sides so it stays centred on the page and never runs under the code.
        """
        pdf = self._pdf
        top = pdf.get_y()
        inset = qr_size + 2 if qr_payload else 0.0
        width, x = pdf.epw - 2 * inset, pdf.l_margin + inset
        bottom = self.qr(qr_payload, size=qr_size, y=top) if qr_payload else top
        self._centred(title.upper(), "B", 14, width, x)
        for text, style in lines:
            self._centred(text, style, _BODY_SIZE, width, x)
        pdf.set_xy(pdf.l_margin, max(pdf.get_y(), bottom) + 2)
        pdf.set_font(FONT_FAMILY, "", _BODY_SIZE)

    def centred(self, text: str, *, style: Style = "", size: int = _BODY_SIZE) -> None:
        """A centred line under the title (the subject line, the dossier code, the copy)."""
        self._centred(text, style, size, self._pdf.epw, self._pdf.l_margin)

    def space(self, mm: float = 3.0) -> None:
        """Vertical room between blocks."""
        self._pdf.ln(mm)

    def paragraph(
        self,
        wording: str,
        *,
        style: Style = "",
        indent: bool = True,
        align: Alignment = "J",
        size: int = _BODY_SIZE,
    ) -> None:
        """A paragraph of template wording, justified, its first line indented by about 1 cm."""
        pdf = self._pdf
        pdf.set_font(FONT_FAMILY, style, size)
        text = ("\u00a0" * 6 + wording) if indent else wording
        height = _LINE * size / _BODY_SIZE
        pdf.multi_cell(pdf.epw, height, text, align=Align.coerce(align), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT_FAMILY, "", _BODY_SIZE)

    def field(self, label: str, value: str, *, indent: float = 0.0, value_style: Style = "B") -> None:
        """`Label: value` on a line of its own, the value in bold, wrapping under the label."""
        self.runs(((label + ": ", ""), (value, value_style)), indent=indent)

    def runs(self, parts: Sequence[tuple[str, Style]], *, indent: float = 0.0) -> None:
        """One line of text made of runs in different styles (wording and values), wrapped as one."""
        pdf = self._pdf
        saved = pdf.l_margin
        pdf.set_left_margin(saved + indent)
        pdf.set_x(saved + indent)
        for text, style in parts:
            pdf.set_font(FONT_FAMILY, style, _BODY_SIZE)
            pdf.write(_LINE, text)
        pdf.ln(_LINE)
        pdf.set_left_margin(saved)
        pdf.set_font(FONT_FAMILY, "", _BODY_SIZE)

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        *,
        size: int = 12,
        bold_rows: Collection[int] = (),
    ) -> None:
        """A bordered table; rows that do not fit go to the next page under repeated headings.

        `bold_rows` are indexes into `rows` set in bold (group headings).
        """
        pdf = self._pdf
        total = sum(c.width for c in columns)
        pdf.set_font(FONT_FAMILY, "", size)
        with pdf.table(
            col_widths=tuple(c.width / total for c in columns),
            width=pdf.epw,
            headings_style=FontFace(family=FONT_FAMILY, emphasis="BOLD", size_pt=size),
            text_align=tuple(Align.coerce(c.align) for c in columns),
            line_height=size * 0.46,
            borders_layout=TableBordersLayout.ALL,
            repeat_headings=1,
            padding=(0.8, 1.5),
            v_align="MIDDLE",
        ) as table:
            heading = table.row()
            for column in columns:
                heading.cell(column.heading, align=Align.C)
            bold = FontFace(family=FONT_FAMILY, emphasis="BOLD", size_pt=size)
            for index, values in enumerate(rows):
                if len(values) != len(columns):
                    raise ValueError(f"table row has {len(values)} cells for {len(columns)} columns")
                row = table.row(style=bold if index in bold_rows else None)
                for value in values:
                    row.cell(value)
        pdf.set_font(FONT_FAMILY, "", _BODY_SIZE)
        pdf.ln(2)

    def signatures(self, blocks: Sequence[SignatureBlock], *, room: float = 18.0) -> None:
        """Signature blocks side by side; the whole row moves to a new page rather than split."""
        if not blocks:
            return
        pdf = self._pdf
        height = 4 + 12 + room + 6
        if pdf.will_page_break(height):
            pdf.add_page()
        top = pdf.get_y() + 4
        width = pdf.epw / len(blocks)
        for index, block in enumerate(blocks):
            x = pdf.l_margin + index * width
            pdf.set_xy(x, top)
            self._centred(block.capacity.upper(), "B", 13, width, x)
            self._centred(block.hint, "I", 12, width, x)
            if block.name:
                pdf.set_xy(x, pdf.get_y() + room)
                self._centred(block.name, "B", 13, width, x)
        pdf.set_xy(pdf.l_margin, top + height - 4)

    def closing(self, recipients: Sequence[str], signature: SignatureBlock, *, room: float = 22.0) -> None:
        """Decree 30 boxes 9b and 7: "Nơi nhận" on the left, the signature on the right, side by side."""
        pdf = self._pdf
        height = 4 + 12 + room + 6
        if pdf.will_page_break(max(height, 6 + 5 * len(recipients))):
            pdf.add_page()
        top = pdf.get_y() + 3
        half = pdf.epw / 2
        pdf.set_xy(pdf.l_margin, top + 1)
        pdf.set_font(FONT_FAMILY, "BI", 12)
        pdf.cell(half, 5.5, "Nơi nhận:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT_FAMILY, "", 11)
        for line in recipients:
            pdf.multi_cell(half - 5, 5, f"- {line}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        left_bottom = pdf.get_y()
        right_x = pdf.l_margin + half
        pdf.set_xy(right_x, top)
        self._centred(signature.capacity.upper(), "B", 13, half, right_x)
        self._centred(signature.hint, "I", 12, half, right_x)
        if signature.name:
            pdf.set_xy(right_x, pdf.get_y() + room)
            self._centred(signature.name, "B", 13, half, right_x)
        pdf.set_xy(pdf.l_margin, max(pdf.get_y(), left_bottom) + 2)
        pdf.set_font(FONT_FAMILY, "", _BODY_SIZE)

    def qr(
        self, payload: str, *, size: float = 22.0, x: float | None = None, y: float | None = None
    ) -> float:
        """The QR code of `payload` as a square of `size` mm, at the right margin by default.

        The cursor does not move; the bottom edge of the code is returned so the caller can
        continue below it.
        """
        pdf = self._pdf
        left = pdf.l_margin + pdf.epw - size if x is None else x
        top = pdf.get_y() if y is None else y
        pdf.image(io.BytesIO(qr_png(payload)), x=left, y=top, w=size, h=size)
        return float(top + size)

    # -- position -----------------------------------------------------------------------------------

    @property
    def y(self) -> float:
        """Current vertical position in mm from the top of the page."""
        return float(self._pdf.get_y())

    def set_y(self, y: float) -> None:
        """Move the cursor to `y` mm (left margin)."""
        self._pdf.set_xy(self._pdf.l_margin, y)

    @property
    def page_count(self) -> int:
        """Pages laid out so far."""
        return int(self._pdf.pages_count)

    def output(self) -> bytes:
        """The finished PDF."""
        return bytes(self._pdf.output())

    # -- helpers ------------------------------------------------------------------------------------

    def _centred(self, text: str, style: Style, size: int, width: float, x: float) -> None:
        pdf = self._pdf
        pdf.set_font(FONT_FAMILY, style, size)
        pdf.set_x(x)
        pdf.multi_cell(width, size * 0.44, text, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_x(x)

    def _rule_under(self, x: float, width: float, length: float) -> None:
        pdf = self._pdf
        y = pdf.get_y() + 0.8
        start = x + (width - length) / 2
        pdf.set_line_width(0.3)
        pdf.line(start, y, start + length, y)
        pdf.set_y(y + 1.2)
        pdf.set_x(x)
