"""Benchmark: the dossier-results form of a province-year, engine against hand-written SQL.

    .venv/bin/python bench/report.py [--n 2000000] [--sqlite-n 200000] [--repeat 3]
                                     [--explain] [--keep] [--reuse]

A throwaway PostgreSQL database `cchc_bench_report` (server from `CCHC_BENCH_PG`, default
postgres://postgres@127.0.0.1:5432/postgres) is dropped, created and migrated; a province is
built through the ORM (the province, its public service centre, 20 departments, 10 districts
of 15 communes each; 36 sectors, 300 procedures of the three levels) and `--n` dossiers are
generated in Python from `random.Random(SEED)` and loaded with COPY (secondary indexes
dropped and rebuilt, foreign-key triggers off and the keys checked with one query), then
VACUUM ANALYZE. The dossiers fall in the data window of the year 2024 (15/12/2023 →
14/12/2024), 6 % before it (some still open at its start: carried over) and 1 % after it;
"now" is 06/01/2025, so dossiers of December finish after the window end. The mix:
channels 60 % counter / 35 % online / 5 % post; 1 % only submitted online (status 1), 2 %
refused at intake (status 3, half with a receipt time: they must not count); 8 % with a
supplement request (some never supplied: awaiting supplement now, or stopped when the
deadline passed), 2 % withdrawn, 1 % stopped, 0.5 % stuck open; the rest finished 55 %
early / 37 % on the due date (at any time of that local day) / 8 % late (at any time of day,
so UTC and local dates differ), returned (10) or resolved not yet returned (9), or still
processing (4, 6, 2) if they finish after "now"; 2 % extended (`due_at` moved,
`original_due_at` kept), 2 % without `original_due_at`, 0.5 % without any due time.

Timed, best of `--repeat` after one warm-up, the two run in turn in each round (background
load on a shared machine then hits both alike):
- the engine: `statistics.dossier_results(province, window("2024"), by="unit",
  include_children=True)` — its unit-id query, the one aggregating query, the unit rows;
- one hand-written SQL query: a single pass over the province's dossiers (join on the unit
  path), the 11 columns as `COUNT(*) FILTER (WHERE …)` per unit, the rules of
  `reporting/counting.py` written out by hand.
Both results, and a third count made in Python while generating the rows (the rules over
the generated values), must agree on every column of every unit: otherwise the script
prints the differences and exits with status 1 (the Python count says which side is wrong).

Then the same generator, scaled to `--sqlite-n` dossiers, fills a temporary SQLite file (in a
child process: settings read DATABASE_URL once) and the engine is timed there, checked
against the Python count. Printed last: `engine_seconds=…`, `sql_seconds=…`,
`sqlite_200k_seconds=…`, then `ratio=<engine / hand-written SQL>` (target ≤ 1.5).
`--explain` prints the engine's SQL with EXPLAIN ANALYZE of it and of the hand-written query
(also printed when the ratio is above 1.5). `--keep` keeps the PostgreSQL database;
`--reuse` times a kept one again without loading (same `--n`). Not a test.
"""

import argparse
import bisect
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src"))

