"""Pure rules of e-form definitions: the schema itself, what guidance/prefill/enumerations point at,
and validating entered data into field errors users understand (R-CAT-4)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from servicekit import eforms
from servicekit.errors import FieldError

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# What a field may be pre-filled from (R-CAT-4, R-ID-2): the signed-in user's profile (the national
# portal's userinfo, R-FMT-5), an earlier dossier of the same applicant, or the agency's own data.
PROFILE_FIELDS = frozenset(
    {
        "full_name",
        "personal_id",
        "date_of_birth",
        "gender",
        "email",
        "phone",
        "address",
        "tax_code",
        "business_code",
        "organisation_name",
    }
)
AGENCY_FIELDS = frozenset(
    {
        "code",
        "name",
        "address",
        "phone",
        "feedback_email",
        "bank_account.account_number",
        "bank_account.bank_name",
    }
)
ENUM_SOURCES = frozenset({"administrative_levels", "channels", "provinces", "agencies"})

Problem = tuple[str, str, dict[str, object]]


def schema_problems(schema: Mapping[str, Any]) -> list[Problem]:
    """A malformed JSON Schema, or one that is not an object form in the 2020-12 dialect."""
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        where = ".".join(str(p) for p in exc.absolute_path)
        return [
            (f"json_schema.{where}" if where else "json_schema", "schema_invalid", {"reason": exc.message})
        ]
    problems: list[Problem] = []
    if schema.get("$schema", DIALECT) != DIALECT:
        problems.append(("json_schema.$schema", "schema_dialect", {"dialect": DIALECT}))
    if schema.get("type") != "object" or not isinstance(schema.get("properties"), dict):
        problems.append(("json_schema", "schema_not_object", {}))
    return problems


def property_paths(schema: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every property of the form as a dotted path; items of arrays of objects are reached through them."""
    for name, sub in (schema.get("properties") or {}).items():
        if not isinstance(sub, Mapping):
            continue
        path = f"{prefix}{name}"
        yield path, sub
        if sub.get("type") == "object":
            yield from property_paths(sub, f"{path}.")
        items = sub.get("items")
        if sub.get("type") == "array" and isinstance(items, Mapping) and items.get("type") == "object":
            yield from property_paths(items, f"{path}.")


def definition_problems(
    schema: Mapping[str, Any],
    *,
    guidance: Mapping[str, str],
    prefill: Mapping[str, Mapping[str, str]],
    enum_sources: Mapping[str, str],
) -> list[Problem]:
    """Guidance, prefill and enumerations must point at fields the schema has, from known sources."""
    paths = dict(property_paths(schema))
    problems: list[Problem] = []
    for section, keys in (("guidance", guidance), ("prefill", prefill), ("enum_sources", enum_sources)):
        for key in keys:
            if key not in paths:
                problems.append((f"{section}.{key}", "unknown_property", {"path": key}))
    for key, spec in prefill.items():
        source, field = spec.get("source"), spec.get("field", "")
        allowed = {"profile": PROFILE_FIELDS, "agency": AGENCY_FIELDS}.get(str(source))
        if allowed is not None and field not in allowed:
            problems.append(
                (f"prefill.{key}.field", "unknown_prefill_field", {"allowed": ", ".join(sorted(allowed))})
            )
    for key, source in enum_sources.items():
        if source not in ENUM_SOURCES:
            problems.append(
                (f"enum_sources.{key}", "unknown_enum_source", {"allowed": ", ".join(sorted(ENUM_SOURCES))})
            )
        elif key in paths and paths[key].get("type") not in ("string", None):
            problems.append((f"enum_sources.{key}", "enum_source_type", {}))
    return problems


def validate(schema: Mapping[str, Any], data: Any) -> list[FieldError]:
    """Every problem with ``data`` against the form, one entry per field (``servicekit.eforms``)."""
    return eforms.validate(schema, data)
