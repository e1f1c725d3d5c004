"""The gateway's own endpoints and CORS."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.app import create_app
from gateway.tests.conftest import Stack, gateway_settings, serve
from servicekit.errors import problem_response
from servicekit.i18n import Text

ORIGIN = "http://localhost:5173"


async def test_cors_preflight_is_answered_by_the_gateway(client: httpx.AsyncClient) -> None:
    response = await client.options(
        "/v1/dossiers/D1",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "authorization, content-type, if-match, idempotency-key",
        },
    )
    assert response.status_code == 200  # no token needed, the service never sees it
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert "PATCH" in response.headers["access-control-allow-methods"]
    allowed = response.headers["access-control-allow-headers"].lower()
    for name in ("authorization", "content-type", "if-match", "idempotency-key"):
        assert name in allowed
    assert response.headers["access-control-allow-credentials"] == "true"


async def test_cors_refuses_an_unknown_origin(client: httpx.AsyncClient) -> None:
    response = await client.options(
        "/v1/procedures", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


async def test_cors_headers_on_proxied_and_refused_responses(client: httpx.AsyncClient) -> None:
    proxied = await client.get("/v1/procedures/x", headers={"Origin": ORIGIN})
    assert proxied.headers["access-control-allow-origin"] == ORIGIN
    exposed = proxied.headers["access-control-expose-headers"]
    for name in ("X-Request-ID", "ETag", "Location", "Retry-After"):
        assert name in exposed
    refused = await client.get("/v1/dossiers/x", headers={"Origin": ORIGIN})
    assert refused.status_code == 401
    assert refused.headers["access-control-allow-origin"] == ORIGIN  # the browser may read the problem


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "service": "gateway"}


async def test_readyz_reports_upstreams_but_stays_ready(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["upstreams"]["catalog"]["status"] == "up"
    assert body["upstreams"]["intake"]["status"] == "up"
    assert body["upstreams"]["workflow"]["status"] == "down"


async def test_metrics_count_upstream_traffic_and_refusals(client: httpx.AsyncClient, stack: Stack) -> None:
    await client.get("/v1/procedures/metrics-probe")
    await client.get("/v1/tasks", headers=stack.tokens.headers())
    await client.get("/v1/dossiers/no-token")
    text = (await client.get("/metrics")).text
    assert 'gateway_upstream_requests_total{method="GET",status="200",upstream="catalog"}' in text
    assert 'gateway_upstream_requests_total{method="GET",status="unreachable",upstream="workflow"}' in text
    assert 'gateway_upstream_request_duration_seconds_bucket{le="0.01",upstream="catalog"}' in text
    assert 'gateway_rejected_total{code="unauthenticated"}' in text
    assert 'gateway_rejected_total{code="bad_gateway"}' in text


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def assert_valid_openapi_31(doc: dict[str, Any]) -> None:
    """Structural checks of an OpenAPI 3.1 document (no validator package in the workspace)."""
    assert doc["openapi"].startswith("3.1.")
    assert isinstance(doc["info"]["title"], str) and isinstance(doc["info"]["version"], str)
    assert doc["servers"] and all(s["url"].startswith("http") for s in doc["servers"])
    operation_ids = []
    for path, item in doc["paths"].items():
        assert path.startswith("/"), path
        for method, operation in item.items():
            if method not in ("get", "put", "post", "delete", "options", "head", "patch", "trace"):
                continue
            assert operation["responses"], (path, method)
            operation_ids.append(operation.get("operationId"))
            for parameter in operation.get("parameters", []):
                assert parameter["in"] in ("path", "query", "header", "cookie")
                if parameter["in"] == "path":
                    assert parameter["required"] is True
                    assert "{" + parameter["name"] + "}" in path
    ids = [i for i in operation_ids if i]
    assert len(ids) == len(set(ids)), "operationIds must be unique"
    tag_names = [t["name"] for t in doc.get("tags", [])]
    assert len(tag_names) == len(set(tag_names))
    for ref in _refs(doc):
        assert ref.startswith("#/components/"), ref
        section, name = ref.split("/")[2:4]
        assert name in doc["components"][section], f"unresolved {ref}"


async def test_merged_openapi_has_both_services(client: httpx.AsyncClient, stack: Stack) -> None:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert_valid_openapi_31(doc)
    assert "/v1/procedures/{code}/detail" in doc["paths"]  # catalog
    assert "/v1/dossiers/{code}" in doc["paths"]  # intake
    assert "/v1/items/{item_id}" not in doc["paths"]  # not under a catalog prefix of the gateway
    assert "/internal/secret" not in doc["paths"]
    assert doc["servers"] == [{"url": stack.gateway, "description": "Cổng API motcua"}]
    assert doc["x-motcua-unavailable"] == ["identity", "nationalsync", "notify", "payments", "workflow"]
    schemas = doc["components"]["schemas"]
    assert "Procedure" in schemas and "Dossier" in schemas
    assert schemas["Item"]["properties"].keys() != schemas["intake_Item"]["properties"].keys()
    rated = doc["paths"]["/v1/ratings/items/{ref}"]["get"]["responses"]["200"]
    assert rated["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/intake_Item"}


async def test_docs_page_is_self_contained_html(client: httpx.AsyncClient) -> None:
    response = await client.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="vi">' in html
    assert "<title>Tài liệu API motcua</title>" in html
    assert "/v1/procedures/{code}/detail" in html and "/v1/dossiers/{code}" in html
    assert "<script" not in html and "cdn" not in html.lower()


async def test_proxy_middleware_slot_for_maintenance_notices(stack: Stack) -> None:
    """R-OPS-1 will plug in here: a middleware around the proxy, inside request context and CORS."""

    def maintenance(app: ASGIApp) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["path"].startswith("/v1/procedures"):
                notice = problem_response(503, "maintenance", Text("Đang bảo trì", "Under maintenance"))
                return await notice(scope, receive, send)
            return await app(scope, receive, send)

        return wrapped

    settings = gateway_settings(
        catalog=stack.catalog, intake=stack.intake, tokens=stack.tokens, down_port=stack.down_port
    )
    app = create_app(settings, proxy_middleware=[maintenance])
    async with serve(app) as gateway, httpx.AsyncClient(base_url=gateway) as http:
        notice = await http.get("/v1/procedures/x", headers={"Accept-Language": "en"})
        other = await http.get("/v1/dossiers/D1/notes", headers=stack.tokens.headers())
        health = await http.get("/healthz")
    assert notice.status_code == 503
    assert notice.json()["title"] == "Under maintenance"
    assert notice.headers["x-request-id"]  # inside the request context
    assert other.status_code == 200
    assert health.status_code == 200
