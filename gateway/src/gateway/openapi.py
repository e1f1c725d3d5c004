"""One OpenAPI 3.1 document for the whole suite, merged from each upstream's ``/openapi.json``.

``merge_openapi`` is pure: it keeps each service's paths under the gateway's prefixes for that service,
merges components (renaming a component ``catalog_Name`` when two services define different ones with
the same name, and rewriting ``$ref``s), tags and operation ids. ``OpenAPIAggregator`` fetches and
caches; a service that cannot be reached is left out and named in ``x-motcua-unavailable``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Any

import aiohttp
import structlog

from gateway.metrics import OPENAPI_UNAVAILABLE
from gateway.routing import RouteTable, path_under

log = structlog.get_logger("gateway.openapi")

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
INFO = {
    "title": "motcua API — Cổng dịch vụ công một cửa",
    "version": "1",
    "description": (
        "Tài liệu hợp nhất của các dịch vụ motcua, phục vụ qua cổng API. "
        "The merged API of every motcua service, served through the gateway."
    ),
}

Document = dict[str, Any]


def _rewrite_refs(node: Any, renames: Mapping[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value in renames:
                out[key] = renames[value]
            else:
                out[key] = _rewrite_refs(value, renames)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(item, renames) for item in node]
    return node


def _service_renames(
    doc: Document, components: Mapping[str, Mapping[str, Any]], service: str
) -> dict[str, str]:
    """``$ref`` → new ``$ref`` for this service's components whose name another service already uses
    for a different definition — or whose definition points at such a component (to a fixpoint)."""
    own = {
        (section, name): d
        for section, entries in (doc.get("components") or {}).items()
        for name, d in (entries or {}).items()
    }
    renames: dict[str, str] = {}
    taken = {section: set(entries) for section, entries in components.items()}
    changed = True
    while changed:
        changed = False
        for (section, name), definition in own.items():
            ref = f"#/components/{section}/{name}"
            existing = components.get(section, {}).get(name)
            if ref in renames or existing is None:
                continue
            if existing != definition or _rewrite_refs(definition, renames) != definition:
                new_name = _free_name(taken.setdefault(section, set()), f"{service}_{name}")
                taken[section].add(new_name)
                renames[ref] = f"#/components/{section}/{new_name}"
                changed = True
    return renames


def merge_openapi(docs: Mapping[str, Document | None], routes: RouteTable) -> Document:
    """Merge per-service documents (None = unavailable) into one; ``servers`` is left to the caller."""
    components: dict[str, dict[str, Any]] = {}
    paths: dict[str, Any] = {}
    tags: dict[str, Any] = {}
    operation_ids: set[str] = set()
    unavailable = sorted(service for service, doc in docs.items() if doc is None)

    for service in sorted(s for s, d in docs.items() if d is not None):
        doc = docs[service] or {}
        renames = _service_renames(doc, components, service)
        for section, entries in (doc.get("components") or {}).items():
            target = components.setdefault(section, {})
            for name, definition in (entries or {}).items():
                ref = f"#/components/{section}/{name}"
                new_name = renames[ref].rsplit("/", 1)[1] if ref in renames else name
                target.setdefault(new_name, _rewrite_refs(definition, renames))

        prefixes = routes.prefixes_of(service)
        for path, raw_item in (doc.get("paths") or {}).items():
            if not path_under(path, prefixes) or path in paths:
                continue
            item = _rewrite_refs(raw_item, renames)
            for method in HTTP_METHODS:
                operation = item.get(method)
                if not isinstance(operation, dict):
                    continue
                op_id = operation.get("operationId")
                if op_id:
                    if op_id in operation_ids:
                        operation["operationId"] = op_id = f"{service}-{op_id}"
                    operation_ids.add(op_id)
                operation["x-motcua-service"] = service
                for tag in operation.get("tags", []):
                    tags.setdefault(tag, {"name": tag})
            paths[path] = item
        for tag in doc.get("tags") or []:
            if isinstance(tag, dict) and "name" in tag:
                tags[tag["name"]] = {**tags.get(tag["name"], {}), **tag}

    merged: Document = {"openapi": "3.1.0", "info": dict(INFO), "paths": dict(sorted(paths.items()))}
    used = {t for item in paths.values() for m in HTTP_METHODS for t in (item.get(m) or {}).get("tags", [])}
    merged["tags"] = [tags[name] for name in sorted(tags) if name in used]
    if components:
        merged["components"] = {
            section: dict(sorted(entries.items())) for section, entries in components.items()
        }
    merged["x-motcua-unavailable"] = unavailable
    return merged


def _free_name(taken: set[str], wanted: str) -> str:
    name, n = wanted, 2
    while name in taken:
        name, n = f"{wanted}{n}", n + 1
    return name


class OpenAPIAggregator:
    """Fetches every upstream's document concurrently and caches the merged result for ``ttl`` seconds
    (a shorter time while some service is unavailable, so the document heals quickly)."""

    def __init__(
        self, upstreams: Mapping[str, str], routes: RouteTable, *, ttl: float, fetch_timeout: float
    ) -> None:
        self.upstreams = {s: u for s, u in upstreams.items() if s in routes.services}
        self.routes = routes
        self.ttl = ttl
        self.fetch_timeout = fetch_timeout
        self._cached: tuple[float, Document] | None = None
        self._lock = asyncio.Lock()

    async def document(self, session: aiohttp.ClientSession) -> Document:
        async with self._lock:
            now = time.monotonic()
            if self._cached is not None and self._cached[0] > now:
                return self._cached[1]
            services = sorted(self.upstreams)
            fetched = await asyncio.gather(*(self._fetch(session, s) for s in services))
            merged = merge_openapi(dict(zip(services, fetched, strict=True)), self.routes)
            ttl = self.ttl if not merged["x-motcua-unavailable"] else min(self.ttl, 5.0)
            self._cached = (now + ttl, merged)
            return merged

    async def _fetch(self, session: aiohttp.ClientSession, service: str) -> Document | None:
        url = f"{self.upstreams[service]}/openapi.json"
        try:
            timeout = aiohttp.ClientTimeout(total=self.fetch_timeout)
            async with session.get(url, timeout=timeout, headers={"Accept": "application/json"}) as response:
                response.raise_for_status()
                doc = await response.json(content_type=None)
            if not isinstance(doc, dict) or not isinstance(doc.get("paths"), dict):
                raise ValueError("not an OpenAPI document")
            return doc
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            OPENAPI_UNAVAILABLE.labels(service).inc()
            log.warning("openapi_fetch_failed", upstream=service, error=f"{type(exc).__name__}: {exc}")
            return None