PG_SERVER = os.environ.get("CCHC_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = "cchc_bench_report"
SEED = 20260822
PERIOD = "2024"
ZONE_OFFSET = 7 * 60  # Asia/Ho_Chi_Minh is UTC+07:00 all year (no DST since 1975)
NOW_LOCAL = datetime(2025, 1, 6, 9, 0)  # when the report is made
COPY_CHUNK = 20_000
TARGET = 1.5

os.environ.update(
    DJANGO_SETTINGS_MODULE="cchc.settings",
    # Production-like: no debug cursor.
    CCHC_DEBUG="0",
    CCHC_SECRET_KEY="bench-only-not-secret",
    CCHC_SSL_REDIRECT="0",
    CCHC_ALLOWED_HOSTS="testserver",
    CCHC_LOG_LEVEL="ERROR",
)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2_000_000, help="dossiers in PostgreSQL")
    parser.add_argument("--sqlite-n", type=int, default=200_000, help="dossiers in SQLite")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (best is kept)")
    parser.add_argument("--explain", action="store_true", help="print SQL and plans")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--reuse", action="store_true", help="time a kept database again")
    parser.add_argument("--sqlite-child", metavar="FILE", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(sql)


# -- time as whole minutes since the epoch (UTC) ---------------------------------------------


def minutes_of(local: datetime) -> int:
    """A local wall-clock time (naive, Asia/Ho_Chi_Minh) as epoch minutes."""
    return int(local.replace(tzinfo=UTC).timestamp()) // 60 - ZONE_OFFSET


def local_day(m: int) -> int:
    """The local date of epoch minute `m`, as a day number (days since 1970-01-01)."""
    return (m + ZONE_OFFSET) // 1440


def local_midnight(day: int) -> int:
    return day * 1440 - ZONE_OFFSET


class Clock:
    """The window [S, E) and "now" in epoch minutes, and timestamp text for either backend."""

    def __init__(self):
        from cchc.reporting.periods import window

        self.win = window(PERIOD)
        self.start = minutes_of(datetime.combine(self.win.start, datetime.min.time()))
        self.end = minutes_of(
            datetime.combine(self.win.end + timedelta(days=1), datetime.min.time())
        )
        self.now = minutes_of(NOW_LOCAL)
        first, last = local_day(self.start) - 400, local_day(self.now) + 400
        epoch = date(1970, 1, 1)
        self._first_day = first
        self._days = [(epoch + timedelta(days=d)).isoformat() for d in range(first, last)]
        self._pg = [f" {m // 60:02d}:{m % 60:02d}:00+00" for m in range(1440)]
        self._sqlite = [f" {m // 60:02d}:{m % 60:02d}:00" for m in range(1440)]

    def pg(self, m):
        if m is None:
            return "\\N"
        return self._days[m // 1440 - self._first_day] + self._pg[m % 1440]

    def sqlite(self, m):
        if m is None:
            return None
        return self._days[m // 1440 - self._first_day] + self._sqlite[m % 1440]


# -- the province --------------------------------------------------------------------------

DEPARTMENTS = [
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Thanh tra tỉnh",
    "Ban Quản lý các khu công nghiệp",
    "Công an tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Cục Thuế tỉnh",
    "Kho bạc Nhà nước tỉnh",
    "Sở Giao thông vận tải",
    "Sở Lao động - Thương binh và Xã hội",
]
SECTOR_NAMES = [
    "Đất đai",
    "Hộ tịch",
    "Chứng thực",
    "Xây dựng",
    "Đăng ký kinh doanh",
    "Lao động",
    "Người có công",
    "Bảo trợ xã hội",
    "Giáo dục",
    "Y tế",
    "Môi trường",
    "Tài nguyên nước",
    "Giao thông",
    "Văn hóa",
    "Thể thao",
    "Du lịch",
    "Tôn giáo",
    "Thi đua khen thưởng",
    "Công thương",
    "Thương mại",
    "Nông nghiệp",
    "Thủy lợi",
    "Lâm nghiệp",
    "Thủy sản",
    "Khoa học công nghệ",
    "Thông tin truyền thông",
    "Tư pháp",
    "Nuôi con nuôi",
    "Quốc tịch",
    "Lý lịch tư pháp",
    "Bảo hiểm",
    "Thuế",
    "Đầu tư",
    "Ngoại vụ",
    "Dân tộc",
    "Phòng cháy chữa cháy",
]
PROCEDURES = 300
# Processing days of a procedure (0: within the day, four hours) and how often each occurs.
PROCESSING_DAYS = [0, 1, 2, 3, 5, 7, 10, 15, 20, 30]
PROCESSING_WEIGHTS = [6, 8, 8, 14, 16, 12, 14, 10, 7, 5]
# Share of the dossiers received by each level (spread over its units with random weights).
LEVEL_SHARES = {"province": 0.002, "centre": 0.10, "department": 0.20, "district": 0.25}
COMMUNE_SHARE = 1 - sum(LEVEL_SHARES.values())


class World:
    """What the generator needs: units with their receiving weight and procedures by level."""

    def __init__(self, province, unit_ids, unit_codes, unit_levels, weights, procedures):
        self.province = province
        self.unit_ids = unit_ids
        self.unit_codes = unit_codes
        self.unit_levels = unit_levels
        total = sum(weights)
        self.cumulative = []
        running = 0.0
        for weight in weights:
            running += weight / total
            self.cumulative.append(running)
        self.procedures = procedures  # level -> [(procedure id, processing days)]


def build_world(seed: int) -> World:
    """The province through the ORM (paths computed by Unit.save), sectors and procedures."""
    import random

    from cchc.catalog.models import Level, Procedure, Sector
    from cchc.core.text import fold
    from cchc.units.models import Unit, UnitKind

    rng = random.Random(seed)
    province = Unit.objects.create(code="T84", name="Tỉnh Thử Nghiệm", kind=UnitKind.PROVINCE)
    units = [(province, "province", LEVEL_SHARES["province"])]
    centre = Unit.objects.create(
        code="T84.TTPVHCC",
        name="Trung tâm Phục vụ hành chính công tỉnh",
        kind=UnitKind.SERVICE_CENTRE,
        parent=province,
    )
    units.append((centre, "centre", LEVEL_SHARES["centre"]))
    raw = [rng.uniform(0.2, 1.8) for _ in DEPARTMENTS]
    for number, (name, weight) in enumerate(zip(DEPARTMENTS, raw, strict=True), start=1):
        unit = Unit.objects.create(
            code=f"T84.S{number:02d}", name=name, kind=UnitKind.DEPARTMENT, parent=province
        )
        units.append((unit, "department", LEVEL_SHARES["department"] * weight / sum(raw)))
    districts = []
    raw = [rng.uniform(0.5, 1.5) for _ in range(10)]
    for number, weight in enumerate(raw, start=1):
        unit = Unit.objects.create(
            code=f"T84.H{number:02d}",
            name=f"UBND huyện Thử Nghiệm {number}",
            kind=UnitKind.DISTRICT,
            parent=province,
        )
        districts.append(unit)
        units.append((unit, "district", LEVEL_SHARES["district"] * weight / sum(raw)))
    raw = [rng.uniform(0.3, 1.7) for _ in range(150)]
    for number, weight in enumerate(raw, start=1):
        district = districts[(number - 1) // 15]
        unit = Unit.objects.create(
            code=f"{district.code}.X{number:03d}",
            name=f"UBND xã Thử Nghiệm {number}",
            kind=UnitKind.COMMUNE,
            parent=district,
        )
        units.append((unit, "commune", COMMUNE_SHARE * weight / sum(raw)))

    sectors = Sector.objects.bulk_create(
        Sector(code=f"LV{number:02d}", name=name)
        for number, name in enumerate(SECTOR_NAMES, start=1)
    )
    levels = [Level.PROVINCE] * 150 + [Level.DISTRICT] * 75 + [Level.COMMUNE] * 75
    rows = []
    for number, level in enumerate(levels, start=1):
        name = f"Thủ tục thử nghiệm {number} ({level})"
        rows.append(
            Procedure(
                code=f"BENCH.{number:04d}",
                name=name,
                name_folded=fold(name),
                sector=sectors[rng.randrange(len(sectors))],
                level=level,
            )
        )
    created = Procedure.objects.bulk_create(rows)
    by_level = {Level.PROVINCE: [], Level.DISTRICT: [], Level.COMMUNE: []}
    for procedure in created:
        days = rng.choices(PROCESSING_DAYS, PROCESSING_WEIGHTS)[0]
        by_level[procedure.level].append((procedure.pk, days))
    level_of_unit = {
        "province": Level.PROVINCE,
        "centre": Level.PROVINCE,
        "department": Level.PROVINCE,
        "district": Level.DISTRICT,
        "commune": Level.COMMUNE,
    }
    return World(
        province,
        [unit.pk for unit, _, _ in units],
        [unit.code for unit, _, _ in units],
        [level_of_unit[kind] for _, kind, _ in units],
        [weight for _, _, weight in units],
        by_level,
    )


# -- the dossiers --------------------------------------------------------------------------

# The generated columns, in row order; every other column gets its model default (CONSTANTS).
COLUMNS = (
    "id",
    "code",
    "procedure_id",
    "channel",
    "status",
    "unit_id",
    "handling_unit_id",
    "applicant_name",
    "applicant_id_number",
    "submitted_at",
    "received_at",
    "due_at",
    "original_due_at",
    "extended_due_at",
    "finished_at",
    "returned_at",
    "supplement_requested_at",
    "supplement_deadline",
    "supplement_received_at",
    "payment_requested_at",
    "end_reason",
    "returned_via",
    "supplement_used",
    "extension_used",
    "created_at",
    "updated_at",
)
TIME_COLUMNS = frozenset(c for c in COLUMNS if c.endswith("_at") or c == "supplement_deadline")
RETURNED_VIA = {1: "desk", 2: "online", 3: "post"}


def constants() -> dict[str, object]:
    """The value of every other concrete column: the model default, NULL, or ''."""
    from cchc.dossiers.models import Dossier

    values = {}
    for field in Dossier._meta.concrete_fields:
        if field.column in COLUMNS:
            continue
        if field.has_default():
            values[field.column] = field.get_default()
        elif field.null:
            values[field.column] = None
        elif field.empty_strings_allowed:
            values[field.column] = ""
        else:
            raise ValueError(f"no value for Dossier.{field.name}")
    return values


def generate(world: World, clock: Clock, n: int, seed: int):
    """`n` dossier rows (tuples in COLUMNS order, times in epoch minutes), seeded."""
    import random

    rng = random.Random(seed)
    rand = rng.random
    cumulative, unit_ids, unit_codes = world.cumulative, world.unit_ids, world.unit_codes
    pools = [world.procedures[level] for level in world.unit_levels]
    n_units = len(unit_ids)
    departments = unit_ids[2:22]
    start, end, now = clock.start, clock.end, clock.now
    first_day, start_day, end_day, now_day = (
        local_day(start) - 90,
        local_day(start),
        local_day(end),
        local_day(now),
    )
    for i in range(1, n + 1):
        u = min(bisect.bisect(cumulative, rand()), n_units - 1)
        unit_id = unit_ids[u]
        pool = pools[u]
        procedure_id, days = pool[int(rand() * len(pool))]
        r = rand()
        channel = 2 if r < 0.35 else (3 if r < 0.40 else 1)
        r = rand()
        if r < 0.06:
            day = first_day + int(rand() * (start_day - first_day))
        elif r < 0.99:
            day = start_day + int(rand() * (end_day - start_day))
        else:
            day = end_day + int(rand() * (now_day - end_day))
        received = local_midnight(day) + 450 + int(rand() * 570)  # 07:30–17:00 local
        handling = unit_id if rand() >= 0.03 else departments[int(rand() * 20)]
        code = None
        status = 0
        submitted = received - int(rand() * 2880) if channel == 2 else received
        due = original = extended = finished = returned = None
        s_requested = s_deadline = s_received = p_requested = None
        end_reason = returned_via = ""
        s_used = extended_used = False

        r = rand()
        if r < 0.01:  # submitted online, never checked
            channel, status, received = 2, 1, None
        elif r < 0.03:  # refused at intake (half with a receipt time)
            status = 3
            finished = received + 60 + int(rand() * 420)
            if rand() < 0.5:
                received = None
            end_reason = "Không đủ điều kiện tiếp nhận"
        else:
            code = f"{unit_codes[u]}-{i:07d}"
            if rand() >= 0.005:
                due = received + (days * 1440 if days else 240)
            outcome = None  # None: decided by the timing below
            if days >= 2 and rand() < 0.08:
                s_used = True
                s_requested = received + int((0.1 + 0.6 * rand()) * days * 1440)
                s_deadline = s_requested + 30 * 1440
                if rand() < 0.12:  # never supplied
                    if s_deadline + 60 > now:
                        outcome = 5
                    else:
                        outcome = 8
                        finished = s_deadline + 60
                        end_reason = "Quá hạn bổ sung hồ sơ"
                else:
                    supplied = s_requested + int((0.5 + 14 * rand()) * 1440)
                    if supplied > now:
                        outcome = 5
                    else:
                        s_received = supplied
                        if due is not None:
                            due += supplied - s_requested  # the pause moves the due time
            original = due
            if due is not None and rand() < 0.02:
                due = extended = due + (3 + int(rand() * 8)) * 1440
                extended_used = True
            if original is not None and rand() < 0.02:
                original = None  # imported without the first appointment
            earliest = (s_received or received) + 30
            if outcome is None:
                r = rand()
                span = max(days, 1) * 1440
                if r < 0.02:
                    outcome, finished = 7, received + int(rand() * span)
                    end_reason = "Công dân xin rút hồ sơ"
                elif r < 0.03:
                    outcome, finished = 8, received + int(rand() * span)
                    end_reason = "Dừng giải quyết theo quy định"
                elif r < 0.035:
                    outcome = 4  # stuck: never finished
                else:
                    reference = due
                    r = rand()
                    if reference is None:
                        finished = received + (1 + int(rand() * 10)) * 1440
                    elif r < 0.55:  # early: a local date before the due date
                        midnight = local_midnight(local_day(reference))
                        if midnight > received:
                            finished = received + int(rand() * (midnight - received))
                        else:
                            finished = received + int(rand() * (reference - received))
                    elif r < 0.92:  # on the due date, any time of that local day
                        finished = local_midnight(local_day(reference)) + int(rand() * 1440)
                    else:  # late, any time of day
                        finished = (
                            local_midnight(local_day(reference))
                            + (1 + int(rand() * 10)) * 1440
                            + int(rand() * 1440)
                        )
                if finished is not None:
                    finished = max(finished, earliest)
            if finished is not None and finished > now:
                finished, outcome = None, 4
                end_reason = ""
            if outcome == 4 and rand() < 0.05:
                outcome = 6
                p_requested = received + (now - received) // 2
            elif outcome == 4 and now - received < 1440:
                outcome = 2
            if finished is not None and outcome is None:
                back = finished + int(rand() * 4 * 1440)
                if back <= now:
                    outcome, returned, returned_via = 10, back, RETURNED_VIA[channel]
                else:
                    outcome = 9
            status = outcome
        assert status, i
        created = submitted if submitted is not None else received
        updated = finished or received or created
        yield (
            i,
            code,
            procedure_id,
            channel,
            status,
            unit_id,
            handling,
            f"Nguyễn Văn Thử {i}",
            f"{84000000000 + i:012d}",
            submitted,
            received,
            due,
            original,
            extended,
            finished,
            returned,
            s_requested,
            s_deadline,
            s_received,
            p_requested,
            end_reason,
            returned_via,
            s_used,
            extended_used,
            created,
            updated,
        )


# Positions in a row (COLUMNS order) for the Python count.
_I = {name: position for position, name in enumerate(COLUMNS)}
LEAVES_ORDER = (
    "received_online",
    "received_offline",
    "carried_over",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_in_time",
    "pending_overdue",
)


class PythonCount:
    """The counting rules of reporting/counting.py applied to the generated rows, per unit."""

    def __init__(self, clock: Clock):
        self.start, self.end = clock.start, clock.end
        self.per_unit: dict[int, list[int]] = {}

    def add(self, row) -> None:
        received, status, finished = row[10], row[4], row[14]
        start, end = self.start, self.end
        if received is None or received >= end or status in (1, 3):
            return
        if finished is not None and finished < start:
            return
        leaves = self.per_unit.get(row[5])
        if leaves is None:
            leaves = self.per_unit[row[5]] = [0] * 8
        if received < start:
            leaves[2] += 1
        elif row[3] == 2:
            leaves[0] += 1
        else:
            leaves[1] += 1
        due = row[12] if row[12] is not None else row[11]
        if finished is not None and finished < end:
            if status == 7 or due is None:
                leaves[4] += 1
                return
            finish_day, due_day = local_day(finished), local_day(due)
            leaves[3 if finish_day < due_day else 4 if finish_day == due_day else 5] += 1
            return
        requested, supplied = row[16], row[18]
        if requested is not None and requested < end and (supplied is None or supplied >= end):
            leaves[4] += 1  # waiting for a supplement at E
        elif due is None or due >= end:
            leaves[6] += 1
        else:
            leaves[7] += 1

    def counts(self):
        from cchc.reporting.figures import Counts

        return {
            unit: Counts.from_leaves(dict(zip(LEAVES_ORDER, leaves, strict=True)))
            for unit, leaves in self.per_unit.items()
        }


# -- loading -------------------------------------------------------------------------------

SECONDARY_INDEXES = """
SELECT indexname, indexdef FROM pg_indexes
WHERE schemaname = current_schema() AND tablename = 'dossiers_dossier'
  AND indexname NOT IN (SELECT conname FROM pg_constraint)
"""
FOREIGN_KEY_CHECK = """
SELECT count(*) FROM dossiers_dossier d
WHERE NOT EXISTS (SELECT 1 FROM units_unit u WHERE u.id = d.unit_id)
   OR NOT EXISTS (SELECT 1 FROM units_unit u WHERE u.id = d.handling_unit_id)
   OR NOT EXISTS (SELECT 1 FROM catalog_procedure p WHERE p.id = d.procedure_id)
"""


NULL = "\\N"  # COPY text format


def pg_text(value) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


def load_postgres(world: World, clock: Clock, n: int, tally: PythonCount) -> dict[str, float]:
    from django.db import connection, transaction

    fixed = constants()
    columns = list(COLUMNS) + list(fixed)
    tail = "".join("\t" + pg_text(v) for v in fixed.values()) + "\n"
    ts = clock.pg
    copy_sql = f"COPY dossiers_dossier ({', '.join(columns)}) FROM STDIN"
    phases = {}
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(SECONDARY_INDEXES)
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        add = tally.add
        with cursor.cursor.copy(copy_sql) as copy:
            lines = []
            for row in generate(world, clock, n, SEED + 1):
                add(row)
                (i, code, procedure, channel, status, unit, handling, name, id_number) = row[:9]
                times = "\t".join([ts(m) for m in row[9:20]])
                reason, via, s_used, e_used, created, updated = row[20:]
                lines.append(
                    f"{i}\t{code or NULL}\t{procedure}\t{channel}\t{status}\t{unit}\t"
                    f"{handling}\t{name}\t{id_number}\t{times}\t{reason}\t{via}\t"
                    f"{'t' if s_used else 'f'}\t{'t' if e_used else 'f'}\t{ts(created)}\t"
                    f"{ts(updated)}{tail}"
                )
                if len(lines) == COPY_CHUNK:
                    copy.write("".join(lines))
                    lines = []
            if lines:
                copy.write("".join(lines))
    phases["generate + COPY"] = time.perf_counter() - began
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")
    phases[f"{len(indexes)} indexes"] = time.perf_counter() - began
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(FOREIGN_KEY_CHECK)
        assert cursor.fetchone()[0] == 0, "dossiers with a unit or procedure that does not exist"
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('dossiers_dossier', 'id'), max(id)) "
            "FROM dossiers_dossier"
        )
        cursor.execute("VACUUM ANALYZE dossiers_dossier")
        cursor.execute("ANALYZE units_unit")
    phases["key check + VACUUM ANALYZE"] = time.perf_counter() - began
    return phases


def load_sqlite(world: World, clock: Clock, n: int, tally: PythonCount) -> None:
    from django.db import connection, transaction

    fixed = constants()
    columns = list(COLUMNS) + list(fixed)
    tail = tuple(fixed.values())
    times = [position for position, name in enumerate(COLUMNS) if name in TIME_COLUMNS]
    ts = clock.sqlite
    sql = (
        f"INSERT INTO dossiers_dossier ({', '.join(columns)}) "
        f"VALUES ({', '.join(['?'] * len(columns))})"
    )

    def rows():
        for row in generate(world, clock, n, SEED + 1):
            tally.add(row)
            values = list(row)
            for position in times:
                values[position] = ts(values[position])
            yield tuple(values) + tail

    with transaction.atomic():
        connection.ensure_connection()
        connection.connection.executemany(sql, rows())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# -- the hand-written query ----------------------------------------------------------------

LOCAL = "AT TIME ZONE 'Asia/Ho_Chi_Minh'"
HAND_SQL_RULES = {
    "finished": "d.finished_at < %(e)s",
    "open": "(d.finished_at IS NULL OR d.finished_at >= %(e)s)",
    # Open at E, asked before E and not supplied before E (IS NOT NULL first: the
    # expression is never NULL, so NOT works).
    "waiting": "((d.finished_at IS NULL OR d.finished_at >= %(e)s)"
    " AND d.supplement_requested_at IS NOT NULL AND d.supplement_requested_at < %(e)s"
    " AND (d.supplement_received_at IS NULL OR d.supplement_received_at >= %(e)s))",
    "due": "COALESCE(d.original_due_at, d.due_at)",
    "finish_day": f"(d.finished_at {LOCAL})::date",
    "due_day": f"(COALESCE(d.original_due_at, d.due_at) {LOCAL})::date",
}
HAND_SQL = """
SELECT d.unit_id,
  count(*) AS received_total,
  count(*) FILTER (WHERE d.received_at >= %(s)s AND d.channel = 2) AS received_online,
  count(*) FILTER (WHERE d.received_at >= %(s)s AND d.channel <> 2) AS received_offline,
  count(*) FILTER (WHERE d.received_at < %(s)s) AS carried_over,
  count(*) FILTER (WHERE {finished} OR {waiting}) AS resolved_total,
  count(*) FILTER (WHERE {finished} AND d.status <> 7 AND {finish_day} < {due_day})
    AS resolved_early,
  count(*) FILTER (WHERE ({finished} AND (d.status = 7 OR {due} IS NULL
                                          OR {finish_day} = {due_day}))
                      OR {waiting}) AS resolved_on_time,
  count(*) FILTER (WHERE {finished} AND d.status <> 7 AND {finish_day} > {due_day})
    AS resolved_late,
  count(*) FILTER (WHERE {open} AND NOT {waiting}) AS pending_total,
  count(*) FILTER (WHERE {open} AND NOT {waiting} AND ({due} IS NULL OR {due} >= %(e)s))
    AS pending_in_time,
  count(*) FILTER (WHERE {open} AND NOT {waiting} AND {due} < %(e)s) AS pending_overdue
FROM dossiers_dossier d
JOIN units_unit u ON u.id = d.unit_id
WHERE u.path LIKE %(subtree)s
  AND d.received_at < %(e)s
  AND d.status NOT IN (1, 3)
  AND (d.finished_at IS NULL OR d.finished_at >= %(s)s)
GROUP BY d.unit_id
""".format(**HAND_SQL_RULES)


def hand_sql(province, win):
    from django.db import connection

    from cchc.reporting import counting
    from cchc.reporting.figures import COLUMNS as FORM_COLUMNS
    from cchc.reporting.figures import Counts

    s, e = counting.window_bounds(win)
    params = {"s": s, "e": e, "subtree": province.path.replace("_", "\\_") + "%"}
    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL, params)
        rows = cursor.fetchall()
    return {row[0]: Counts(**dict(zip(FORM_COLUMNS, row[1:], strict=True))) for row in rows}, params


def engine(province, win):
    from cchc.reporting import statistics

    return statistics.dossier_results(province, win, by="unit", include_children=True)


def engine_counts(result):
    return {row.group_id: row.counts for row in result.rows}


def best_of(functions: dict, repeat: int) -> dict[str, tuple[float, object]]:
    """Best time and result of each function: one warm-up each, then `repeat` rounds that
    run them in turn (so background load on a shared machine hits them alike)."""
    results = {name: fn() for name, fn in functions.items()}
    times = {name: [] for name in functions}
    for _ in range(repeat):
        for name, fn in functions.items():
            began = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - began)
    return {name: (min(times[name]), results[name]) for name in functions}


