"""Default Vietnamese notices (version 1, seeded by migration 0004): code → (title, body, SMS).

The title is the email subject and the in-app title; the body is the in-app text and the middle of
the email (between the greeting and the footer added in ``defaults/__init__``).
"""

from __future__ import annotations

_CODE = "{% if dossier_code %} {{ dossier_code }}{% endif %}"

NOTICES: dict[str, tuple[str, str, str]] = {
    "account.verification": (
        "Mã xác minh tài khoản",
        "Mã xác minh tài khoản của Ông/Bà trên Cổng Dịch vụ công là {{ code }}. "
        "Mã có hiệu lực trong {{ expires_in_minutes }} phút.\n\n"
        "Không cung cấp mã này cho bất kỳ ai, kể cả cán bộ.",
        "Mã xác minh tài khoản Cổng Dịch vụ công: {{ code }} (hiệu lực {{ expires_in_minutes }} phút). "
        "Không cung cấp mã cho bất kỳ ai.",
    ),
    "account.otp": (
        "Mã OTP",
        "Mã OTP để {{ purpose }} là {{ code }}, có hiệu lực trong {{ expires_in_minutes }} phút.\n\n"
        "Không cung cấp mã này cho bất kỳ ai, kể cả cán bộ.",
        "Mã OTP để {{ purpose }}: {{ code }} (hiệu lực {{ expires_in_minutes }} phút). "
        "Không cung cấp mã cho bất kỳ ai.",
    ),
    "dossier.submitted": (
        "Hồ sơ đã được gửi",
        "Hồ sơ" + _CODE + " của Ông/Bà (thủ tục {{ procedure_code }}) đã được gửi tới cơ quan "
        "{{ agency_code }} lúc {{ submitted_at|datetime }} và đang chờ Bộ phận Một cửa kiểm tra, tiếp nhận.",
        "Hồ sơ thủ tục {{ procedure_code }} đã được gửi tới cơ quan {{ agency_code }}, đang chờ tiếp nhận.",
    ),
    "dossier.received": (
        "Hồ sơ {{ dossier_code }} đã được tiếp nhận",
        "Hồ sơ {{ dossier_code }} (thủ tục {{ procedure_code }}) đã được cơ quan {{ agency_code }} "
        "tiếp nhận lúc {{ received_at|datetime }}.\n\n"
        "Ngày hẹn trả kết quả: {{ appointment_date|date }}.\n\n"
        "Ông/Bà dùng mã số hồ sơ {{ dossier_code }} để tra cứu tình trạng giải quyết.",
        "Hồ sơ {{ dossier_code }} đã được tiếp nhận. Ngày hẹn trả kết quả: {{ appointment_date|date }}.",
    ),
    "dossier.supplement_requested": (
        "Yêu cầu bổ sung, hoàn thiện hồ sơ" + _CODE,
        "{% if at_desk %}Bộ phận Một cửa{% else %}Cơ quan {{ agency_code }}{% endif %} đề nghị Ông/Bà "
        "bổ sung, hoàn thiện hồ sơ" + _CODE + " (thủ tục {{ procedure_code }}) với các nội dung sau:\n\n"
        "{% for item in items %}\n"
        "{{ loop.index }}. {{ item.name }}\n"
        "Lý do: {{ item.reason }}\n"
        "Hướng dẫn: {{ item.guidance }}\n\n"
        "{% endfor %}\n"
        "Đây là toàn bộ nội dung cần bổ sung của hồ sơ (yêu cầu một lần, đầy đủ).",
        "Hồ sơ" + _CODE + " cần bổ sung {{ items|length }} nội dung. "
        "Chi tiết đã được gửi tới hộp thư của Ông/Bà trên Cổng Dịch vụ công.",
    ),
    "dossier.refused": (
        "{% if at_desk %}Từ chối tiếp nhận{% else %}Từ chối giải quyết{% endif %} hồ sơ" + _CODE,
        "{% if at_desk %}Bộ phận Một cửa từ chối tiếp nhận{% else %}Cơ quan {{ agency_code }} "
        "từ chối giải quyết{% endif %} hồ sơ" + _CODE + " (thủ tục {{ procedure_code }}) vì:\n\n"
        "{% for reason in reasons %}\n"
        "- {{ reason }}\n"
        "{% endfor %}",
        "Hồ sơ" + _CODE + " bị {% if at_desk %}từ chối tiếp nhận{% else %}từ chối giải quyết{% endif %}: "
        "{{ reasons|join('; ') }}.",
    ),
    "dossier.processing_started": (
        "Hồ sơ {{ dossier_code }} đang được giải quyết",
        "Cơ quan {{ agency_code }} đã bắt đầu giải quyết hồ sơ {{ dossier_code }} "
        "(thủ tục {{ procedure_code }}).{% if due_date %} Hạn giải quyết: {{ due_date|date }}.{% endif %}",
        "Hồ sơ {{ dossier_code }} đang được giải quyết."
        "{% if due_date %} Hạn giải quyết: {{ due_date|date }}.{% endif %}",
    ),
    "dossier.extended": (
        "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {{ dossier_code }}",
        "Cơ quan {{ agency_code }} thành thật xin lỗi Ông/Bà vì hồ sơ {{ dossier_code }} "
        "(thủ tục {{ procedure_code }}) chưa thể trả kết quả đúng hẹn ngày "
        "{{ previous_appointment_date|date }}.\n\n"
        "Lý do: {{ reason }}\n\n"
        "Ngày hẹn trả kết quả mới: {{ new_appointment_date|date }}.\n\n"
        "Mong Ông/Bà thông cảm.",
        "Xin lỗi Ông/Bà: hồ sơ {{ dossier_code }} chưa trả kết quả đúng hẹn "
        "{{ previous_appointment_date|date }}. Lý do: {{ reason }}. "
        "Ngày hẹn mới: {{ new_appointment_date|date }}.",
    ),
    "dossier.early_return": (
        "Hồ sơ {{ dossier_code }} có kết quả sớm",
        "Hồ sơ {{ dossier_code }} (thủ tục {{ procedure_code }}) đã có kết quả từ ngày "
        "{{ ready_date|date }}, sớm hơn ngày hẹn trả {{ appointment_date|date }}.\n\n"
        "Ông/Bà có thể nhận kết quả từ ngày {{ ready_date|date }} theo hình thức đã đăng ký.",
        "Hồ sơ {{ dossier_code }} đã có kết quả sớm, nhận từ ngày {{ ready_date|date }} "
        "(hẹn trả {{ appointment_date|date }}).",
    ),
    "dossier.result_ready": (
        "Hồ sơ {{ dossier_code }} đã có kết quả",
        "Hồ sơ {{ dossier_code }} (thủ tục {{ procedure_code }}) đã được giải quyết xong.\n\n"
        "Ông/Bà nhận kết quả theo hình thức đã đăng ký; ngày hẹn trả kết quả: {{ appointment_date|date }}.",
        "Hồ sơ {{ dossier_code }} đã có kết quả. Ngày hẹn trả: {{ appointment_date|date }}.",
    ),
    "dossier.returned": (
        "Đã trả kết quả hồ sơ {{ dossier_code }}",
        "Kết quả giải quyết hồ sơ {{ dossier_code }} (thủ tục {{ procedure_code }}) "
        "đã được trả {{ return_channel }}.",
        "Kết quả hồ sơ {{ dossier_code }} đã được trả {{ return_channel }}.",
    ),
    "dossier.stopped": (
        "Thông báo dừng giải quyết hồ sơ {{ dossier_code }}",
        "Cơ quan {{ agency_code }} thông báo dừng giải quyết hồ sơ {{ dossier_code }} "
        "(thủ tục {{ procedure_code }}).\n\n"
        "Lý do: {{ reason }}",
        "Hồ sơ {{ dossier_code }} bị dừng giải quyết. Lý do: {{ reason }}.",
    ),
    "dossier.withdrawn": (
        "Hồ sơ" + _CODE + " đã được rút",
        "Theo yêu cầu của Ông/Bà, hồ sơ" + _CODE + " (thủ tục {{ procedure_code }}) đã được rút "
        "và không tiếp tục giải quyết.{% if reason %}\n\nLý do: {{ reason }}{% endif %}",
        "Hồ sơ" + _CODE + " đã được rút theo yêu cầu của Ông/Bà.",
    ),
    "payment.requested": (
        "Yêu cầu nộp phí, lệ phí hồ sơ" + _CODE,
        "Để tiếp tục giải quyết hồ sơ" + _CODE + ", Ông/Bà cần nộp {{ amount|vnd }} "
        "({{ description }}), gồm:\n\n"
        "{% for line in fee_lines %}\n"
        "- {{ line.name }}: {{ line.amount|vnd }}\n"
        "{% endfor %}\n\n"
        "Ông/Bà có thể thanh toán trực tuyến trên Cổng Dịch vụ công.",
        "Hồ sơ" + _CODE + ": cần nộp {{ amount|vnd }} phí, lệ phí để tiếp tục giải quyết.",
    ),
    "payment.succeeded": (
        "Đã nhận thanh toán {{ amount|vnd }}",
        "Cơ quan đã nhận khoản thanh toán {{ amount|vnd }} cho hồ sơ" + _CODE + " qua {{ method }} "
        "lúc {{ paid_at|datetime }}.\n\n"
        "Mã giao dịch: {{ transaction_ref }}",
        "Đã nhận thanh toán {{ amount|vnd }} cho hồ sơ" + _CODE + ". Mã giao dịch: {{ transaction_ref }}.",
    ),
    "payment.refunded": (
        "Hoàn trả {{ amount|vnd }} phí, lệ phí",
        "Khoản phí, lệ phí {{ amount|vnd }} của hồ sơ" + _CODE + " được hoàn trả cho Ông/Bà.\n\n"
        "Lý do: {{ reason }}",
        "Hồ sơ" + _CODE + ": hoàn trả {{ amount|vnd }} phí, lệ phí. Lý do: {{ reason }}.",
    ),
    "feedback.answered": (
        "Phản ánh, kiến nghị của Ông/Bà đã được trả lời",
        'Phản ánh, kiến nghị "{{ feedback_title }}"'
        "{% if dossier_code %} về hồ sơ {{ dossier_code }}{% endif %} đã được trả lời lúc "
        "{{ answered_at|datetime }}:\n\n"
        "{{ answer }}",
        'Phản ánh "{{ feedback_title }}" đã được trả lời. Xem chi tiết trên Cổng Dịch vụ công.',
    ),
    "portal.maintenance": (
        "Thông báo bảo trì Cổng Dịch vụ công",
        "Cổng Dịch vụ công tạm dừng hoạt động để bảo trì từ {{ starts_at|datetime }}, "
        "dự kiến hoạt động trở lại lúc {{ expected_end_at|datetime }}.\n\n"
        "Mong Ông/Bà thông cảm và sắp xếp thời gian thực hiện thủ tục.",
        "Cổng Dịch vụ công bảo trì từ {{ starts_at|datetime }} đến khoảng {{ expected_end_at|datetime }}.",
    ),
}

GREETING = "Kính gửi {{ recipient_name or 'Ông/Bà' }},"
FOOTER = "Cổng Dịch vụ công: {{ portal_url }}\n\nĐây là thư tự động, vui lòng không trả lời thư này."
