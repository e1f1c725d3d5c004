"""The dossier lifecycle of DESIGN §3 and its codes: R-FMT-4 (national sync) and R-LOOK-2 (public lookup)."""

from __future__ import annotations

import itertools

import pytest

from contracts.lifecycle import (
    TERMINAL_STATUSES,
    TRANSITIONS,
    ApplicantKind,
    Channel,
    DossierStatus,
    LookupStatus,
    NationalStatus,
    TransitionNotAllowed,
    allowed_transitions,
    can_transition,
    ensure_transition,
    is_terminal,
    lookup_status,
    national_status,
    status_after_supplement,
)

S = DossierStatus

# Every arrow of the DESIGN §3 diagram, plus the withdrawals ("at any point before resolved") and
# the payment loop (awaiting_payment before processing starts or before the result is returned).
DIAGRAM: set[tuple[DossierStatus, DossierStatus]] = {
    (S.DRAFT, S.SUBMITTED),  # submit
    (S.SUBMITTED, S.RECEIVED),  # desk accepts
    (S.SUBMITTED, S.REFUSED),  # desk refuses
    (S.SUBMITTED, S.SUPPLEMENT_REQUESTED),  # desk asks supplement
    (S.RECEIVED, S.PROCESSING),
    (S.RECEIVED, S.AWAITING_PAYMENT),
    (S.AWAITING_PAYMENT, S.PROCESSING),  # paid
    (S.PROCESSING, S.AWAITING_PAYMENT),  # payment before the result is returned
    (S.PROCESSING, S.RESOLVED),  # approve
    (S.PROCESSING, S.REFUSED),  # not eligible
    (S.PROCESSING, S.STOPPED),  # stop with reason
    (S.PROCESSING, S.SUPPLEMENT_REQUESTED),  # appraisal insufficient
    (S.SUPPLEMENT_REQUESTED, S.SUBMITTED),  # applicant supplements a desk request
    (S.SUPPLEMENT_REQUESTED, S.PROCESSING),  # applicant supplements after appraisal
    (S.RESOLVED, S.RETURNED),  # return
}
WITHDRAWABLE = {S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.AWAITING_PAYMENT}
ALLOWED = DIAGRAM | {(s, S.WITHDRAWN) for s in WITHDRAWABLE}


@pytest.mark.parametrize(("src", "dst"), sorted(ALLOWED))
def test_every_transition_of_the_diagram_is_allowed(src: DossierStatus, dst: DossierStatus) -> None:
    assert can_transition(src, dst)
    assert dst in allowed_transitions(src)
    ensure_transition(src, dst)


def test_nothing_else_is_allowed() -> None:
    table = {(src, dst) for src, dsts in TRANSITIONS.items() for dst in dsts}
    assert table == ALLOWED
    assert set(TRANSITIONS) == set(DossierStatus)


FORBIDDEN = [
    (S.RETURNED, S.PROCESSING),  # a returned dossier is closed
    (S.DRAFT, S.RECEIVED),  # the desk receives only what was submitted
    (S.DRAFT, S.WITHDRAWN),  # a draft is deleted, not withdrawn
    (S.RESOLVED, S.WITHDRAWN),  # withdrawal only before resolution
    (S.RETURNED, S.WITHDRAWN),
    (S.SUBMITTED, S.PROCESSING),  # the desk receives first (R-INT-3)
    (S.SUBMITTED, S.RESOLVED),
    (S.RECEIVED, S.RESOLVED),
    (S.RECEIVED, S.SUBMITTED),
    (S.AWAITING_PAYMENT, S.RESOLVED),
    (S.PROCESSING, S.RETURNED),  # the result exists before it is returned
    (S.PROCESSING, S.RECEIVED),
    (S.SUPPLEMENT_REQUESTED, S.RESOLVED),
    (S.REFUSED, S.SUBMITTED),
    (S.STOPPED, S.PROCESSING),
    (S.WITHDRAWN, S.SUBMITTED),
    (S.RESOLVED, S.PROCESSING),
]


@pytest.mark.parametrize(("src", "dst"), FORBIDDEN)
def test_forbidden_transitions_are_refused(src: DossierStatus, dst: DossierStatus) -> None:
    assert not can_transition(src, dst)
    with pytest.raises(TransitionNotAllowed) as caught:
        ensure_transition(src, dst)
    assert caught.value.src is src
    assert caught.value.dst is dst
    assert repr(src.value) in str(caught.value)
    assert repr(dst.value) in str(caught.value)


@pytest.mark.parametrize("status", list(DossierStatus))
def test_no_status_moves_to_itself(status: DossierStatus) -> None:
    assert not can_transition(status, status)


def test_terminal_statuses_are_returned_refused_stopped_withdrawn() -> None:
    assert {S.RETURNED, S.REFUSED, S.STOPPED, S.WITHDRAWN} == TERMINAL_STATUSES


