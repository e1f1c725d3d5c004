"""Pure routing rules: the prefix table that picks an upstream, and request patterns for tables
(public allowlist, rate-limit classes, body limits). No I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Route:
    prefix: str
    service: str


class RouteTable:
    """Path prefix → service. The longest prefix wins and a prefix matches only at a segment boundary:
    ``/v1/procedures`` matches ``/v1/procedures`` and ``/v1/procedures/x`` but not ``/v1/proceduresx``.
    """

    def __init__(self, routes: Mapping[str, str]) -> None:
        self._routes: dict[str, Route] = {}
        for prefix, service in routes.items():
            normalised = "/" + prefix.strip("/")
            if normalised == "/":
                raise ValueError("a route prefix must name at least one path segment")
            self._routes[normalised] = Route(normalised, service)

    def match(self, path: str) -> Route | None:
        # Walk up the path one segment at a time: a dict lookup per segment, longest first.
        candidate = path.rstrip("/") if len(path) > 1 else path
        routes = self._routes
        while candidate:
            route = routes.get(candidate)
            if route is not None:
                return route
            cut = candidate.rfind("/")
            if cut <= 0:
                return None
            candidate = candidate[:cut]
        return None

    def prefixes_of(self, service: str) -> list[str]:
        return sorted(p for p, r in self._routes.items() if r.service == service)

    @property
    def services(self) -> list[str]:
        return sorted({r.service for r in self._routes.values()})


def path_under(path: str, prefixes: Iterable[str]) -> bool:
    """True if ``path`` equals one of ``prefixes`` or lies below it (segment boundary)."""
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def compile_path_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a path pattern.

    - ``*`` as a whole segment in the middle matches exactly one segment: ``/v1/payment-gateways/*/ipn``;
    - ``/*`` at the end matches one or more segments below: ``/oidc/*``;
    - ``*`` glued to the last segment matches that path and anything below it: ``/v1/procedures*``;
    - ``**`` matches anything, slashes included.
    """
    if not pattern.startswith("/"):
        raise ValueError(f"path pattern must start with '/': {pattern!r}")
    glued = pattern.endswith("*") and not pattern.endswith("/*") and not pattern.endswith("**")
    body = pattern[:-1] if glued else pattern
    parts: list[str] = []
    segments = body.split("/")[1:]
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            parts.append("/.*")
        elif segment == "*":
            parts.append("/.+" if last else "/[^/]+")
        else:
            parts.append("/" + re.escape(segment))
    regex = "".join(parts) + ("(?:/.*)?" if glued else "")
    return re.compile(regex + r"\Z")


@dataclass(frozen=True, slots=True)
class RequestPattern:
    """``"METHOD /path-pattern"``; the method may be ``*`` or omitted (any) or ``GET|HEAD`` (several)."""

    methods: frozenset[str] | None
    path: re.Pattern[str]
    source: str

    @classmethod
    def parse(cls, text: str) -> RequestPattern:
        method, _, path = text.strip().partition(" ")
        if not path:
            method, path = "*", method
        methods = None if method == "*" else frozenset(m.upper() for m in method.split("|"))
        return cls(methods, compile_path_pattern(path.strip()), text)

    def matches(self, method: str, path: str) -> bool:
        return (self.methods is None or method in self.methods) and self.path.match(path) is not None


class PatternTable(Generic[T]):
    """Ordered (pattern, value) pairs; the first pattern matching a request gives its value."""

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        self._entries = [(RequestPattern.parse(p), v) for p, v in entries]

    def lookup(self, method: str, path: str) -> T | None:
        for pattern, value in self._entries:
            if pattern.matches(method, path):
                return value
        return None

    def __len__(self) -> int:
        return len(self._entries)
