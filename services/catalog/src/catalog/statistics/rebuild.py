"""Rebuild the statistics read model by replaying the dossier topic from its earliest offset.

    python -m catalog.statistics.rebuild            # re-apply every event (fills new columns)
    python -m catalog.statistics.rebuild --truncate # start from an empty table (after a projector fix)

Safe while the service runs: the projector's merge is commutative and idempotent, so an event the
live consumer applies during the rebuild, before or after the replay reaches it, leaves the same row.
With ``--truncate`` the table is emptied before the end offsets are read, so every event is either
replayed here or consumed later by the live consumer; figures read meanwhile are incomplete.
Nothing goes through the inbox: replay is the projector's own guarantee. The topic must still hold
every event (retention), else the producers' outboxes are the source to replay from.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from pydantic import ValidationError
from sqlalchemy import delete

from catalog.settings import CatalogSettings
from catalog.statistics import projector
from catalog.statistics.models import DossierFact
from contracts.events import DOSSIER_TOPIC, spec_for
from servicekit.db import Database
from servicekit.events import MalformedEvent, from_kafka

log = structlog.get_logger("catalog.statistics.rebuild")
IDLE_POLLS = 10


async def replay(db: Database, bootstrap_servers: str, *, truncate: bool = False, batch: int = 500) -> int:
    """Apply every statistics event on the dossier topic (at least up to its end when called); returns
    how many were applied."""
    if truncate:
        async with db.transaction() as session:
            await session.execute(delete(DossierFact))
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        # Also the policy of the first position after assign(): "latest" would race seek_to_beginning.
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        client_id="motcua-catalog-statistics-rebuild",
    )
    await consumer.start()
    try:
        await consumer.topics()  # loads the topic metadata
        partitions = sorted(consumer.partitions_for_topic(DOSSIER_TOPIC) or ())
        tps = [TopicPartition(DOSSIER_TOPIC, p) for p in partitions]
        consumer.assign(tps)
        listed = await consumer.end_offsets(tps)
        await consumer.seek_to_beginning(*tps)
        remaining, idle = set(tps), dict.fromkeys(tps, 0)
        ends: dict[TopicPartition, int] = {}
        applied = skipped = 0
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=500, max_records=batch)
            async with db.transaction() as session:
                for records in batches.values():
                    for record in records:
                        try:
                            event = from_kafka(record.headers, record.key, record.value)
                            if event.type not in projector.HANDLED:
                                continue
                            payload = spec_for(event.type).payload.model_validate(event.data)
                        except (MalformedEvent, ValidationError) as exc:
                            # The live consumer parked it on the dead-letter topic: nothing to count.
                            log.warning("rebuild_event_skipped", offset=record.offset, error=str(exc)[:300])
                            skipped += 1
                            continue
                        await projector.apply(session, event.type, payload)
                        applied += 1
            for tp in list(remaining):
                if _past_end(
                    tp, await consumer.position(tp), consumer.highwater(tp), listed, ends, idle, batches
                ):
                    remaining.discard(tp)
        log.info("statistics_rebuilt", applied=applied, skipped=skipped, truncated=truncate)
        return applied
    finally:
        await consumer.stop()


def _past_end(
    tp: TopicPartition,
    position: int,
    highwater: int | None,
    listed: dict[TopicPartition, int],
    ends: dict[TopicPartition, int],
    idle: dict[TopicPartition, int],
    batches: dict[TopicPartition, Any],
) -> bool:
    """Whether a partition is read up to where it ended when the replay started.

    The end is the high watermark of the first fetch answer (events published later are the live
    consumer's), or the listed end offset if higher; some brokers list the start of the last record
    batch rather than the offset after it. A partition that never reports a high watermark is done
    once past its listed end and silent for ``IDLE_POLLS`` polls.
    """
    if tp not in ends and highwater is not None:
        ends[tp] = max(highwater, listed[tp])
    idle[tp] = 0 if batches.get(tp) else idle[tp] + 1
    if tp in ends:
        return position >= ends[tp]
    return idle[tp] >= IDLE_POLLS and position >= listed[tp]


async def _main(truncate: bool) -> int:
    settings = CatalogSettings()
    db = Database(settings.database_url)
    try:
        return await replay(db, settings.kafka_bootstrap_servers, truncate=truncate)
    finally:
        await db.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--truncate", action="store_true", help="empty the read model first")
    args = parser.parse_args(argv)
    applied = asyncio.run(_main(args.truncate))
    print(f"{applied} events applied", file=sys.stderr)


if __name__ == "__main__":
    main()
