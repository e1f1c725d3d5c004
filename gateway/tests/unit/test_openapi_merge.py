"""Merging the services' OpenAPI documents into the gateway's one document."""

from __future__ import annotations

from typing import Any

from gateway.docs import render_docs
from gateway.openapi import merge_openapi
from gateway.routing import RouteTable

ROUTES = RouteTable({"/v1/procedures": "catalog", "/v1/dossiers": "intake", "/v1/tasks": "workflow"})


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def op(op_id: str, schema: str, tag: str) -> dict[str, Any]:
    return {
        "operationId": op_id,
        "tags": [tag],
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": ref(schema)}}}},
    }


PROBLEM = {"type": "object", "properties": {"title": {"type": "string"}}}
CATALOG = {
    "openapi": "3.1.0",
    "paths": {
        "/v1/procedures/{code}": {"get": op("procedures-get", "Procedure", "procedures")},
        "/v1/procedures/{code}/items": {"get": op("items-list", "Item", "procedures")},
        "/healthz": {"get": op("ops-healthz", "Problem", "ops")},  # not under catalog's prefixes
        "/v1/dossiers/steal": {"get": op("steal", "Item", "x")},  # a prefix catalog does not own
    },
    "components": {
        "schemas": {
            "Procedure": {"type": "object", "properties": {"items": {"type": "array", "items": ref("Item")}}},
            "Item": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "Problem": PROBLEM,
        }
    },
    "tags": [{"name": "procedures", "description": "Thủ tục hành chính"}, {"name": "ops"}],
}
INTAKE = {
    "openapi": "3.1.0",
    "paths": {
        "/v1/dossiers/{code}": {"get": op("dossiers-get", "Dossier", "dossiers")},
        "/v1/dossiers/{code}/items": {"get": op("items-list", "Item", "dossiers")},
    },
    "components": {
        "schemas": {
            "Dossier": {"type": "object", "properties": {"item": ref("Item"), "error": ref("Problem")}},
            "Item": {"type": "object", "properties": {"reference": {"type": "string"}}},
            "Problem": PROBLEM,  # same definition: shared, not duplicated
            "Holder": {"type": "object", "properties": {"item": ref("Item")}},
        }
    },
}


def all_refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in all_refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in all_refs(v)]
    return []


def test_paths_of_each_service_under_its_own_prefixes_only() -> None:
    merged = merge_openapi({"catalog": CATALOG, "intake": INTAKE, "workflow": None}, ROUTES)
    assert sorted(merged["paths"]) == [
        "/v1/dossiers/{code}",
        "/v1/dossiers/{code}/items",
        "/v1/procedures/{code}",
        "/v1/procedures/{code}/items",
    ]
    assert merged["x-motcua-unavailable"] == ["workflow"]
    assert merged["openapi"] == "3.1.0"


def test_colliding_schemas_are_renamed_and_refs_rewritten() -> None:
    merged = merge_openapi({"catalog": CATALOG, "intake": INTAKE}, ROUTES)
    schemas = merged["components"]["schemas"]
    assert schemas["Item"]["properties"] == {"id": {"type": "integer"}}
    assert schemas["intake_Item"]["properties"] == {"reference": {"type": "string"}}
    assert "intake_Problem" not in schemas  # identical definitions are shared
    assert schemas["Dossier"]["properties"]["item"] == ref("intake_Item")
    assert schemas["Holder"]["properties"]["item"] == ref("intake_Item")
    items = merged["paths"]["/v1/dossiers/{code}/items"]["get"]["responses"]["200"]
    assert items["content"]["application/json"]["schema"] == ref("intake_Item")
    # Every reference in the document resolves.
    for target in all_refs(merged):
        section, name = target.split("/")[2:4]
        assert name in merged["components"][section], target


def test_a_shared_name_pointing_at_a_renamed_schema_is_renamed_too() -> None:
    catalog = {
        "paths": {},
        "components": {"schemas": {"Item": {"type": "integer"}, "Box": {"items": ref("Item")}}},
    }
    intake = {
        "paths": {},
        "components": {"schemas": {"Item": {"type": "string"}, "Box": {"items": ref("Item")}}},
    }
    schemas = merge_openapi({"catalog": catalog, "intake": intake}, ROUTES)["components"]["schemas"]
    assert schemas["Box"] == {"items": ref("Item")}
    assert schemas["intake_Box"] == {"items": ref("intake_Item")}


def test_operation_ids_stay_unique_and_tags_merge() -> None:
    merged = merge_openapi({"catalog": CATALOG, "intake": INTAKE}, ROUTES)
    ids = [item["get"]["operationId"] for item in merged["paths"].values()]
    assert len(ids) == len(set(ids))
    assert "intake-items-list" in ids
    assert merged["tags"] == [
        {"name": "dossiers"},
        {"name": "procedures", "description": "Thủ tục hành chính"},
    ]
    assert merged["paths"]["/v1/dossiers/{code}"]["get"]["x-motcua-service"] == "intake"


def test_inputs_are_not_modified() -> None:
    before = repr(INTAKE)
    merge_openapi({"catalog": CATALOG, "intake": INTAKE}, ROUTES)
    assert repr(INTAKE) == before


def test_docs_page_lists_operations_by_tag_and_escapes_text() -> None:
    merged = merge_openapi({"catalog": CATALOG, "intake": INTAKE, "workflow": None}, ROUTES)
    merged["paths"]["/v1/procedures/{code}"]["get"]["summary"] = "<script>alert(1)</script> Tra cứu"
    html = render_docs(merged)
    assert html.startswith("<!doctype html>")
    assert '<html lang="vi">' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'id="tag-dossiers"' in html and 'id="tag-procedures"' in html
    assert "/v1/dossiers/{code}/items" in html
    assert "workflow" in html  # the unavailable service is named
    assert "http://" not in html and "https://" not in html  # nothing fetched from elsewhere
