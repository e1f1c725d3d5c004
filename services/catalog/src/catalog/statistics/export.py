"""CSV export of statistics: UTF-8 with a byte-order mark, so Excel shows Vietnamese text as written.

Headers are in the request's language. Rates are plain numbers with a dot (``97.3``); a spreadsheet set
to Vietnamese conventions (a comma as decimal separator and ``;`` between fields) opens the file
cleanly with ``delimiter=semicolon``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

from catalog.statistics.schemas import OfficerStatistics, Statistics
from contracts.events import RATING_CRITERIA, SatisfactionLevel
from servicekit.i18n import Text

BOM = "\ufeff"
MEDIA_TYPE = "text/csv; charset=utf-8"


class Delimiter(StrEnum):
    COMMA = "comma"
    SEMICOLON = "semicolon"

    @property
    def char(self) -> str:
        return "," if self is Delimiter.COMMA else ";"


Column = tuple[Text, Callable[[Any], Any]]

_CRITERIA_EN = {
    "overall": "Overall satisfaction",
    "ease_of_use": "Ease of use",
    "timeliness": "Timeliness",
    "officer_attitude": "Officers' attitude",
}
_LEVELS_EN = {
    SatisfactionLevel.VERY_SATISFIED: "very satisfied",
    SatisfactionLevel.SATISFIED: "satisfied",
    SatisfactionLevel.UNSATISFIED: "unsatisfied",
}


def _level_count(criterion: str, level: SatisfactionLevel) -> Callable[[Statistics], int]:
    def get(statistics: Statistics) -> int:
        count: int = getattr(getattr(statistics.satisfaction, criterion), level.value)
        return count

    return get


def _satisfaction_columns() -> list[Column]:
    return [
        (
            Text(f"{name} - {level.label}", f"{_CRITERIA_EN[criterion]} - {_LEVELS_EN[level]}"),
            _level_count(criterion, level),
        )
        for criterion, name in RATING_CRITERIA.items()
        for level in SatisfactionLevel
    ]


STATISTICS_COLUMNS: list[Column] = [
    (Text("Mã", "Code"), lambda s: s.code or ""),
    (Text("Tên", "Name"), lambda s: s.name or ""),
    (Text("Từ ngày", "From"), lambda s: s.period_start.isoformat()),
    (Text("Đến ngày", "To"), lambda s: s.period_end.isoformat()),
    (Text("Đã nộp", "Submitted"), lambda s: s.submitted.total),
    (Text("Đã nộp trực tuyến", "Submitted online"), lambda s: s.submitted.online),
    (Text("Kỳ trước chuyển sang", "Carried over"), lambda s: s.carried_over),
    (Text("Tiếp nhận", "Received"), lambda s: s.received.total),
    (Text("Tiếp nhận trực tuyến", "Received online"), lambda s: s.received.online),
    (Text("Tiếp nhận trực tiếp", "Received at the desk"), lambda s: s.received.desk),
    (Text("Tiếp nhận qua bưu chính", "Received by post"), lambda s: s.received.postal),
    (Text("Tỷ lệ trực tuyến (%)", "Online rate (%)"), lambda s: s.online_rate),
    (Text("Đã giải quyết", "Resolved"), lambda s: s.resolved.total),
    (Text("Giải quyết trực tuyến", "Resolved online"), lambda s: s.resolved.online),
    (Text("Đúng hạn", "On time"), lambda s: s.resolved.on_time),
    (Text("Quá hạn", "Late"), lambda s: s.resolved.late),
    (Text("Tỷ lệ đúng hạn (%)", "On-time rate (%)"), lambda s: s.on_time_rate),
    (Text("Đang giải quyết", "Pending"), lambda s: s.pending.total),
    (Text("Đang giải quyết trong hạn", "Pending within deadline"), lambda s: s.pending.within_deadline),
    (Text("Đang giải quyết quá hạn", "Pending overdue"), lambda s: s.pending.overdue),
    (Text("Đã trả kết quả", "Returned"), lambda s: s.returned),
    (Text("Từ chối", "Refused"), lambda s: s.refused),
    (Text("Từ chối tiếp nhận", "Refused at the desk"), lambda s: s.refused_at_desk),
    (Text("Rút hồ sơ", "Withdrawn"), lambda s: s.withdrawn),
    (Text("Dừng xử lý", "Stopped"), lambda s: s.stopped),
    (Text("Số đánh giá", "Ratings"), lambda s: s.satisfaction.ratings),
    (Text("Tỷ lệ hài lòng (%)", "Satisfied (%)"), lambda s: s.satisfaction.satisfied_rate),
    *_satisfaction_columns(),
]

OFFICER_COLUMNS: list[Column] = [
    (Text("Cán bộ", "Officer"), lambda o: o.officer_subject),
    (Text("Tiếp nhận", "Received"), lambda o: o.received),
    (Text("Đã giải quyết", "Resolved"), lambda o: o.resolved.total),
    (Text("Đúng hạn", "On time"), lambda o: o.resolved.on_time),
    (Text("Quá hạn", "Late"), lambda o: o.resolved.late),
    (Text("Từ chối", "Refused"), lambda o: o.refused),
]


def render(
    columns: Sequence[Column], items: Sequence[Statistics] | Sequence[OfficerStatistics], delimiter: Delimiter
) -> str:
    """The CSV text (BOM first, CRLF line ends as RFC 4180 and Excel expect)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=delimiter.char, lineterminator="\r\n")
    writer.writerow([header.render() for header, _ in columns])
    for item in items:
        writer.writerow(["" if (value := get(item)) is None else value for _, get in columns])
    return out.getvalue()


def filename(kind: str, start: Any, end: Any) -> str:
    return f"thong-ke-{kind}-{start.isoformat()}-{end.isoformat()}.csv"
