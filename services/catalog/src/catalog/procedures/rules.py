"""Pure rules of procedures: completeness for publication (R-CAT-1, R-CAT-2, R-CAT-4) and validity
periods of published versions (R-CAT-5). No I/O: the service gathers the facts and calls these."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from catalog.procedures.content import ComponentKind, OnlineMode, ProcedureContent, mode_for_level
from contracts.lifecycle import Channel

Problem = tuple[str, str, dict[str, object]]
"""``(field path, problem code, message parameters)``."""

# R-CAT-1: what a published procedure must state. ``requirements`` and ``fees`` may be empty lists
# ("none", "free of charge") but must be stated.
REQUIRED_NON_EMPTY = (
    "name",
    "agency_code",
    "field_code",
    "administrative_levels",
    "level",
    "steps",
    "methods",
    "components",
    "dossier_sets",
    "processing_days",
    "subjects",
    "applicant_kinds",
    "results",
    "submission_channels",
    "result_channels",
    "legal_basis",
)
REQUIRED_STATED = ("requirements", "fees")


def _missing(content: ProcedureContent) -> list[Problem]:
    problems: list[Problem] = []
    for name in REQUIRED_NON_EMPTY:
        value = getattr(content, name)
        if value is None or (isinstance(value, list) and not value):
            problems.append((f"content.{name}", "required", {}))
    for name in REQUIRED_STATED:
        if getattr(content, name) is None:
            problems.append((f"content.{name}", "required_stated", {}))
    return problems


def effective_online_mode(content: ProcedureContent) -> OnlineMode | None:
    if content.online_mode is not None:
        return content.online_mode
    return mode_for_level(content.level) if content.level is not None else None


def _levels(content: ProcedureContent, form_codes: Collection[str]) -> list[Problem]:
    """R-CAT-2: each level adds to the one below; the newer vocabulary must agree with the level."""
    problems: list[Problem] = []
    level = content.level
    if level is None:
        return problems
    if content.online_mode is not None and content.online_mode is not mode_for_level(level):
        problems.append(("content.online_mode", "online_mode_mismatch", {"level": level}))
    components = content.components or []
    if level >= 2 and not form_codes:
        problems.append(("content.components", "level2_needs_form", {}))
    if level >= 3:
        if Channel.ONLINE not in (content.submission_channels or []):
            problems.append(("content.submission_channels", "level3_online_submission", {}))
        for i, component in enumerate(components):
            if component.kind is ComponentKind.FORM and component.form_code is None:
                problems.append((f"content.components.{i}.form_code", "level3_interactive_form", {}))
            if component.kind is ComponentKind.ATTACHMENT:
                if not component.accepted_file_types:
                    problems.append(
                        (f"content.components.{i}.accepted_file_types", "file_types_required", {})
                    )
                if component.max_file_size_mb is None:
                    problems.append((f"content.components.{i}.max_file_size_mb", "max_size_required", {}))
    if level >= 4:
        if Channel.ONLINE not in (content.result_channels or []):
            problems.append(("content.result_channels", "level4_online_result", {}))
        if any(fee.amount > 0 for fee in content.fees or []) and not content.online_payment:
            problems.append(("content.online_payment", "level4_online_payment", {}))
    return problems


def _coherence(content: ProcedureContent, form_codes: Collection[str]) -> list[Problem]:
    problems: list[Problem] = []
    for i, component in enumerate(content.components or []):
        if component.form_code is not None and component.form_code not in form_codes:
            problems.append(
                (f"content.components.{i}.form_code", "unknown_form", {"value": component.form_code})
            )
    steps = content.steps or []
    if sorted(s.order for s in steps) != list(range(1, len(steps) + 1)):
        problems.append(("content.steps", "step_order", {}))
    budget = sum(s.working_days or 0 for s in steps)
    if content.processing_days is not None and budget > content.processing_days:
        problems.append(
            (
                "content.steps",
                "step_budget_exceeded",
                {"budget": f"{budget:g}", "limit": content.processing_days},
            )
        )
    described = {m.channel for m in content.methods or []}
    for channel in content.submission_channels or []:
        if channel not in described:
            problems.append(("content.methods", "method_missing", {"channel": channel.value}))
    return problems


def completeness_errors(content: ProcedureContent, form_codes: Collection[str]) -> list[Problem]:
    """Everything that keeps this content from being published, all at once (one 422)."""
    return _missing(content) + _levels(content, form_codes) + _coherence(content, form_codes)


def requires_payment(content: ProcedureContent) -> bool:
    return any(fee.amount > 0 for fee in content.fees or [])


# --- validity (R-CAT-5) ------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The validity of one published version: ``valid_to`` None means open-ended."""

    version: int
    valid_from: date
    valid_to: date | None = None

    def overlaps(self, other: Period) -> bool:
        ends_before = self.valid_to is not None and self.valid_to < other.valid_from
        starts_after = other.valid_to is not None and self.valid_from > other.valid_to
        return not (ends_before or starts_after)


class InvalidPeriod(ValueError):
    """``valid_to`` before ``valid_from``."""


class ValidityOverlap(ValueError):
    """The new period would overlap a published version that cannot simply be ended before it."""

    def __init__(self, version: int) -> None:
        super().__init__(f"overlaps version {version}")
        self.version = version


@dataclass(frozen=True)
class Publication:
    """What publishing a version changes in the others."""

    ended: Period | None
    """The open-ended version in force before, now ending the day before the new one starts."""
    superseded: tuple[int, ...]
    """Versions that start before the new one: a newer text replaces them."""


def plan_publication(published: Sequence[Period], new: Period) -> Publication:
    """Fit ``new`` among the published periods so that no two overlap.

    Only the open-ended version starting strictly before the new one is cut short (to the day before
    the new one starts); any other overlap — with a version that has its own end date, or one that
    starts on or after the new one — is refused.
    """
    if new.valid_to is not None and new.valid_to < new.valid_from:
        raise InvalidPeriod("valid_to is before valid_from")
    ended = None
    for period in published:
        if not period.overlaps(new):
            continue
        if period.valid_to is None and period.valid_from < new.valid_from:
            ended = replace(period, valid_to=new.valid_from - timedelta(days=1))
        else:
            raise ValidityOverlap(period.version)
    superseded = tuple(p.version for p in published if p.valid_from < new.valid_from)
    return Publication(ended=ended, superseded=superseded)


def version_in_force(periods: Sequence[Period], today: date) -> int | None:
    """The version whose validity contains ``today`` (at most one: periods never overlap)."""
    for period in periods:
        if period.valid_from <= today and (period.valid_to is None or today <= period.valid_to):
            return period.version
    return None
