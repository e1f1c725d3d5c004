"""What every event payload shares: strict, immutable models and a few constrained types."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = ["EventPayload", "NonEmptyStr", "Vnd"]

NonEmptyStr = Annotated[str, StringConstraints(min_length=1)]
"""A required text value: codes, subjects, reasons."""

Vnd = Annotated[int, Field(gt=0, description="Amount in Vietnamese đồng (VND), an integer.")]
"""Money: a positive integer number of VND (DESIGN §6)."""


class EventPayload(BaseModel):
    """Base of every event's `data`: unknown fields are refused and a parsed payload is immutable.

    Producers and consumers share these models, so a field that one side does not know about is a
    contract break, not something to ignore.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
