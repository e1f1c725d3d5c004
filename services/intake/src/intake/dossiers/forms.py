"""Validating a dossier's e-forms against the schemas of its procedure version (R-CAT-4, R-CAT-5)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from intake.catalog.client import CatalogClient
from intake.catalog.models import ProcedureVersion
from intake.dossiers import rules
from servicekit import eforms
from servicekit.errors import FieldError


async def form_errors(
    catalog: CatalogClient, procedure: ProcedureVersion, forms: Mapping[str, Any]
) -> list[FieldError]:
    """Every field problem of the forms entered so far, addressed ``forms.<form code>.<path>``."""
    errors = rules.unknown_forms(procedure, forms)
    for form in procedure.forms:
        data = forms.get(form.code)
        if data is None:
            continue
        schema = await catalog.form_schema(procedure.code, procedure.version, form.code)
        errors += rules.prefixed(eforms.validate(schema, data), f"forms.{form.code}")
    return errors


async def completeness(
    catalog: CatalogClient, procedure: ProcedureVersion, forms: Mapping[str, Any], attached: Iterable[str]
) -> list[FieldError]:
    """What stands between the dossier and submission, all at once: missing parts, then field problems."""
    return rules.missing_components(procedure, forms, attached) + await form_errors(catalog, procedure, forms)