def differences(named: dict[str, dict], units: dict[int, str]) -> list[str]:
    """Lines naming each (unit, column) where the counts disagree; empty when all agree."""
    from cchc.reporting.figures import COLUMNS as FORM_COLUMNS
    from cchc.reporting.figures import Counts

    zero = Counts()
    keys = set().union(*named.values())
    lines = []
    for key in sorted(keys):
        for column in FORM_COLUMNS:
            values = {
                name: getattr(counts.get(key, zero), column) for name, counts in named.items()
            }
            if len(set(values.values())) > 1:
                shown = ", ".join(f"{name} {value}" for name, value in values.items())
                lines.append(f"  {units.get(key, key)} {column}: {shown}")
    return lines


def explain(province, win, sql_params) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        engine(province, win)
    print(f"engine: {len(captured)} statements")
    for query in captured.captured_queries:
        print(f"  {float(query['time']) * 1000:8.1f} ms  {query['sql'][:120]}")
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
    with connection.cursor() as cursor:
        for label, sql, params in (
            ("engine's aggregating query", slowest["sql"], None),
            ("hand-written query", HAND_SQL, sql_params),
        ):
            print(f"---- {label}:")
            print(cursor.mogrify(sql, params) if params else sql)
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            for (line,) in cursor.fetchall():
                print("    " + line)


