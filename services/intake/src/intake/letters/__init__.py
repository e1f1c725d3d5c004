"""The desk's legal letters as PDF (R-INT-2, R-INT-3, R-CAT-4): pure functions, typed data in, bytes out.

- `render_receipt` — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (form 01)
- `render_supplement_request` — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (form 02)
- `render_refusal` — Phiếu từ chối tiếp nhận giải quyết hồ sơ (form 03)
- `render_eform_printout` — the data entered in an e-form, for the applicant to keep or print

Inputs are frozen dataclasses whose text fields are checked on construction (`data_text`): a
letter's wording is fixed here, only data fills it. `python -m intake.letters.preview KIND`
writes a letter with demo data to standard output.
"""

from intake.letters.eform import EFormEntry, EFormPrintout, entries_from_schema, render_eform_printout
from intake.letters.receipt import ReceiptCopy, ReceiptLetter, ReceivedComponent, render_receipt
from intake.letters.refusal import RefusalLetter, render_refusal
from intake.letters.supplement import SupplementItem, SupplementRequestLetter, render_supplement_request
from servicekit.documents import Agency, Applicant, Officer, sha256_hex

__all__ = [
    "Agency",
    "Applicant",
    "EFormEntry",
    "EFormPrintout",
    "Officer",
    "ReceiptCopy",
    "ReceiptLetter",
    "ReceivedComponent",
    "RefusalLetter",
    "SupplementItem",
    "SupplementRequestLetter",
    "entries_from_schema",
    "render_eform_printout",
    "render_receipt",
    "render_refusal",
    "render_supplement_request",
    "sha256_hex",
]
