"""The generated AsyncAPI document: committed copy up to date, complete and self-consistent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from contracts.asyncapi import build_asyncapi, main, render_asyncapi
from contracts.events import ALL_TOPICS, EVENTS

COMMITTED = Path(__file__).resolve().parents[4] / "docs" / "asyncapi.yaml"


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return build_asyncapi()


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _resolve(doc: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and part in node, f"dangling $ref {ref}"
        node = node[part]
    return node


def test_committed_document_is_up_to_date() -> None:
    """docs/asyncapi.yaml must be regenerated: uv run python -m contracts.asyncapi --out docs/asyncapi.yaml"""
    assert COMMITTED.read_text(encoding="utf-8") == render_asyncapi()


def test_yaml_parses_back_to_the_document(doc: dict[str, Any]) -> None:
    assert yaml.safe_load(render_asyncapi()) == doc
    assert "&id" not in render_asyncapi()  # no YAML anchors


def test_header(doc: dict[str, Any]) -> None:
    assert doc["asyncapi"] == "3.0.0"
    assert doc["info"]["title"] and doc["info"]["version"]
    assert doc["servers"]["local"] == {
        "host": "localhost:9092",
        "protocol": "kafka",
        "description": doc["servers"]["local"]["description"],
    }


def test_one_channel_per_topic(doc: dict[str, Any]) -> None:
    assert sorted(ch["address"] for ch in doc["channels"].values()) == sorted(ALL_TOPICS)


def test_every_registered_event_has_a_message_on_its_channel(doc: dict[str, Any]) -> None:
    channels = {ch["address"]: ch for ch in doc["channels"].values()}
    messages = doc["components"]["messages"]
    assert len(messages) == len(EVENTS)
    for spec in EVENTS.values():
        message = messages[spec.name]
        assert message["name"] == spec.type
        assert message["payload"] == {"$ref": f"#/components/schemas/{spec.name}"}
        assert message["headers"]["allOf"][1]["properties"]["ce_type"]["const"] == spec.type
        assert spec.name in channels[spec.topic]["messages"]
        schema = doc["components"]["schemas"][spec.name]
        assert set(schema["properties"]) == set(spec.payload.model_fields)
        assert schema["additionalProperties"] is False


def test_every_event_is_sent_by_its_producers(doc: dict[str, Any]) -> None:
    sent: dict[str, set[str]] = {}
    for operation in doc["operations"].values():
        if operation["action"] == "send":
            service = operation["tags"][0]["name"]
            for ref in operation["messages"]:
                sent.setdefault(ref["$ref"].rsplit("/", 1)[1], set()).add(service)
    assert sent == {spec.name: set(spec.producers) for spec in EVENTS.values()}


def test_every_ref_resolves(doc: dict[str, Any]) -> None:
    refs = list(_refs(doc))
    assert refs
    for ref in refs:
        _resolve(doc, ref)


def test_operations_use_messages_of_their_own_channel(doc: dict[str, Any]) -> None:
    for operation_id, operation in doc["operations"].items():
        assert operation["action"] in ("send", "receive")
        channel_ref = operation["channel"]["$ref"]
        for message in operation["messages"]:
            assert message["$ref"].startswith(channel_ref + "/messages/"), operation_id


def test_schemas_are_hoisted_into_components(doc: dict[str, Any]) -> None:
    assert "$defs" not in render_asyncapi()
    headers = doc["components"]["schemas"]["CloudEventHeaders"]
    assert {
        "ce_id",
        "ce_source",
        "ce_type",
        "ce_specversion",
        "ce_time",
        "ce_subject",
        "content-type",
        "traceparent",
    } <= set(headers["properties"])


def test_cli_writes_yaml_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert capsys.readouterr().out == render_asyncapi()
