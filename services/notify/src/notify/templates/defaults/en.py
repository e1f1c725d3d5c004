"""Default English notices (version 1, seeded by migration 0004): code → (title, body, SMS)."""

from __future__ import annotations

_CODE = "{% if dossier_code %} {{ dossier_code }}{% endif %}"

NOTICES: dict[str, tuple[str, str, str]] = {
    "account.verification": (
        "Your account verification code",
        "Your Public Service Portal verification code is {{ code }}. "
        "It is valid for {{ expires_in_minutes }} minutes.\n\n"
        "Never share this code with anyone, officials included.",
        "Public Service Portal verification code: {{ code }} (valid {{ expires_in_minutes }} min). "
        "Never share it.",
    ),
    "account.otp": (
        "Your one-time code",
        "Your one-time code to {{ purpose }} is {{ code }}, valid for {{ expires_in_minutes }} minutes.\n\n"
        "Never share this code with anyone, officials included.",
        "One-time code to {{ purpose }}: {{ code }} (valid {{ expires_in_minutes }} min). Never share it.",
    ),
    "dossier.submitted": (
        "Your dossier was submitted",
        "Your dossier" + _CODE + " (procedure {{ procedure_code }}) was sent to agency {{ agency_code }} "
        "at {{ submitted_at|datetime }} and awaits the one-stop desk's check.",
        "Your dossier for procedure {{ procedure_code }} was sent to agency {{ agency_code }}.",
    ),
    "dossier.received": (
        "Dossier {{ dossier_code }} was received",
        "Dossier {{ dossier_code }} (procedure {{ procedure_code }}) was received by agency "
        "{{ agency_code }} at {{ received_at|datetime }}.\n\n"
        "Appointment date for the result: {{ appointment_date|date }}.\n\n"
        "Use the dossier code {{ dossier_code }} to look up its progress.",
        "Dossier {{ dossier_code }} was received. Result expected on {{ appointment_date|date }}.",
    ),
    "dossier.supplement_requested": (
        "Please complete dossier" + _CODE,
        "{% if at_desk %}The one-stop desk{% else %}Agency {{ agency_code }}{% endif %} asks you to "
        "complete dossier" + _CODE + " (procedure {{ procedure_code }}) with the following:\n\n"
        "{% for item in items %}\n"
        "{{ loop.index }}. {{ item.name }}\n"
        "Reason: {{ item.reason }}\n"
        "Guidance: {{ item.guidance }}\n\n"
        "{% endfor %}\n"
        "This is everything the dossier still needs (one complete request).",
        "Dossier" + _CODE + " needs {{ items|length }} item(s) completed. "
        "Details are in your Public Service Portal inbox.",
    ),
    "dossier.refused": (
        "Dossier" + _CODE + " was refused",
        "{% if at_desk %}The one-stop desk refused to receive{% else %}Agency {{ agency_code }} "
        "refused{% endif %} dossier" + _CODE + " (procedure {{ procedure_code }}) because:\n\n"
        "{% for reason in reasons %}\n"
        "- {{ reason }}\n"
        "{% endfor %}",
        "Dossier" + _CODE + " was refused: {{ reasons|join('; ') }}.",
    ),
    "dossier.processing_started": (
        "Dossier {{ dossier_code }} is being processed",
        "Agency {{ agency_code }} started processing dossier {{ dossier_code }} "
        "(procedure {{ procedure_code }}).{% if due_date %} Due date: {{ due_date|date }}.{% endif %}",
        "Dossier {{ dossier_code }} is being processed."
        "{% if due_date %} Due: {{ due_date|date }}.{% endif %}",
    ),
    "dossier.extended": (
        "Apology and new appointment date for dossier {{ dossier_code }}",
        "Agency {{ agency_code }} sincerely apologises: dossier {{ dossier_code }} "
        "(procedure {{ procedure_code }}) cannot be completed by {{ previous_appointment_date|date }} "
        "as promised.\n\n"
        "Reason: {{ reason }}\n\n"
        "New appointment date: {{ new_appointment_date|date }}.\n\n"
        "Thank you for your understanding.",
        "We apologise: dossier {{ dossier_code }} is late (due {{ previous_appointment_date|date }}). "
        "Reason: {{ reason }}. New date: {{ new_appointment_date|date }}.",
    ),
    "dossier.early_return": (
        "The result of dossier {{ dossier_code }} is ready early",
        "The result of dossier {{ dossier_code }} (procedure {{ procedure_code }}) is ready from "
        "{{ ready_date|date }}, ahead of the appointment date {{ appointment_date|date }}.\n\n"
        "You may collect it from {{ ready_date|date }} in the way you chose.",
        "Dossier {{ dossier_code }}: result ready early, from {{ ready_date|date }} "
        "(appointment {{ appointment_date|date }}).",
    ),
    "dossier.result_ready": (
        "The result of dossier {{ dossier_code }} is ready",
        "Dossier {{ dossier_code }} (procedure {{ procedure_code }}) has been decided.\n\n"
        "You will receive the result in the way you chose; appointment date: {{ appointment_date|date }}.",
        "Dossier {{ dossier_code }}: the result is ready. Appointment date: {{ appointment_date|date }}.",
    ),
    "dossier.returned": (
        "The result of dossier {{ dossier_code }} was returned",
        "The result of dossier {{ dossier_code }} (procedure {{ procedure_code }}) was returned "
        "{{ return_channel }}.",
        "The result of dossier {{ dossier_code }} was returned {{ return_channel }}.",
    ),
    "dossier.stopped": (
        "Processing of dossier {{ dossier_code }} was stopped",
        "Agency {{ agency_code }} stopped processing dossier {{ dossier_code }} "
        "(procedure {{ procedure_code }}).\n\n"
        "Reason: {{ reason }}",
        "Processing of dossier {{ dossier_code }} was stopped. Reason: {{ reason }}.",
    ),
    "dossier.withdrawn": (
        "Dossier" + _CODE + " was withdrawn",
        "As you asked, dossier" + _CODE + " (procedure {{ procedure_code }}) was withdrawn and will not "
        "be processed further.{% if reason %}\n\nReason: {{ reason }}{% endif %}",
        "Dossier" + _CODE + " was withdrawn as you asked.",
    ),
    "payment.requested": (
        "Fees due for dossier" + _CODE,
        "To continue processing dossier" + _CODE + ", please pay {{ amount|vnd }} "
        "({{ description }}):\n\n"
        "{% for line in fee_lines %}\n"
        "- {{ line.name }}: {{ line.amount|vnd }}\n"
        "{% endfor %}\n\n"
        "You can pay online on the Public Service Portal.",
        "Dossier" + _CODE + ": please pay {{ amount|vnd }} in fees to continue.",
    ),
    "payment.succeeded": (
        "Payment of {{ amount|vnd }} received",
        "The agency received your payment of {{ amount|vnd }} for dossier" + _CODE + " by {{ method }} "
        "at {{ paid_at|datetime }}.\n\n"
        "Transaction reference: {{ transaction_ref }}",
        "Payment of {{ amount|vnd }} received for dossier" + _CODE + ". Ref: {{ transaction_ref }}.",
    ),
    "payment.refunded": (
        "Refund of {{ amount|vnd }}",
        "The fees of {{ amount|vnd }} paid for dossier" + _CODE + " are refunded to you.\n\n"
        "Reason: {{ reason }}",
        "Dossier" + _CODE + ": {{ amount|vnd }} refunded. Reason: {{ reason }}.",
    ),
    "feedback.answered": (
        "Your feedback was answered",
        'Your feedback "{{ feedback_title }}"'
        "{% if dossier_code %} about dossier {{ dossier_code }}{% endif %} was answered at "
        "{{ answered_at|datetime }}:\n\n"
        "{{ answer }}",
        'Your feedback "{{ feedback_title }}" was answered. See the Public Service Portal.',
    ),
    "portal.maintenance": (
        "Public Service Portal maintenance",
        "The Public Service Portal will be down for maintenance from {{ starts_at|datetime }} "
        "and is expected back at {{ expected_end_at|datetime }} (Vietnam time).\n\n"
        "We apologise for the inconvenience.",
        "Public Service Portal maintenance from {{ starts_at|datetime }} until about "
        "{{ expected_end_at|datetime }}.",
    ),
}

GREETING = "Dear {{ recipient_name or 'Sir or Madam' }},"
FOOTER = "Public Service Portal: {{ portal_url }}\n\nThis is an automatic message; please do not reply."
