"""Calls to identity: the applicant's profile (prefill, R-ID-2) and OTP confirmations (R-ID-3).

The profile is read with the applicant's own access token. OTP confirmations are internal endpoints
called with intake's own ``system`` token, obtained by the client credentials grant (scope
``identity:otp``) and kept until shortly before it expires.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import structlog

from servicekit.errors import RateLimited, ServiceError, ServiceUnavailable
from servicekit.http import outgoing_headers
from servicekit.i18n import Text
from servicekit.oauth import ClientCredentials, TokenUnavailable

log = structlog.get_logger("intake.identity")
OTP_SCOPE = "identity:otp"


class IdentityUnavailable(ServiceUnavailable):
    code = "identity_unavailable"
    detail = Text(
        "Chưa kết nối được dịch vụ định danh; vui lòng thử lại sau ít phút.",
        "The identity service could not be reached; please try again in a few minutes.",
    )


class OtpInvalid(ServiceError):
    status = 400
    code = "otp_invalid"
    title = Text("Mã xác thực không đúng", "Invalid code")
    detail = Text(
        "Mã xác thực không đúng, đã hết hạn hoặc đã được dùng. Hãy kiểm tra lại hoặc yêu cầu mã mới.",
        "The code is wrong, expired or already used. Check it or ask for a new one.",
    )


class OtpSendLimited(RateLimited):
    code = "otp_send_limited"
    title = Text("Chưa thể gửi mã", "Code not sent")
    detail = Text(
        "Đã gửi quá nhiều mã xác thực hoặc vừa gửi mã; hãy thử lại sau ít phút.",
        "Too many codes were sent, or one was just sent; try again in a few minutes.",
    )


class NoContactForOtp(ServiceError):
    status = 422
    code = "no_contact_for_channel"
    title = Text("Không có địa chỉ nhận mã", "No address for the code")
    detail = Text(
        "Tài khoản chưa có số điện thoại hoặc thư điện tử đã xác thực để nhận mã OTP; "
        "hãy cập nhật tài khoản.",
        "The account has no verified phone number or email to receive the code; update the account.",
    )


class OtpDeliveryUnavailable(ServiceUnavailable):
    code = "otp_delivery_unavailable"
    detail = Text(
        "Chưa gửi được mã xác thực; vui lòng thử lại sau ít phút.",
        "The code could not be sent; please try again in a few minutes.",
    )


@dataclass(frozen=True)
class OtpSent:
    challenge_id: uuid.UUID
    channel: str
    sent_to: str
    expires_in_seconds: int


class IdentityClient:
    def __init__(
        self,
        base_url: str,
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        timeout: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout, transport=transport)
        self._credentials = ClientCredentials(
            token_url=token_url, client_id=client_id, client_secret=client_secret, scope=OTP_SCOPE
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def profile(self, bearer_token: str) -> dict[str, Any]:
        """The signed-in user's account (``GET /v1/accounts/me``), or {} when identity has none."""
        try:
            response = await self._http.get(
                "/v1/accounts/me", headers={"Authorization": f"Bearer {bearer_token}", **outgoing_headers()}
            )
        except httpx.HTTPError as exc:
            log.warning("profile_unreachable", error=str(exc))
            return {}
        if response.status_code != 200:
            return {}
        body: dict[str, Any] = response.json()
        return body

    async def _system_token(self, *, renew: bool = False) -> str:
        try:
            return await self._credentials.token(self._http, renew=renew)
        except TokenUnavailable as exc:
            raise IdentityUnavailable() from exc

    async def _call(self, path: str, body: dict[str, Any], applicant_ip: str | None = None) -> httpx.Response:
        headers = outgoing_headers()
        if applicant_ip:
            headers["X-Applicant-IP"] = applicant_ip
        for attempt in (1, 2):
            token = await self._system_token(renew=attempt == 2)
            try:
                response = await self._http.post(
                    path, json=body, headers={**headers, "Authorization": f"Bearer {token}"}
                )
            except httpx.HTTPError as exc:
                log.warning("identity_unreachable", path=path, error=str(exc))
                raise IdentityUnavailable() from exc
            if response.status_code != 401:
                return response
        log.error("identity_refused_intake_token", path=path)
        raise IdentityUnavailable()

    @staticmethod
    def _raise_for(response: httpx.Response) -> None:
        code = ""
        if response.headers.get("content-type", "").startswith("application/problem+json"):
            code = str(response.json().get("code", ""))
        retry = {"Retry-After": response.headers["retry-after"]} if "retry-after" in response.headers else {}
        if code == "otp_invalid":
            raise OtpInvalid()
        if response.status_code == 429:
            raise OtpSendLimited(headers=retry)
        if code == "no_contact_for_channel":
            raise NoContactForOtp()
        if code == "otp_delivery_unavailable":
            raise OtpDeliveryUnavailable()
        log.error("identity_otp_error", status=response.status_code, code=code)
        raise IdentityUnavailable()

    async def start_confirmation(
        self, *, subject: str, reference: str, channel: str, applicant_ip: str | None
    ) -> OtpSent:
        """Have identity send the applicant a code confirming ``reference`` (one dossier version)."""
        response = await self._call(
            "/internal/v1/otp-confirmations",
            {"subject": subject, "reference": reference, "channel": channel},
            applicant_ip,
        )
        if response.status_code != 201:
            self._raise_for(response)
        body = response.json()
        return OtpSent(
            challenge_id=uuid.UUID(body["challenge_id"]),
            channel=body["channel"],
            sent_to=body["sent_to"],
            expires_in_seconds=int(body["expires_in_seconds"]),
        )

    async def verify_confirmation(
        self, *, challenge_id: uuid.UUID, subject: str, reference: str, code: str
    ) -> dict[str, Any]:
        """Accept the code once for this subject and reference, else ``OtpInvalid``."""
        response = await self._call(
            f"/internal/v1/otp-confirmations/{challenge_id}/verify",
            {"subject": subject, "reference": reference, "code": code},
        )
        if response.status_code != 200:
            self._raise_for(response)
        result: dict[str, Any] = response.json()
        if not result.get("confirmed") or result.get("reference") != reference:
            raise OtpInvalid()
        return result
