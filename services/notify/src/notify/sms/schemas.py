"""What the SMS provider posts to notify: delivery reports and inbound (MO) messages, eSMS-style."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class DeliveryReport(BaseModel):
    """``SendStatus``: 5 delivered, 4 failed (carrier refused / number cannot receive), 6 expired."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    sms_id: str = Field(alias="SMSID", min_length=1, max_length=128)
    request_id: str | None = Field(default=None, alias="RequestId", max_length=128)
    phone: str | None = Field(default=None, alias="Phone", max_length=32)
    send_status: int = Field(alias="SendStatus")
    send_time: str | None = Field(default=None, alias="SendTime", max_length=64)


class InboundMessage(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    sender: str = Field(alias="From", min_length=1, max_length=32)
    to: str = Field(alias="To", max_length=32)
    text: str = Field(alias="Text", max_length=1000)
    received_at: str | None = Field(default=None, alias="ReceivedAt", max_length=64)
    message_id: str = Field(alias="MessageId", min_length=1, max_length=128)


class CallbackAnswer(BaseModel):
    status: str = Field(description="applied | ignored | replied | rate_limited | duplicate")
    outcome: str | None = None
    reply_message_id: str | None = None
