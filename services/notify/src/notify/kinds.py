"""Message kinds: what notify can say, with the variables each template may use and how it is delivered.

A kind's ``code`` is also the template code (``dossier.received``). The delivery policy decides the
channels (``rules.channels_for``):

- ``legal``: a notice the regulations require (R-INT-3, R-PROC-8, R-RES-1, R-NOTI-3). Always in the
  in-app inbox, plus email/SMS as the recipient's preferences allow; never fully switched off.
- ``optional``: informational; sent only on the channels the recipient enabled.
- ``direct``: the caller names the one channel and address (account verification, OTP codes, used by
  the internal OTP endpoint; the answer to an inbound SMS lookup); preferences do not apply. OTP and
  verification codes are ``sensitive``: the stored body is redacted once the message reached a final
  state, and their variables are never logged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Literal

DeliveryPolicy = Literal["legal", "optional", "direct"]


class Channel(StrEnum):
    """The channels a message can travel on; webhooks go to a subscription, not to a recipient."""

    EMAIL = "email"
    SMS = "sms"
    IN_APP = "in_app"
    WEBHOOK = "webhook"


COMMON_VARIABLES: Mapping[str, str] = MappingProxyType(
    {
        "recipient_name": "Họ tên người nhận (có thể trống)",
        "portal_url": "Địa chỉ Cổng Dịch vụ công",
    }
)
_DOSSIER: Mapping[str, str] = {
    "dossier_id": "Mã định danh nội bộ của hồ sơ",
    "dossier_code": "Mã số hồ sơ (R-FMT-2); có thể trống trước khi tiếp nhận",
    "procedure_code": "Mã thủ tục hành chính",
    "agency_code": "Mã cơ quan giải quyết",
}


@dataclass(frozen=True)
class MessageKind:
    code: str
    name: str
    policy: DeliveryPolicy
    variables: Mapping[str, str]
    sample: Mapping[str, Any] = field(default_factory=dict)
    sensitive: bool = False

    @property
    def allowed_variables(self) -> frozenset[str]:
        """Every name a template of this kind may use."""
        return frozenset(self.variables) | frozenset(COMMON_VARIABLES)

    @property
    def legal_notice(self) -> bool:
        return self.policy == "legal"

    def sample_variables(self) -> dict[str, Any]:
        return {"recipient_name": "Nguyễn Văn An", "portal_url": "http://localhost:8000", **self.sample}


_SAMPLE_DOSSIER: dict[str, Any] = {
    "dossier_id": "0193c2a4-0000-7000-8000-000000000001",
    "dossier_code": "000.00.00.G12-261123-0007",
    "procedure_code": "1.005129",
    "agency_code": "000.00.00.G12",
}
_AT = datetime(2026, 11, 23, 2, 30, tzinfo=UTC)


def _kind(
    code: str,
    name: str,
    policy: DeliveryPolicy,
    variables: Mapping[str, str],
    sample: Mapping[str, Any],
    *,
    sensitive: bool = False,
) -> MessageKind:
    return MessageKind(
        code, name, policy, MappingProxyType(dict(variables)), MappingProxyType(dict(sample)), sensitive
    )


def _dossier_kind(
    code: str, name: str, policy: DeliveryPolicy, variables: Mapping[str, str], sample: Mapping[str, Any]
) -> MessageKind:
    return _kind(code, name, policy, {**_DOSSIER, **variables}, {**_SAMPLE_DOSSIER, **sample})


KINDS: Mapping[str, MessageKind] = MappingProxyType(
    {
        k.code: k
        for k in (
            _kind(
                "account.verification",
                "Mã xác minh tài khoản",
                "direct",
                {"code": "Mã xác minh", "expires_in_minutes": "Số phút còn hiệu lực"},
                {"code": "482913", "expires_in_minutes": 10},
                sensitive=True,
            ),
            _kind(
                "account.otp",
                "Mã OTP",
                "direct",
                {
                    "code": "Mã OTP",
                    "purpose": "Mục đích (ví dụ: xác nhận nộp hồ sơ)",
                    "expires_in_minutes": "Số phút còn hiệu lực",
                },
                {"code": "104729", "purpose": "xác nhận nộp hồ sơ", "expires_in_minutes": 3},
                sensitive=True,
            ),
            _kind(
                "sms.lookup_reply",
                "Trả lời tin nhắn tra cứu hồ sơ (R-LOOK-2)",
                "direct",
                {
                    "outcome": "Kết quả: found, not_found, help hoặc unavailable",
                    "dossier_code": "Mã hồ sơ được hỏi (có thể trống)",
                    "status_label": "Tình trạng hồ sơ (R-LOOK-1), khi tìm thấy",
                    "appointment_date": "Ngày hẹn trả kết quả (có thể trống)",
                },
                {
                    "outcome": "found",
                    "dossier_code": "000.00.00.G12-261123-0007",
                    "status_label": "Đang xử lý",
                    "appointment_date": date(2026, 12, 4),
                },
            ),
            _dossier_kind(
                "dossier.submitted",
                "Hồ sơ đã được gửi",
                "optional",
                {"submitted_at": "Thời điểm nộp"},
                {"dossier_code": None, "submitted_at": _AT},
            ),
            _dossier_kind(
                "dossier.received",
                "Tiếp nhận hồ sơ và hẹn trả kết quả (R-INT-2)",
                "legal",
                {"received_at": "Thời điểm tiếp nhận", "appointment_date": "Ngày hẹn trả kết quả"},
                {"received_at": _AT, "appointment_date": date(2026, 12, 4)},
            ),
            _dossier_kind(
                "dossier.supplement_requested",
                "Yêu cầu bổ sung, hoàn thiện hồ sơ (R-INT-3)",
                "legal",
                {
                    "at_desk": "Yêu cầu từ Bộ phận Một cửa (đúng) hay sau thẩm định (sai)",
                    "items": "Danh sách mục cần bổ sung: name, reason, guidance, component_code",
                },
                {
                    "at_desk": True,
                    "items": [
                        {
                            "component_code": "TP01",
                            "name": "Bản sao Giấy khai sinh",
                            "reason": "Bản chụp bị mờ, không đọc được",
                            "guidance": "Tải lên bản chụp rõ nét, đủ 4 góc",
                        },
                        {
                            "component_code": None,
                            "name": "Tờ khai",
                            "reason": "Thiếu chữ ký",
                            "guidance": "Ký và ghi rõ họ tên ở trang cuối",
                        },
                    ],
                },
            ),
            _dossier_kind(
                "dossier.refused",
                "Từ chối tiếp nhận, giải quyết hồ sơ (R-INT-3, R-PROC-7)",
                "legal",
                {
                    "at_desk": "Từ chối tại Bộ phận Một cửa (đúng) hay sau thẩm định (sai)",
                    "reasons": "Các lý do",
                },
                {"at_desk": True, "reasons": ["Thủ tục không thuộc thẩm quyền của cơ quan"]},
            ),
            _dossier_kind(
                "dossier.processing_started",
                "Hồ sơ bắt đầu được xử lý",
                "optional",
                {"due_date": "Hạn giải quyết (có thể trống)"},
                {"due_date": date(2026, 12, 4)},
            ),
            _dossier_kind(
                "dossier.extended",
                "Xin lỗi và hẹn lại ngày trả kết quả (R-PROC-8)",
                "legal",
                {
                    "reason": "Lý do chậm",
                    "previous_appointment_date": "Ngày hẹn cũ",
                    "new_appointment_date": "Ngày hẹn mới",
                },
                {
                    "reason": "Cần xác minh thêm thông tin với cơ quan liên quan",
                    "previous_appointment_date": date(2026, 12, 4),
                    "new_appointment_date": date(2026, 12, 11),
                },
            ),
            _dossier_kind(
                "dossier.early_return",
                "Thông báo trả kết quả sớm (R-RES-1)",
                "legal",
                {"appointment_date": "Ngày hẹn trả kết quả", "ready_date": "Ngày có kết quả"},
                {"appointment_date": date(2026, 12, 4), "ready_date": date(2026, 11, 30)},
            ),
            _dossier_kind(
                "dossier.result_ready",
                "Hồ sơ đã có kết quả (R-NOTI-3)",
                "legal",
                {"appointment_date": "Ngày hẹn trả kết quả"},
                {"appointment_date": date(2026, 12, 4)},
            ),
            _dossier_kind(
                "dossier.returned",
                "Đã trả kết quả",
                "optional",
                {"return_channel": "Hình thức trả kết quả (đã diễn giải)"},
                {"return_channel": "trực tuyến"},
            ),
            _dossier_kind(
                "dossier.stopped",
                "Thông báo dừng giải quyết hồ sơ",
                "legal",
                {"reason": "Lý do dừng"},
                {"reason": "Người nộp không bổ sung hồ sơ trong thời hạn"},
            ),
            _dossier_kind(
                "dossier.withdrawn",
                "Hồ sơ đã được rút",
                "optional",
                {"reason": "Lý do (có thể trống)"},
                {"reason": None},
            ),
            _dossier_kind(
                "payment.requested",
                "Yêu cầu thực hiện nghĩa vụ tài chính",
                "legal",
                {
                    "amount": "Tổng số tiền (VND)",
                    "fee_lines": "Các khoản: name, amount",
                    "description": "Nội dung",
                },
                {
                    "amount": 1_500_000,
                    "fee_lines": [{"name": "Lệ phí cấp giấy phép", "amount": 1_500_000}],
                    "description": "Lệ phí hồ sơ 000.00.00.G12-261123-0007",
                },
            ),
            _dossier_kind(
                "payment.succeeded",
                "Thanh toán thành công",
                "optional",
                {
                    "amount": "Số tiền (VND)",
                    "method": "Hình thức thanh toán (đã diễn giải)",
                    "transaction_ref": "Mã giao dịch",
                    "paid_at": "Thời điểm thanh toán",
                },
                {
                    "amount": 1_500_000,
                    "method": "cổng thanh toán trực tuyến",
                    "transaction_ref": "VNP14226112",
                    "paid_at": _AT,
                },
            ),
            _dossier_kind(
                "payment.failed",
                "Thanh toán chưa thành công",
                "optional",
                {"method": "Hình thức thanh toán (đã diễn giải)", "reason": "Lý do không thành công"},
                {"method": "cổng thanh toán trực tuyến", "reason": "Khách hàng hủy giao dịch"},
            ),
            _dossier_kind(
                "payment.waived",
                "Miễn phí, lệ phí",
                "optional",
                {"reason": "Căn cứ miễn phí, lệ phí"},
                {"reason": "Người có công với cách mạng (miễn lệ phí theo quy định)"},
            ),
            _dossier_kind(
                "payment.refunded",
                "Hoàn trả phí, lệ phí (R-PAY-4)",
                "optional",
                {"amount": "Số tiền hoàn (VND)", "reason": "Lý do hoàn"},
                {"amount": 1_500_000, "reason": "Cơ quan không thực hiện được dịch vụ"},
            ),
            _kind(
                "feedback.answered",
                "Phản ánh, kiến nghị đã được trả lời (R-FB-4)",
                "optional",
                {
                    "feedback_title": "Tiêu đề phản ánh",
                    "answer": "Nội dung trả lời",
                    "answered_at": "Thời điểm trả lời",
                    "dossier_code": "Mã hồ sơ liên quan (có thể trống)",
                },
                {
                    "feedback_title": "Chậm trả kết quả",
                    "answer": "Cơ quan đã trả kết quả ngày 30/11/2026. Xin cảm ơn ý kiến của Ông/Bà.",
                    "answered_at": _AT,
                    "dossier_code": "000.00.00.G12-261123-0007",
                },
            ),
            _kind(
                "portal.maintenance",
                "Thông báo bảo trì hệ thống (R-OPS-1)",
                "optional",
                {"starts_at": "Thời điểm bắt đầu", "expected_end_at": "Thời điểm dự kiến hoạt động lại"},
                {
                    "starts_at": datetime(2026, 11, 28, 15, 0, tzinfo=UTC),
                    "expected_end_at": datetime(2026, 11, 28, 19, 0, tzinfo=UTC),
                },
            ),
        )
    }
)


def kind_for(code: str) -> MessageKind | None:
    return KINDS.get(code)
