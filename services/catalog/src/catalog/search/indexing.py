"""Building the search row of a published version (shared by publication, seeding and the benchmark)."""

from __future__ import annotations

from catalog.procedures.content import ProcedureContent
from catalog.procedures.models import ProcedureVersion
from catalog.procedures.rules import effective_online_mode
from catalog.search.models import ProcedureSearchEntry
from catalog.search.rules import document


def entry_for(
    version: ProcedureVersion, content: ProcedureContent, *, code: str, sector_code: str
) -> ProcedureSearchEntry:
    """The row that makes ``version`` findable while it is in force (it must be complete: published)."""
    assert content.name and content.agency_code and content.field_code and content.level is not None
    assert version.valid_from is not None
    search_name, search_body = document(
        name=content.name,
        code=code,
        keywords=content.keywords,
        subjects=content.subjects or (),
        results=[r.name for r in content.results or ()],
    )
    mode = effective_online_mode(content)
    return ProcedureSearchEntry(
        version_id=version.id,
        procedure_id=version.procedure_id,
        code=code,
        version=version.number,
        name=content.name,
        agency_code=content.agency_code,
        field_code=content.field_code,
        sector_code=sector_code,
        level=content.level,
        online_mode=mode.value if mode else "none",
        administrative_levels=[lvl.value for lvl in content.administrative_levels or ()],
        processing_days=content.processing_days,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        search_name=search_name,
        search_body=search_body,
    )
