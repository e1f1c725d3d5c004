"""A rebuild reads each partition up to where it ended when the rebuild started, even when the broker
lists that end as the start of the last record batch (Tansu) or never reports a high watermark."""

from __future__ import annotations

from aiokafka import TopicPartition

from catalog.statistics.rebuild import IDLE_POLLS, _past_end

TP = TopicPartition("motcua.dossier.v1", 0)


def test_the_end_is_the_first_high_watermark_not_a_listed_offset_that_is_too_low() -> None:
    listed, ends, idle = {TP: 0}, {}, {TP: 0}  # one batch of 390 records listed as ending at 0
    assert not _past_end(TP, 0, None, listed, ends, idle, {})
    assert not _past_end(TP, 200, 390, listed, ends, idle, {TP: ["…"]})
    assert not _past_end(TP, 389, 420, listed, ends, idle, {TP: ["…"]})  # live traffic is not chased
    assert _past_end(TP, 390, 420, listed, ends, idle, {TP: ["…"]}) and ends == {TP: 390}


def test_a_partition_without_a_high_watermark_is_done_when_past_its_listed_end_and_silent() -> None:
    listed, ends, idle = {TP: 5}, {}, {TP: 0}
    for _ in range(IDLE_POLLS - 1):
        assert not _past_end(TP, 5, None, listed, ends, idle, {})
    assert _past_end(TP, 5, None, listed, ends, idle, {})
    assert not _past_end(TP, 4, None, {TP: 5}, {}, {TP: IDLE_POLLS}, {})