# -- the runs ------------------------------------------------------------------------------


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def run_postgres(args) -> dict[str, float]:
    fresh = not args.reuse
    if fresh:
        pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        pg_admin(f"CREATE DATABASE {PG_DATABASE}")
    setup_django(PG_SERVER.rsplit("/", 1)[0] + "/" + PG_DATABASE)
    from django.core.management import call_command

    from cchc.units.models import Unit

    clock = Clock()
    tally = PythonCount(clock)
    began = time.perf_counter()
    if fresh:
        call_command("migrate", verbosity=0)
        world = build_world(SEED)
        phases = load_postgres(world, clock, args.n, tally)
        province = world.province
        print(
            f"postgres: {args.n:,} dossiers loaded in {time.perf_counter() - began:.1f} s ("
            + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases.items())
            + f"); {len(world.unit_ids)} units"
        )
    else:
        # The Python count needs the generated rows again (no COPY).
        province = Unit.objects.get(code="T84")
        world = rebuild_world(province)
        for row in generate(world, clock, args.n, SEED + 1):
            tally.add(row)
        print(f"postgres: reusing {PG_DATABASE} (rows regenerated for the Python count)")
    win = clock.win
    timed = best_of(
        {"engine": lambda: engine(province, win), "sql": lambda: hand_sql(province, win)},
        args.repeat,
    )
    engine_seconds, result = timed["engine"]
    sql_seconds, (by_sql, sql_params) = timed["sql"]
    by_engine = engine_counts(result)
    units = dict(Unit.objects.values_list("id", "code"))
    lines = differences({"engine": by_engine, "sql": by_sql, "python": tally.counts()}, units)
    total = result.total
    print(
        f"postgres: window {win.range_text}; {len(result.rows)} unit rows; total received "
        f"{total.received_total:,} (online {total.received_online:,}, offline "
        f"{total.received_offline:,}, carried over {total.carried_over:,}); resolved "
        f"{total.resolved_total:,} (early {total.resolved_early:,}, on time "
        f"{total.resolved_on_time:,}, late {total.resolved_late:,}); pending "
        f"{total.pending_total:,} (in time {total.pending_in_time:,}, overdue "
        f"{total.pending_overdue:,})"
    )
    print(
        f"postgres: engine dossier_results {engine_seconds:.3f} s (best of {args.repeat}, in turn)"
    )
    print(f"postgres: hand-written SQL       {sql_seconds:.3f} s (best of {args.repeat}, in turn)")
    if lines:
        print("MISMATCH between the engine, the hand-written SQL and the Python count:")
        print("\n".join(lines[:200]))
        sys.exit(1)
    print(
        "postgres: engine, hand-written SQL and Python count agree on all 11 columns of every unit"
    )
    if args.explain or engine_seconds / sql_seconds > TARGET:
        explain(province, win, sql_params)
    return {"engine": engine_seconds, "sql": sql_seconds}


