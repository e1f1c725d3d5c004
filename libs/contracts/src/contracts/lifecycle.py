"""The dossier lifecycle (DESIGN §3): statuses, allowed transitions and their national/public codes.

Pure data and functions, no I/O. Intake and workflow call `ensure_transition` before they change a
dossier's status and emit the matching event; the national sync uses `national_status` (R-FMT-4) and
the public lookup uses `lookup_status` (R-LOOK-2).

Decisions the diagram leaves open, made here:
- A draft is never withdrawn: it has not been filed, so the applicant simply deletes it.
  Withdrawal is possible from every status after submission and before resolution.
- Payment may be asked before processing starts (received → awaiting_payment) or before the
  result is returned (processing → awaiting_payment); either way a successful payment leads back
  to processing, and approval (processing → resolved) follows.
- A supplement answers whoever asked: a desk request goes back to submitted (the desk checks
  completeness again), an appraisal request goes back to processing (`status_after_supplement`).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum, StrEnum
from types import MappingProxyType

__all__ = [
    "TERMINAL_STATUSES",
    "TRANSITIONS",
    "ApplicantKind",
    "Channel",
    "DossierStatus",
    "LookupStatus",
    "NationalStatus",
    "TransitionNotAllowed",
    "allowed_transitions",
    "can_transition",
    "ensure_transition",
    "is_terminal",
    "lookup_status",
    "national_status",
    "status_after_supplement",
]


class DossierStatus(StrEnum):
    """Where a dossier (hồ sơ) stands in its lifecycle."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RECEIVED = "received"
    PROCESSING = "processing"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    AWAITING_PAYMENT = "awaiting_payment"
    RESOLVED = "resolved"
    RETURNED = "returned"
    REFUSED = "refused"
    STOPPED = "stopped"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """Vietnamese label for screens and letters."""
        return _STATUS_LABELS[self]


_STATUS_LABELS: Mapping[DossierStatus, str] = MappingProxyType(
    {
        DossierStatus.DRAFT: "Bản nháp",
        DossierStatus.SUBMITTED: "Đã nộp, chờ tiếp nhận",
        DossierStatus.RECEIVED: "Đã tiếp nhận",
        DossierStatus.PROCESSING: "Đang xử lý",
        DossierStatus.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
        DossierStatus.AWAITING_PAYMENT: "Chờ thực hiện nghĩa vụ tài chính",
        DossierStatus.RESOLVED: "Đã xử lý xong",
        DossierStatus.RETURNED: "Đã trả kết quả",
        DossierStatus.REFUSED: "Từ chối giải quyết",
        DossierStatus.STOPPED: "Dừng xử lý",
        DossierStatus.WITHDRAWN: "Đã rút hồ sơ",
    }
)

_S = DossierStatus

#: Every allowed transition, source → destinations (DESIGN §3).
TRANSITIONS: Mapping[DossierStatus, frozenset[DossierStatus]] = MappingProxyType(
    {
        _S.DRAFT: frozenset({_S.SUBMITTED}),
        _S.SUBMITTED: frozenset({_S.RECEIVED, _S.REFUSED, _S.SUPPLEMENT_REQUESTED, _S.WITHDRAWN}),
        _S.RECEIVED: frozenset({_S.PROCESSING, _S.AWAITING_PAYMENT, _S.WITHDRAWN}),
        _S.AWAITING_PAYMENT: frozenset({_S.PROCESSING, _S.WITHDRAWN}),
        _S.PROCESSING: frozenset(
            {
                _S.RESOLVED,
                _S.REFUSED,
                _S.STOPPED,
                _S.SUPPLEMENT_REQUESTED,
                _S.AWAITING_PAYMENT,
                _S.WITHDRAWN,
            }
        ),
        _S.SUPPLEMENT_REQUESTED: frozenset({_S.SUBMITTED, _S.PROCESSING, _S.WITHDRAWN}),
        _S.RESOLVED: frozenset({_S.RETURNED}),
        _S.RETURNED: frozenset(),
        _S.REFUSED: frozenset(),
        _S.STOPPED: frozenset(),
        _S.WITHDRAWN: frozenset(),
    }
)

