"""The demo process definitions obey the same rules as the API (R-PROC-2/5/9): make run works with them."""

from __future__ import annotations

from workflow.seed import checked
from workflow.seeddata import DEFINITIONS


def test_every_demo_definition_is_valid_and_fits_its_legal_limit() -> None:
    definitions = checked()
    assert len(definitions) == len(DEFINITIONS)
    for definition in definitions:
        for stage in definition.stages:
            assert sum(step.working_days for step in stage.steps) <= stage.limit_days
    assert {d.route.value for d in definitions} >= {"single", "parallel"}
    # The ministry's demo procedure, which identity's demo officials process.
    assert any(d.procedure_code == "1.005129" and d.agency_code == "000.00.00.G12" for d in definitions)