def rebuild_world(province) -> World:
    """The generator's world read back from a kept database (same order as build_world)."""
    import random

    from cchc.catalog.models import Procedure
    from cchc.units.models import Unit

    world_rng = random.Random(SEED)
    # build_world draws the unit weights first, then the procedure sectors and days.
    departments = [world_rng.uniform(0.2, 1.8) for _ in DEPARTMENTS]
    districts = [world_rng.uniform(0.5, 1.5) for _ in range(10)]
    communes = [world_rng.uniform(0.3, 1.7) for _ in range(150)]
    units = list(Unit.objects.filter(path__startswith=province.path).order_by("id"))
    weights = [LEVEL_SHARES["province"], LEVEL_SHARES["centre"]]
    weights += [LEVEL_SHARES["department"] * w / sum(departments) for w in departments]
    weights += [LEVEL_SHARES["district"] * w / sum(districts) for w in districts]
    weights += [COMMUNE_SHARE * w / sum(communes) for w in communes]
    kinds = {"province": "province", "service_centre": "province", "department": "province"}
    levels = [kinds.get(unit.kind, unit.kind) for unit in units]
    procedures = list(Procedure.objects.order_by("id"))
    for _ in procedures:
        world_rng.randrange(len(SECTOR_NAMES))
    by_level = {"province": [], "district": [], "commune": []}
    for procedure in procedures:
        days = world_rng.choices(PROCESSING_DAYS, PROCESSING_WEIGHTS)[0]
        by_level[procedure.level].append((procedure.pk, days))
    return World(
        province, [u.pk for u in units], [u.code for u in units], levels, weights, by_level
    )


