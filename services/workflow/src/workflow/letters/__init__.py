"""The agency's letters as PDF (R-PROC-8, stop processing, control sheet): typed data in, bytes out.

- `render_apology` — Phiếu xin lỗi và hẹn lại ngày trả kết quả (form 04)
- `render_stop_notice` — Thông báo dừng giải quyết hồ sơ (TT 03/2025 form 05)
- `render_refusal_after_appraisal` — Phiếu từ chối giải quyết hồ sơ after appraisal (R-PROC-7, form 03 layout)
- `render_control_sheet` — Phiếu kiểm soát quá trình giải quyết hồ sơ (TT 01/2018 form 05, TT 03/2025 form 06)

Inputs are frozen dataclasses whose text fields are checked on construction (`data_text`): the
wording is fixed here, only data fills it. `python -m workflow.letters.preview KIND` writes a
letter with demo data to standard output.
"""

from servicekit.documents import Agency, Applicant, Officer, sha256_hex
from workflow.letters.apology import ApologyLetter, render_apology
from workflow.letters.common import DossierRef
from workflow.letters.control_sheet import (
    ControlSheet,
    HandOver,
    HandOverVerdict,
    Party,
    render_control_sheet,
)
from workflow.letters.refusal import RefusalAfterAppraisal, render_refusal_after_appraisal
from workflow.letters.stop_notice import StopNotice, render_stop_notice

__all__ = [
    "Agency",
    "ApologyLetter",
    "Applicant",
    "ControlSheet",
    "DossierRef",
    "HandOver",
    "HandOverVerdict",
    "Officer",
    "Party",
    "RefusalAfterAppraisal",
    "StopNotice",
    "render_apology",
    "render_control_sheet",
    "render_refusal_after_appraisal",
    "render_stop_notice",
    "sha256_hex",
]
