"""Vietnamese formats e-forms validate against (R-CAT-4: "validation by predefined formats").

They live in ``servicekit.eforms`` since intake validates dossiers with the same rules; re-exported
here for the catalogue's modules.
"""

from servicekit.eforms import (
    CUSTOM_FORMATS,
    PERSONAL_ID,
    PHONE,
    TAX_CODE,
    checker,
    is_personal_id,
    is_phone,
    is_tax_code,
)

__all__ = [
    "CUSTOM_FORMATS",
    "PERSONAL_ID",
    "PHONE",
    "TAX_CODE",
    "checker",
    "is_personal_id",
    "is_phone",
    "is_tax_code",
]
