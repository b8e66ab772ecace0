"""The counting rules of the dossier-results form — the one place they are written down.

For a data window [start, end] (inclusive days, local time Asia/Ho_Chi_Minh), with
S = 00:00 on `start` and E = 00:00 on the day after `end`:

* **Counted at all** ("received for processing"): accepted (`received_at` set) before E,
  not refused at intake (status 3) and not finished before S. Dossiers only submitted online
  and never checked (status 1) have no `received_at` and are not counted.
* **New online (col. 4)**: received in [S, E) through channel 2 (online).
  **New in person or by post (col. 5)**: received in [S, E) at the counter or by post.
  **Carried over (col. 6)**: received before S (and, as above, not finished before S).
* **Resolved (col. 7)**: finished (`finished_at`: result ready, refused during processing,
  stopped, withdrawn) in [S, E), classified by `workcal.classify` at day granularity against
  the appointment before any extension (`original_due_at`, falling back to `due_at`):
  early (col. 8) if the finish date is before the due date, on time (col. 9) if the same
  date, late (col. 10) if after. Column 9 also takes, as Thông tư 01/2020 says, dossiers
  **withdrawn** in the window and dossiers **waiting for a supplement at E** (asked before E,
  supplement not received before E). A dossier without any due time is on time.
* **Pending (col. 11)**: every other counted dossier, i.e. not finished before E and not
  waiting for a supplement at E: in time (col. 12) if its due time is at or after E,
  overdue (col. 13) otherwise.

Every counted dossier falls in exactly one of columns 8, 9, 10, 12, 13, so 3 = 7 + 11 holds
by construction; the totals 3, 7 and 11 are sums (`figures.Counts.from_leaves`).
Inter-agency dossiers are one dossier, counted by the unit that received them.

These rules are written as `Q` objects over an aliased dossier queryset, so the same rule
both counts (`Count(filter=...)` in one aggregating query) and lists the records behind a
figure.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate

from cchc.dossiers.models import Channel, Dossier, Status

from .figures import LEAVES
from .periods import Window

FOOTNOTE = (
    "Số liệu tính từ hồ sơ trên hệ thống theo kỳ dữ liệu {range}: hồ sơ mới tiếp nhận là hồ sơ "
    "được tiếp nhận trong kỳ (không tính hồ sơ bị từ chối tiếp nhận); hồ sơ kỳ trước chuyển qua "
    "là hồ sơ tiếp nhận trước kỳ chưa giải quyết xong khi bắt đầu kỳ; trước hạn, đúng hạn, quá "
    "hạn so sánh ngày kết thúc xử lý với ngày hẹn trả ban đầu (gia hạn không xóa việc quá hạn); "
    "cột đúng hạn gồm cả hồ sơ rút trong kỳ và hồ sơ đang chờ bổ sung tại cuối kỳ."
)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _fixed_offset_minutes(zone: ZoneInfo) -> int | None:
    """The zone's UTC offset in minutes if it has not changed since 1976 (Vietnam: +420)."""
    offsets = {
        zone.utcoffset(datetime(year, month, 1))
        for year in (1976, 2000, 2025, 2050)
        for month in (1, 7)
    }
    if len(offsets) != 1:
        return None
    return int(offsets.pop().total_seconds() // 60)


class LocalDate(TruncDate):
    """The local calendar date of a timestamp. On SQLite, Django computes it in Python for
    every row; for a zone with a fixed offset the same date is `date(x, '+420 minutes')`,
    several times faster on large reports. PostgreSQL uses AT TIME ZONE as usual."""

    def as_sqlite(self, compiler, connection, **extra_context):
        offset = _fixed_offset_minutes(self.tzinfo or local_zone())
        if offset is None:
            return self.as_sql(compiler, connection, **extra_context)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, %s)", (*params, f"{offset:+d} minutes")


def window_bounds(win: Window) -> tuple[datetime, datetime]:
    """[S, E): local midnight of the first day, local midnight after the last day."""
    zone = local_zone()
    start = datetime.combine(win.start, time(0), tzinfo=zone)
    end = datetime.combine(win.end + timedelta(days=1), time(0), tzinfo=zone)
    return start, end


def counted(queryset: QuerySet[Dossier], win: Window) -> QuerySet[Dossier]:
    """The dossiers received for processing that the window counts, with the aliases the
    column rules use (`finish_day`, `due_day`, `stat_due`)."""
    start, end = window_bounds(win)
    zone = local_zone()
    return (
        queryset.filter(received_at__lt=end)
        .exclude(status__in=(Status.SUBMITTED, Status.REFUSED))
        .filter(Q(finished_at__isnull=True) | Q(finished_at__gte=start))
        .annotate(
            stat_due=Coalesce("original_due_at", "due_at"),
            finish_day=LocalDate("finished_at", tzinfo=zone),
            due_day=LocalDate(Coalesce("original_due_at", "due_at"), tzinfo=zone),
        )
    )


def column_rules(win: Window) -> dict[str, Q]:
    """One `Q` per counted column (figures.LEAVES), over `counted(...)`."""
    start, end = window_bounds(win)
    new = Q(received_at__gte=start)
    finished = Q(finished_at__lt=end)
    withdrawn = finished & Q(status=Status.WITHDRAWN)
    classified = finished & ~Q(status=Status.WITHDRAWN)
    no_due = Q(stat_due__isnull=True)
    open_at_end = Q(finished_at__isnull=True) | Q(finished_at__gte=end)
    waiting_supplement = (
        open_at_end
        & Q(supplement_requested_at__lt=end)
        & (Q(supplement_received_at__isnull=True) | Q(supplement_received_at__gte=end))
    )
    pending = open_at_end & ~waiting_supplement
    rules = {
        "received_online": new & Q(channel=Channel.ONLINE),
        "received_offline": new & ~Q(channel=Channel.ONLINE),
        "carried_over": Q(received_at__lt=start),
        "resolved_early": classified & Q(finish_day__lt=F("due_day")),
        "resolved_on_time": (classified & (Q(finish_day=F("due_day")) | no_due))
        | withdrawn
        | waiting_supplement,
        "resolved_late": classified & Q(finish_day__gt=F("due_day")),
        "pending_in_time": pending & (Q(stat_due__gte=end) | no_due),
        "pending_overdue": pending & Q(stat_due__lt=end),
    }
    assert set(rules) == set(LEAVES)
    return rules


TOTAL_PARTS = {
    "received_total": ("received_online", "received_offline", "carried_over"),
    "resolved_total": ("resolved_early", "resolved_on_time", "resolved_late"),
    "pending_total": ("pending_in_time", "pending_overdue"),
}


def column_filter(column: str, win: Window) -> Q:
    """The rule of any of the 11 columns (a total is the union of its parts)."""
    rules = column_rules(win)
    if column in rules:
        return rules[column]
    if column not in TOTAL_PARTS:
        raise KeyError(column)
    combined = Q()
    for part in TOTAL_PARTS[column]:
        combined |= rules[part]
    return combined