TERMINAL_STATUSES: frozenset[DossierStatus] = frozenset(s for s, dst in TRANSITIONS.items() if not dst)


class TransitionNotAllowed(Exception):
    """A status change that the lifecycle does not allow."""

    def __init__(self, src: DossierStatus, dst: DossierStatus) -> None:
        self.src = src
        self.dst = dst
        allowed = ", ".join(sorted(TRANSITIONS[src])) or "none, it is terminal"
        super().__init__(
            f"dossier status cannot change from {src.value!r} to {dst.value!r}"
            f" (allowed from {src.value!r}: {allowed})"
        )


def allowed_transitions(status: DossierStatus) -> frozenset[DossierStatus]:
    """The statuses a dossier in `status` may move to."""
    return TRANSITIONS[status]


def can_transition(src: DossierStatus, dst: DossierStatus) -> bool:
    """Whether a dossier may move from `src` to `dst`."""
    return dst in TRANSITIONS[src]


def ensure_transition(src: DossierStatus, dst: DossierStatus) -> None:
    """Raise `TransitionNotAllowed` unless a dossier may move from `src` to `dst`."""
    if not can_transition(src, dst):
        raise TransitionNotAllowed(src, dst)


def is_terminal(status: DossierStatus) -> bool:
    """Whether `status` is final: returned, refused, stopped or withdrawn."""
    return status in TERMINAL_STATUSES


def status_after_supplement(*, requested_at_desk: bool) -> DossierStatus:
    """Where a supplemented dossier goes: back to the desk's check, or back to appraisal."""
    return DossierStatus.SUBMITTED if requested_at_desk else DossierStatus.PROCESSING


class NationalStatus(IntEnum):
    """`TrangThaiHoSo`, the status code synchronised with the national portal (R-FMT-4)."""

    REGISTERED = 1
    RECEIVED = 2
    NOT_RECEIVED = 3
    PROCESSING = 4
    SUPPLEMENT_REQUESTED = 5
    FINANCIAL_OBLIGATION_REQUESTED = 6
    WITHDRAWAL_REQUESTED = 7
    STOPPED = 8
    RESOLVED = 9
    RESULT_RETURNED = 10

    @property
    def label(self) -> str:
        """The Vietnamese name of the code, as the national portal spells it."""
        return _NATIONAL_LABELS[self]


_NATIONAL_LABELS: Mapping[NationalStatus, str] = MappingProxyType(
    {
        NationalStatus.REGISTERED: "Mới đăng ký",
        NationalStatus.RECEIVED: "Được tiếp nhận",
        NationalStatus.NOT_RECEIVED: "Không được tiếp nhận",
        NationalStatus.PROCESSING: "Đang xử lý",
        NationalStatus.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung giấy tờ",
        NationalStatus.FINANCIAL_OBLIGATION_REQUESTED: "Yêu cầu thực hiện nghĩa vụ tài chính",
        NationalStatus.WITHDRAWAL_REQUESTED: "Công dân yêu cầu rút hồ sơ",
        NationalStatus.STOPPED: "Dừng xử lý",
        NationalStatus.RESOLVED: "Đã xử lý xong",
        NationalStatus.RESULT_RETURNED: "Đã trả kết quả",
    }
)

