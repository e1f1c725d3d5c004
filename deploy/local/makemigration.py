"""Autogenerate an Alembic revision for one service against a throwaway embedded PostgreSQL.

Usage: ``uv run python deploy/local/makemigration.py intake "dossier table"`` (``make migration``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

from servicekit import localinfra

ROOT = Path(__file__).resolve().parents[2]


def main(service: str, message: str) -> None:
    service_dir = ROOT / "services" / service
    with (
        tempfile.TemporaryDirectory() as tmp,
        localinfra.EmbeddedPostgres(Path(tmp) / "pg", ephemeral=True) as pg,
    ):
        pg.create_database("autogen")
        config = Config(str(service_dir / "alembic.ini"))
        config.set_main_option("sqlalchemy.url", pg.url("autogen", driver="asyncpg"))
        command.upgrade(config, "head")
        existing = sorted(p.name for p in (service_dir / "migrations" / "versions").glob("[0-9]*.py"))
        number = int(existing[-1][:4]) + 1 if existing else 1
        command.revision(config, message=message, autogenerate=True, rev_id=f"{number:04d}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: makemigration.py <service> <message>")
    main(sys.argv[1], sys.argv[2])
