"""A tiny service built with ``build_service_app`` on a real database and broker: writes, idempotent
POSTs, bad input, health and metrics."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import SettingsConfigDict
from sqlalchemy import Column, Integer, Table, Text, func, insert, select, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from contracts.events import DOSSIER_SUBMITTED, DossierSubmitted
from servicekit.app import build_service_app
from servicekit.auth import OptionalPrincipalDep
from servicekit.db import new_metadata, uuid7
from servicekit.deps import OutboxDep, SessionDep
from servicekit.errors import ServiceError
from servicekit.http import Idempotency, idempotency_dependency
from servicekit.i18n import Text as I18nText
from servicekit.localinfra import database_url as server_database_url
from servicekit.outbox import Outbox
from servicekit.settings import ServiceSettings
from servicekit.tables import kit_tables
from servicekit.testing import TokenFactory, eventually
from servicekit.testing.plugin import running_app, service_env

METADATA = new_metadata()
KIT = kit_tables(METADATA)
APPLICATION = Table(
    "application",
    METADATA,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("procedure_code", Text, nullable=False),
    Column("applicant_name", Text, nullable=False),
    Column("copies", Integer, nullable=False),
)
RETIRED_PROCEDURE = "0.000000"


class SandboxSettings(ServiceSettings):
    service_name: ClassVar[str] = "sandbox"
    model_config = SettingsConfigDict(env_prefix="SANDBOX_", extra="ignore", populate_by_name=True)


class ApplicationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    procedure_code: str = Field(min_length=1)
    applicant_name: str = Field(min_length=1)
    copies: int = Field(ge=1)


class ProcedureRetired(ServiceError):
    status = 422
    code = "procedure_retired"
    title = I18nText("Thủ tục đã bãi bỏ", "Procedure retired")


IdempotentCreate = Annotated[Idempotency, Depends(idempotency_dependency(KIT))]
IdempotencyRequired = Annotated[Idempotency, Depends(idempotency_dependency(KIT, required=True))]


async def file_application(
    request: Request, body: ApplicationCreate, session: AsyncSession, outbox: Outbox, idempotency: Idempotency
) -> JSONResponse:
    """The use case: replay or write the row and its event, then store the response, in one transaction."""
    replayed = await idempotency.replay(session)
    if replayed is not None:
        return replayed
    before_write: Callable[[], Awaitable[None]] | None = getattr(request.app.state, "before_write", None)
    if before_write is not None:
        await before_write()
    application_id = uuid7()
    await session.execute(
        insert(APPLICATION).values(
            id=application_id,
            procedure_code=body.procedure_code,
            applicant_name=body.applicant_name,
            copies=body.copies,
        )
    )
    now = datetime.now(UTC)
    await outbox.add(
        session,
        DOSSIER_SUBMITTED,
        DossierSubmitted(
            dossier_id=application_id,
            agency_code="000.00.00.H01",
            procedure_code=body.procedure_code,
            applicant_subject="anonymous",
            occurred_at=now,
            procedure_version=1,
            channel="online",
            applicant_kind="citizen",
            applicant_name=body.applicant_name,
            submitted_at=now,
        ),
        key=str(application_id),
    )
    if body.procedure_code == RETIRED_PROCEDURE:
        raise ProcedureRetired()  # discovered after writing: the whole unit of work must roll back
    return await idempotency.respond(
        session,
        201,
        {"id": str(application_id), "applicant_name": body.applicant_name},
        headers={"Location": f"/applications/{application_id}"},
    )


router = APIRouter(tags=["applications"])


@router.post("/applications", status_code=201)
async def create_application(
    request: Request,
    body: ApplicationCreate,
    idempotency: IdempotentCreate,
    session: SessionDep,
    outbox: OutboxDep,
    principal: OptionalPrincipalDep,
) -> JSONResponse:
    return await file_application(request, body, session, outbox, idempotency)


@router.post("/strict-applications", status_code=201)
async def create_application_strictly(
    request: Request,
    body: ApplicationCreate,
    idempotency: IdempotencyRequired,
    session: SessionDep,
    outbox: OutboxDep,
) -> JSONResponse:
    return await file_application(request, body, session, outbox, idempotency)


@pytest.fixture
async def database_with_tables(database_url: str) -> str:
    engine = create_async_engine(database_url)
    async with engine.begin() as conn:
        await conn.run_sync(METADATA.create_all)
    await engine.dispose()
    return database_url


def build_app(database_url: str, kafka_bootstrap: str, tokens: TokenFactory) -> FastAPI:
    settings = SandboxSettings(
        **service_env(database_url=database_url, kafka_bootstrap=kafka_bootstrap, tokens=tokens)
    )
    return build_service_app(
        settings=settings, tables=KIT, title="Sandbox", description="servicekit under test", routers=[router]
    )


@pytest.fixture
async def app_and_client(
    database_with_tables: str, kafka_topics: str, token_factory: TokenFactory
) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    app = build_app(database_with_tables, kafka_topics, token_factory)
    async with running_app(app) as client:
        yield app, client


@pytest.fixture
def client(app_and_client: tuple[Any, httpx.AsyncClient]) -> httpx.AsyncClient:
    return app_and_client[1]


@pytest.fixture
def app(app_and_client: tuple[Any, httpx.AsyncClient]) -> Any:
    return app_and_client[0]


async def count(app: Any, table: Table) -> int:
    async with app.state.runtime.db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


APPLICATION_BODY = {"procedure_code": "1.001234", "applicant_name": "Vũ Thị Giang", "copies": 1}


# -- bad input writes nothing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b'{"procedure_code": "1.001234", ', 400, "invalid_json"),
        (b'{"procedure_code": "1.001234", "applicant_name": "A", "copies": "two"}', 422, "validation_failed"),
        (
            b'{"procedure_code": "1.001234", "applicant_name": "A", "copies": 1, "fee": 0}',
            422,
            "validation_failed",
        ),
    ],
    ids=["malformed-json", "wrong-type", "unknown-field"],
)
async def test_bad_input_is_a_problem_and_writes_nothing(
    app: Any, client: httpx.AsyncClient, content: bytes, status: int, code: str
) -> None:
    response = await client.post(
        "/applications", content=content, headers={"content-type": "application/json"}
    )
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert await count(app, APPLICATION) == 0
    assert await count(app, KIT.outbox) == 0


async def test_a_domain_error_after_writing_rolls_back_the_row_and_its_event(
    app: Any, client: httpx.AsyncClient
) -> None:
    response = await client.post(
        "/applications",
        json={**APPLICATION_BODY, "procedure_code": RETIRED_PROCEDURE},
        headers={"Idempotency-Key": "k-ret"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "procedure_retired"
    assert await count(app, APPLICATION) == 0
    assert await count(app, KIT.outbox) == 0
    assert await count(app, KIT.idempotency) == 0  # the same key may be used again


# -- Idempotency-Key -------------------------------------------------------------------------------


async def test_the_same_key_and_body_replays_the_first_response_without_a_second_write(
    app: Any, client: httpx.AsyncClient
) -> None:
    headers = {"Idempotency-Key": "form-submit-1"}
    first = await client.post("/applications", json=APPLICATION_BODY, headers=headers)
    again = await client.post("/applications", json=APPLICATION_BODY, headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert await count(app, APPLICATION) == 1
    assert await count(app, KIT.outbox) == 1


async def test_the_same_key_with_another_body_is_a_409(app: Any, client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "form-submit-2"}
    assert (await client.post("/applications", json=APPLICATION_BODY, headers=headers)).status_code == 201
    response = await client.post("/applications", json={**APPLICATION_BODY, "copies": 2}, headers=headers)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "idempotency_key_reused"
    assert body["title"] == "Idempotency-Key đã được dùng"
    assert body["detail"] == "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác nội dung."
    assert await count(app, APPLICATION) == 1


async def test_concurrent_requests_with_the_same_key_write_once(app: Any, client: httpx.AsyncClient) -> None:
    async def others_waiting_on_the_key() -> bool:
        async with app.state.runtime.db.transaction() as session:
            waiting = await session.scalar(
                text(
                    "select count(*) from pg_locks where locktype = 'advisory' and not granted"
                    " and database = (select oid from pg_database where datname = current_database())"
                )
            )
        return bool(waiting)

    async def hold_until_the_other_request_waits() -> None:
        # The first request holds the key while the second arrives: a real double-click race.
        await eventually(others_waiting_on_the_key, timeout=10, message="the second request did not wait")

    app.state.before_write = hold_until_the_other_request_waits
    try:
        headers = {"Idempotency-Key": "double-click"}
        first, second = await asyncio.gather(
            client.post("/applications", json=APPLICATION_BODY, headers=headers),
            client.post("/applications", json=APPLICATION_BODY, headers=headers),
        )
    finally:
        del app.state.before_write

    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert await count(app, APPLICATION) == 1
    assert await count(app, KIT.outbox) == 1


async def test_without_a_key_each_post_creates_and_a_required_key_is_enforced(
    app: Any, client: httpx.AsyncClient
) -> None:
    assert (await client.post("/applications", json=APPLICATION_BODY)).status_code == 201
    assert (await client.post("/applications", json=APPLICATION_BODY)).status_code == 201
    assert await count(app, APPLICATION) == 2

    missing = await client.post("/strict-applications", json=APPLICATION_BODY)
    assert missing.status_code == 400
    assert missing.json()["code"] == "idempotency_key_required"
    assert missing.json()["title"] == "Thiếu Idempotency-Key"
    assert await count(app, APPLICATION) == 2

    keyed = await client.post(
        "/strict-applications", json=APPLICATION_BODY, headers={"Idempotency-Key": "s-1"}
    )
    assert keyed.status_code == 201


async def test_idempotency_keys_belong_to_the_caller_who_used_them(
    app: Any, client: httpx.AsyncClient, token_factory: TokenFactory
) -> None:
    headers = {"Idempotency-Key": "my-first-dossier"}
    alice = await client.post(
        "/applications", json=APPLICATION_BODY, headers={**headers, **token_factory.headers("alice")}
    )
    bob = await client.post(
        "/applications", json=APPLICATION_BODY, headers={**headers, **token_factory.headers("bob")}
    )
    assert alice.status_code == bob.status_code == 201
    assert bob.json()["id"] != alice.json()["id"]  # Bob never sees Alice's stored response
    assert "idempotent-replayed" not in bob.headers
    assert await count(app, APPLICATION) == 2


# -- operations ------------------------------------------------------------------------------------


async def test_health_and_readiness_report_a_reachable_database_and_broker(client: httpx.AsyncClient) -> None:
    health = await client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "service": "sandbox"}

    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ready",
        "service": "sandbox",
        "checks": {"database": "ok", "broker": "ok"},
    }


async def test_readiness_is_a_503_problem_when_the_database_is_unreachable(
    pg_server_url: str, kafka_topics: str, token_factory: TokenFactory
) -> None:
    missing = f"t_sk_missing_{uuid.uuid4().hex[:8]}"
    url = server_database_url(pg_server_url, missing, driver="asyncpg")
    async with running_app(build_app(url, kafka_topics, token_factory)) as client:
        response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "not_ready"
    assert body["title"] == "Dịch vụ chưa sẵn sàng"
    assert "database: error" in body["detail"]
    assert "broker: ok" in body["detail"]


async def test_metrics_count_requests_by_route_template(client: httpx.AsyncClient) -> None:
    await client.post("/applications", json=APPLICATION_BODY)
    await client.get("/no-such-route")
    metrics = (await client.get("/metrics")).text
    assert (
        'http_requests_total{method="POST",route="/applications",service="sandbox",status="201"}' in metrics
    )
    assert 'http_requests_total{method="GET",route="unmatched",service="sandbox",status="404"}' in metrics
    assert "http_request_duration_seconds_bucket" in metrics
    assert "outbox_pending_events" in metrics
