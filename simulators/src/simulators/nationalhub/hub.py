"""The simulated hub: issues tokens, authenticates calls, validates and stores records and progress."""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from simulators.nationalhub.rules import FieldProblem, check_progress, check_record
from simulators.nationalhub.settings import NationalHubSimSettings
from simulators.nationalhub.state import FaultBox, Store, Tokens

log = logging.getLogger("simulators.nationalhub")

RECORDS_PATH = "/dvcqg/v1/hoso/dongbo"
PROGRESS_PATH = "/dvcqg/v1/hoso/tiendo"
TOKEN_PATH = "/oauth2/token"  # noqa: S105 - a path, not a secret
MAX_BATCH = 100
SCOPE = "dvcqg.hoso"


@dataclass(frozen=True)
class Answer:
    """What an endpoint answers: status, JSON body, headers, and how long to hold it (`timeout` fault)."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def _error(status: int, code: str, message: str, **extra: Any) -> Answer:
    headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'} if status == 401 else {}
    return Answer(status, {"error_code": code, "message": message, **extra}, headers)


def _token_error(status: int, error: str, description: str) -> Answer:
    headers = {"WWW-Authenticate": 'Basic realm="dvcqg"'} if status == 401 else {}
    return Answer(status, {"error": error, "error_description": description}, headers)


def _basic_credentials(authorization: str) -> tuple[str, str] | None:
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        return None
    # RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
    return unquote(client_id), unquote(secret)


class NationalHub:
    def __init__(self, settings: NationalHubSimSettings) -> None:
        self.settings = settings
        self.store = Store(max_records=settings.max_records, max_calls=settings.max_calls)
        self.tokens = Tokens(settings.token_ttl)
        self.faults = FaultBox()
        self.agencies: set[str] = set(settings.agencies)

    # ------------------------------------------------------------------ OAuth2 client credentials

    def issue_token(self, form: Mapping[str, str], authorization: str) -> Answer:
        """RFC 6749 §4.4: `grant_type=client_credentials`, client authenticated by HTTP Basic
        (client_secret_basic) or by `client_id`/`client_secret` in the form (client_secret_post)."""
        basic = _basic_credentials(authorization) if authorization else None
        if basic is not None:
            client_id, secret = basic
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if not (
            hmac.compare_digest(client_id.encode(), self.settings.client_id.encode())
            and hmac.compare_digest(secret.encode(), self.settings.client_secret.encode())
        ):
            return _token_error(401, "invalid_client", "Client authentication failed")
        grant = form.get("grant_type", "")
        if grant != "client_credentials":
            return _token_error(400, "unsupported_grant_type", f"grant_type {grant!r} is not supported")
        token = self.tokens.issue(client_id)
        log.info("token issued to %s", client_id)
        body = {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self.settings.token_ttl,
            "scope": SCOPE,
        }
        return Answer(200, body, {"Cache-Control": "no-store"})

    # ------------------------------------------------------------------ the data API

    def sync_records(self, raw: bytes, *, authorization: str, key: str | None) -> Answer:
        """DongBoHoSoMC: create or replace dossier records (latest state wins)."""
        return self._call(RECORDS_PATH, raw, authorization, key, self._check_records, self._store_records)

    def sync_progress(self, raw: bytes, *, authorization: str, key: str | None) -> Answer:
        """CapNhatTienDoHoSoMC: append processing steps to dossiers already synchronised."""
        return self._call(PROGRESS_PATH, raw, authorization, key, self._check_progress, self._store_progress)

    def _call(
        self,
        path: str,
        raw: bytes,
        authorization: str,
        key: str | None,
        check: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
        apply: Callable[[list[dict[str, Any]], str | None], None],
    ) -> Answer:
        items, codes, malformed = _items(raw)
        fault = self.faults.take()
        if fault is not None and fault.mode == "unavailable":
            self.store.log_call(
                path=path,
                status=503,
                key=key,
                replayed=False,
                codes=codes,
                error_code=None,
                fault="unavailable",
            )
            return Answer(
                503,
                {"error_code": "SERVICE_UNAVAILABLE", "message": "Hệ thống đang bận, vui lòng thử lại sau"},
            )
        delay = 0.0
        if fault is not None:
            delay = fault.delay if fault.delay is not None else self.settings.timeout_fault_delay
        answer = self._answer(path, items, malformed, authorization, key, check, apply)
        self.store.log_call(
            path=path,
            status=answer.status,
            key=key,
            replayed=answer.headers.get("Idempotent-Replayed") == "true",
            codes=codes,
            error_code=str(answer.body.get("error_code")),
            fault=fault.mode if fault is not None else None,
        )
        return Answer(answer.status, answer.body, answer.headers, delay)

    def _answer(
        self,
        path: str,
        items: list[dict[str, Any]] | None,
        malformed: str | None,
        authorization: str,
        key: str | None,
        check: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
        apply: Callable[[list[dict[str, Any]], str | None], None],
    ) -> Answer:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or self.tokens.client_of(token.strip()) is None:
            return _error(401, "UNAUTHORIZED", "Access token không hợp lệ hoặc đã hết hạn")
        if key and key in self.store.answers:
            status, body = self.store.answers[key]
            log.info("%s: Idempotency-Key %s seen before, answering as then", path, key)
            return Answer(status, body, {"Idempotent-Replayed": "true"})
        if items is None:
            answer = _error(400, "INVALID_REQUEST", malformed or "Yêu cầu không hợp lệ")
        else:
            errors = check(items)
            if errors:
                answer = _error(400, "INVALID_DATA", _summary(errors), errors=errors)
            else:
                apply(items, key)
                answer = Answer(200, {"error_code": "0", "message": "Thành công", "accepted": len(items)})
        if key and answer.status == 200:
            # Only applied calls are kept for their key: a refused call changed nothing, so the same
            # key with the data fixed is processed anew.
            self.store.remember(key, answer.status, answer.body)
        return answer

    def _check_records(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        errors: list[dict[str, Any]] = []
        for index, record in enumerate(items):
            problems = check_record(record, agencies=self.agencies)
            errors.extend(p.to_json(index, _code_of(record)) for p in problems)
        return errors

    def _store_records(self, items: list[dict[str, Any]], key: str | None) -> None:
        for record in items:
            self.store.upsert(record, key=key)
            log.info("record %s: TrangThaiHoSo %s", record["MaHoSo"], record["TrangThaiHoSo"])

    def _check_progress(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        errors: list[dict[str, Any]] = []
        known = self.store.dossiers.keys()
        for index, entry in enumerate(items):
            problems: list[FieldProblem] = check_progress(entry, known_codes=known)
            errors.extend(p.to_json(index, _code_of(entry)) for p in problems)
        return errors

    def _store_progress(self, items: list[dict[str, Any]], key: str | None) -> None:
        for entry in items:
            self.store.add_progress(entry, key=key)
            log.info("progress %s: %s", entry["MaHoSo"], entry["NoiDungXuLy"])


def _code_of(item: Mapping[str, Any]) -> str | None:
    code = item.get("MaHoSo")
    return code if isinstance(code, str) else None


def _items(raw: bytes) -> tuple[list[dict[str, Any]] | None, list[str], str | None]:
    """The `data` list of a call, the dossier codes it names, or why it is malformed."""
    try:
        body = json.loads(raw)
    except ValueError:
        return None, [], "Nội dung yêu cầu không phải JSON"
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list) or not 1 <= len(data) <= MAX_BATCH:
        return None, [], f"Trường data phải là danh sách từ 1 đến {MAX_BATCH} phần tử"
    if not all(isinstance(item, dict) for item in data):
        return None, [], "Mỗi phần tử của data phải là một đối tượng"
    extra = sorted(set(body) - {"data"})
    if extra:
        return None, [], f"Trường không được hỗ trợ: {', '.join(extra)}"
    codes = [code for item in data if (code := _code_of(item)) is not None]
    return data, codes, None


def _summary(errors: list[dict[str, Any]]) -> str:
    first = errors[0]["message"]
    more = len(errors) - 1
    return f"Dữ liệu không hợp lệ: {first}" + (f" (và {more} lỗi khác)" if more else "")
