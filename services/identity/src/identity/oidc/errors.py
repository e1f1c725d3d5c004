"""OAuth 2.0 errors (RFC 6749 §5.2): ``{"error", "error_description"}`` for off-the-shelf clients,
plus the problem-document fields (``type``, ``title``, ``status``, ``code``) the suite uses everywhere."""

from __future__ import annotations

from fastapi.responses import JSONResponse

from servicekit.errors import problem_body
from servicekit.i18n import Text, current_language

_DESCRIPTIONS: dict[str, Text] = {
    "invalid_request": Text(
        "Yêu cầu thiếu hoặc sai tham số.", "The request is missing or has a wrong parameter."
    ),
    "invalid_client": Text("Xác thực ứng dụng không thành công.", "Client authentication failed."),
    "invalid_grant": Text(
        "Mã cấp quyền hoặc mã làm mới không hợp lệ, đã hết hạn hoặc đã được dùng.",
        "The authorization code or refresh token is invalid, expired or already used.",
    ),
    "unauthorized_client": Text(
        "Ứng dụng không được phép dùng cách cấp quyền này.", "The client may not use this grant type."
    ),
    "unsupported_grant_type": Text("Cách cấp quyền không được hỗ trợ.", "Unsupported grant type."),
    "invalid_scope": Text("Phạm vi truy cập không hợp lệ.", "Invalid scope."),
    "invalid_token": Text(
        "Mã truy cập không hợp lệ hoặc đã hết hạn.", "The access token is invalid or expired."
    ),
    "insufficient_scope": Text(
        "Mã truy cập thiếu phạm vi cần thiết.", "The access token lacks a needed scope."
    ),
    "unsupported_token_type": Text("Loại mã không được hỗ trợ.", "Unsupported token type."),
}


class OAuthError(Exception):
    def __init__(self, error: str, description: str | None = None, *, status: int = 400) -> None:
        super().__init__(error)
        self.error = error
        self.description = description
        self.status = 401 if error == "invalid_client" and status == 400 else status

    def response(self) -> JSONResponse:
        lang = current_language.get()
        text = _DESCRIPTIONS.get(self.error, _DESCRIPTIONS["invalid_request"])
        description = text.render(lang) + (f" ({self.description})" if self.description else "")
        body = problem_body(
            status=self.status,
            code=self.error,
            title=text.render(lang),
            detail=description,
            instance=None,
        )
        body |= {"error": self.error, "error_description": description}
        headers = {"Cache-Control": "no-store", "Pragma": "no-cache", "Content-Language": lang}
        if self.status == 401:
            headers["WWW-Authenticate"] = (
                f'Bearer error="{self.error}"' if self.error.endswith("token") else 'Basic realm="motcua"'
            )
        return JSONResponse(body, status_code=self.status, headers=headers)
