"""The nationalsync service's metadata: its own tables plus servicekit's outbox, inbox, idempotency keys."""

from __future__ import annotations

from servicekit import db
from servicekit.tables import kit_tables

metadata = db.new_metadata()
tables = kit_tables(metadata)


class Base(db.Base):
    __abstract__ = True
    metadata = metadata