_NATIONAL: Mapping[DossierStatus, NationalStatus] = MappingProxyType(
    {
        _S.SUBMITTED: NationalStatus.REGISTERED,
        _S.RECEIVED: NationalStatus.RECEIVED,
        _S.PROCESSING: NationalStatus.PROCESSING,
        _S.SUPPLEMENT_REQUESTED: NationalStatus.SUPPLEMENT_REQUESTED,
        _S.AWAITING_PAYMENT: NationalStatus.FINANCIAL_OBLIGATION_REQUESTED,
        _S.WITHDRAWN: NationalStatus.WITHDRAWAL_REQUESTED,
        _S.STOPPED: NationalStatus.STOPPED,
        _S.REFUSED: NationalStatus.STOPPED,
        _S.RESOLVED: NationalStatus.RESOLVED,
        _S.RETURNED: NationalStatus.RESULT_RETURNED,
    }
)


def national_status(status: DossierStatus, *, refused_at_desk: bool = False) -> NationalStatus:
    """The `TrangThaiHoSo` code of a dossier (R-FMT-4).

    A refusal is code 3 when the desk refused to receive the dossier and code 8 when the agency
    refused it after appraisal; `refused_at_desk` is only consulted for `refused`. A draft has
    not been filed and has no national code: `ValueError`.
    """
    if status is DossierStatus.REFUSED and refused_at_desk:
        return NationalStatus.NOT_RECEIVED
    try:
        return _NATIONAL[status]
    except KeyError:
        raise ValueError(f"dossier status {status.value!r} has no national status code") from None


class LookupStatus(StrEnum):
    """The status the public lookup shows (R-LOOK-2)."""

    RECEIVED = "received"
    PROCESSING = "processing"
    RESOLVED = "resolved"
    RETURNED = "returned"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        """Vietnamese label shown on the lookup page, SMS reply and kiosk."""
        return _LOOKUP_LABELS[self]


_LOOKUP_LABELS: Mapping[LookupStatus, str] = MappingProxyType(
    {
        LookupStatus.RECEIVED: "Đã tiếp nhận",
        LookupStatus.PROCESSING: "Đang xử lý",
        LookupStatus.RESOLVED: "Đã xử lý xong, có kết quả",
        LookupStatus.RETURNED: "Đã trả kết quả",
        LookupStatus.REFUSED: "Từ chối hoặc dừng giải quyết",
    }
)

_LOOKUP: Mapping[DossierStatus, LookupStatus] = MappingProxyType(
    {
        _S.RECEIVED: LookupStatus.RECEIVED,
        _S.PROCESSING: LookupStatus.PROCESSING,
        _S.SUPPLEMENT_REQUESTED: LookupStatus.PROCESSING,
        _S.AWAITING_PAYMENT: LookupStatus.PROCESSING,
        _S.RESOLVED: LookupStatus.RESOLVED,
        _S.RETURNED: LookupStatus.RETURNED,
        _S.REFUSED: LookupStatus.REFUSED,
        _S.STOPPED: LookupStatus.REFUSED,
        _S.WITHDRAWN: LookupStatus.REFUSED,
    }
)


def lookup_status(status: DossierStatus) -> LookupStatus | None:
    """The public lookup status of a dossier (R-LOOK-2), or None before the desk has received it."""
    return _LOOKUP.get(status)


class Channel(StrEnum):
    """How a dossier arrives or a result leaves (R-INT-1, R-RES-1)."""

    DESK = "desk"
    ONLINE = "online"
    POSTAL = "postal"

    @property
    def national_code(self) -> int:
        """`HinhThuc` (R-FMT-4): 1 direct at the desk, 2 online, 3 postal."""
        return _CHANNEL_CODES[self]


_CHANNEL_CODES: Mapping[Channel, int] = MappingProxyType(
    {Channel.DESK: 1, Channel.ONLINE: 2, Channel.POSTAL: 3}
)


class ApplicantKind(StrEnum):
    """Who files the dossier."""

    CITIZEN = "citizen"
    ORGANISATION = "organisation"

    @property
    def national_code(self) -> int:
        """`LoaiDoiTuong` (R-FMT-4): 1 citizen, 2 organisation/business."""
        return 1 if self is ApplicantKind.CITIZEN else 2