def run_sqlite_child(path: str, n: int, repeat: int) -> None:
    setup_django(f"sqlite:///{path}")
    from django.core.management import call_command

    clock = Clock()
    tally = PythonCount(clock)
    call_command("migrate", verbosity=0)
    world = build_world(SEED)
    began = time.perf_counter()
    load_sqlite(world, clock, n, tally)
    print(f"sqlite: {n:,} dossiers loaded in {time.perf_counter() - began:.1f} s")
    seconds, result = best_of({"engine": lambda: engine(world.province, clock.win)}, repeat)[
        "engine"
    ]
    from cchc.units.models import Unit

    lines = differences(
        {"engine": engine_counts(result), "python": tally.counts()},
        dict(Unit.objects.values_list("id", "code")),
    )
    print(
        f"sqlite: engine dossier_results {seconds:.3f} s (best of {repeat}); total received "
        f"{result.total.received_total:,}, resolved {result.total.resolved_total:,}, pending "
        f"{result.total.pending_total:,}"
    )
    if lines:
        print("MISMATCH between the engine (SQLite) and the Python count:")
        print("\n".join(lines[:200]))
        sys.exit(1)
    print("sqlite: engine and Python count agree on all 11 columns of every unit")
    print(f"seconds={seconds:.6f}")


def run_sqlite(args) -> float:
    with tempfile.TemporaryDirectory(prefix="cchc-bench-report-") as tmp:
        env = dict(os.environ, CCHC_VAR_DIR=tmp)
        env.pop("DATABASE_URL", None)
        completed = subprocess.run(
            [
                sys.executable,
                __file__,
                "--sqlite-child",
                os.path.join(tmp, "bench.sqlite3"),
                "--sqlite-n",
                str(args.sqlite_n),
                "--repeat",
                str(args.repeat),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
    output = completed.stdout.strip().splitlines()
    sys.stdout.write("".join(line + "\n" for line in output if not line.startswith("seconds=")))
    if completed.returncode:
        sys.stderr.write(completed.stderr)
        sys.exit(completed.returncode)
    return float(output[-1].split("=", 1)[1])


def main(argv=None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.sqlite_child:
        run_sqlite_child(args.sqlite_child, args.sqlite_n, args.repeat)
        return
    print(
        f"dossier-results, whole province by unit with children, period {PERIOD}; "
        f"{os.cpu_count()} CPUs; seed {SEED}"
    )
    try:
        pg = run_postgres(args)
    finally:
        from django.apps import apps

        if apps.ready:
            from django.db import connections

            connections.close_all()
        if not args.keep:
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    sqlite_seconds = run_sqlite(args)
    print(f"engine_seconds={pg['engine']:.3f}")
    print(f"sql_seconds={pg['sql']:.3f}")
    print(f"sqlite_{args.sqlite_n // 1000}k_seconds={sqlite_seconds:.3f}")
    print(f"ratio={pg['engine'] / pg['sql']:.2f}")


if __name__ == "__main__":
    main()
