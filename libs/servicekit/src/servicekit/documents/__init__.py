"""Legal documents as PDF: national header, tables, signatures, QR codes, deterministic output.

Renderers in the services (``intake.letters``, ``workflow.letters``) build a `LegalDocument`
from typed, immutable input whose text fields went through `data_text`, and return its bytes.
Tests read documents back with `servicekit.documents.testing`.
"""

from servicekit.documents.document import (
    FONT_FAMILY,
    MEDIA_TYPE,
    PRODUCER,
    Column,
    DocumentInfo,
    LegalDocument,
    SignatureBlock,
    sha256_hex,
)
from servicekit.documents.header import MOTTO, NATIONAL_NAME, NationalHeader
from servicekit.documents.parties import DEFAULT_DESK_NAME, Agency, Applicant, Officer
from servicekit.documents.qr import qr_matrix, qr_png
from servicekit.documents.text import (
    DataTextError,
    data_text,
    optional_data_text,
    place_and_date,
    vn_date,
    vn_date_short,
    vn_datetime,
    vn_number,
)

__all__ = [
    "DEFAULT_DESK_NAME",
    "FONT_FAMILY",
    "MEDIA_TYPE",
    "MOTTO",
    "NATIONAL_NAME",
    "PRODUCER",
    "Agency",
    "Applicant",
    "Column",
    "DataTextError",
    "DocumentInfo",
    "LegalDocument",
    "NationalHeader",
    "Officer",
    "SignatureBlock",
    "data_text",
    "optional_data_text",
    "place_and_date",
    "qr_matrix",
    "qr_png",
    "sha256_hex",
    "vn_date",
    "vn_date_short",
    "vn_datetime",
    "vn_number",
]