@pytest.mark.parametrize("status", list(DossierStatus))
def test_terminal_statuses_have_no_exit(status: DossierStatus) -> None:
    assert is_terminal(status) == (status in TERMINAL_STATUSES)
    if is_terminal(status):
        assert allowed_transitions(status) == frozenset()
        for dst in DossierStatus:
            assert not can_transition(status, dst)
    else:
        assert allowed_transitions(status)


def test_every_status_is_reachable_from_draft() -> None:
    seen = {S.DRAFT}
    frontier = [S.DRAFT]
    while frontier:
        for dst in allowed_transitions(frontier.pop()):
            if dst not in seen:
                seen.add(dst)
                frontier.append(dst)
    assert seen == set(DossierStatus)


def test_a_supplement_goes_back_to_whoever_asked() -> None:
    assert status_after_supplement(requested_at_desk=True) is S.SUBMITTED
    assert status_after_supplement(requested_at_desk=False) is S.PROCESSING
    for requested_at_desk in (True, False):
        assert can_transition(
            S.SUPPLEMENT_REQUESTED, status_after_supplement(requested_at_desk=requested_at_desk)
        )


def test_every_status_has_a_vietnamese_label() -> None:
    labels = [status.label for status in DossierStatus]
    assert all(labels)
    assert len(set(labels)) == len(labels)


# R-FMT-4, word for word.
R_FMT_4 = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}


def test_r_fmt_4_national_codes_and_labels() -> None:
    assert {int(code): code.label for code in NationalStatus} == R_FMT_4


@pytest.mark.parametrize(
    ("status", "refused_at_desk", "code"),
    [
        (S.SUBMITTED, False, 1),
        (S.RECEIVED, False, 2),
        (S.REFUSED, True, 3),
        (S.PROCESSING, False, 4),
        (S.SUPPLEMENT_REQUESTED, False, 5),
        (S.AWAITING_PAYMENT, False, 6),
        (S.WITHDRAWN, False, 7),
        (S.STOPPED, False, 8),
        (S.REFUSED, False, 8),
        (S.RESOLVED, False, 9),
        (S.RETURNED, False, 10),
    ],
)
def test_r_fmt_4_status_of_each_dossier_status(
    status: DossierStatus, refused_at_desk: bool, code: int
) -> None:
    national = national_status(status, refused_at_desk=refused_at_desk)
    assert national == code
    assert national.label == R_FMT_4[code]


@pytest.mark.parametrize("status", [s for s in DossierStatus if s is not S.REFUSED])
def test_r_fmt_4_desk_flag_only_matters_for_refusals(status: DossierStatus) -> None:
    if status is S.DRAFT:
        return
    assert national_status(status, refused_at_desk=True) == national_status(status)


def test_r_fmt_4_a_draft_has_no_national_code() -> None:
    with pytest.raises(ValueError, match="draft"):
        national_status(S.DRAFT)


def test_r_fmt_4_channel_and_applicant_codes() -> None:
    assert {c: c.national_code for c in Channel} == {Channel.DESK: 1, Channel.ONLINE: 2, Channel.POSTAL: 3}
    assert ApplicantKind.CITIZEN.national_code == 1
    assert ApplicantKind.ORGANISATION.national_code == 2


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (S.DRAFT, None),
        (S.SUBMITTED, None),  # not yet received
        (S.RECEIVED, LookupStatus.RECEIVED),
        (S.REFUSED, LookupStatus.REFUSED),
        (S.PROCESSING, LookupStatus.PROCESSING),
        (S.SUPPLEMENT_REQUESTED, LookupStatus.PROCESSING),
        (S.AWAITING_PAYMENT, LookupStatus.PROCESSING),
        (S.WITHDRAWN, LookupStatus.REFUSED),
        (S.STOPPED, LookupStatus.REFUSED),
        (S.RESOLVED, LookupStatus.RESOLVED),
        (S.RETURNED, LookupStatus.RETURNED),
    ],
)
def test_r_look_2_public_lookup_status(status: DossierStatus, expected: LookupStatus | None) -> None:
    assert lookup_status(status) is expected


def test_r_look_2_lookup_statuses_and_vietnamese_labels() -> None:
    assert [s.value for s in LookupStatus] == ["received", "processing", "resolved", "returned", "refused"]
    assert LookupStatus.RECEIVED.label == "Đã tiếp nhận"
    assert LookupStatus.PROCESSING.label == "Đang xử lý"
    assert LookupStatus.RETURNED.label == "Đã trả kết quả"
    labels = [s.label for s in LookupStatus]
    assert len(set(labels)) == len(labels)


def test_r_look_2_every_lookup_status_is_used() -> None:
    shown = {lookup_status(s) for s in DossierStatus} - {None}
    assert shown == set(LookupStatus)


def test_enums_compare_equal_to_their_wire_values() -> None:
    for a, b in itertools.product(DossierStatus, repeat=2):
        assert (a == b.value) == (a is b)
    assert NationalStatus(4) is NationalStatus.PROCESSING
