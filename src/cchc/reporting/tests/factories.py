"""Test data for statistics: a province → district → communes tree, sectors with one
procedure each, and dossiers inserted in bulk with explicit times.

Statistics tests need thousands of dossiers in exact states; driving each through the
services would take minutes. `dossier(...)` builds one unsaved row with every time given,
`spread(...)` builds `n` rows of one outcome spread over the days of a window, and
`insert(...)` writes them with `bulk_create`. Times are local (Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from django.db import connection
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cchc.catalog.models import Level
from cchc.catalog.tests.factories import ProcedureFactory, SectorFactory
from cchc.dossiers.models import Channel, Dossier, Status
from cchc.units.models import RoleGrant, UnitKind
from cchc.units.tests.factories import UnitFactory, UserFactory
from cchc.workcal.services import LOCAL_TZ

FINISHED_STATUSES = (Status.RETURNED, Status.RESOLVED)


def local(text: str) -> datetime:
    """'2023-01-10 17:00' as an aware Asia/Ho_Chi_Minh time."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL_TZ)


def at(day: date, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


def procedure_in(sector_code: str, sector_name: str, processing_time: str = "3d", **fields):
    """A procedure of a sector (the sector created on first use). Province level unless
    told otherwise, so that the dossiers' procedures leave the district and commune
    catalogue counts a test sets up (seed `003_...`: 258 and 145) untouched."""
    sector = SectorFactory(code=sector_code, name=sector_name)
    fields.setdefault("level", Level.PROVINCE)
    return ProcedureFactory(sector=sector, processing_time=processing_time, **fields)


def build_tree() -> SimpleNamespace:
    """UBND tỉnh Trà Vinh → UBND huyện Trà Cú (TRACU) → a department and two communes, and the
    procedures of four sectors."""
    t = SimpleNamespace()
    t.province = UnitFactory(code="TRAVINH", name="UBND tỉnh Trà Vinh", kind=UnitKind.PROVINCE)
    t.district = UnitFactory(
        code="TRACU", name="UBND huyện Trà Cú", kind=UnitKind.DISTRICT, parent=t.province
    )
    t.department = UnitFactory(
        code="PTNMT",
        name="Phòng Tài nguyên và Môi trường huyện Trà Cú",
        kind=UnitKind.DEPARTMENT,
        parent=t.district,
    )
    t.commune = UnitFactory(
        code="XA01", name="UBND xã Phước Hưng", kind=UnitKind.COMMUNE, parent=t.district
    )
    t.quiet_commune = UnitFactory(
        code="XA02", name="UBND xã Tập Sơn", kind=UnitKind.COMMUNE, parent=t.district
    )
    t.other_district = UnitFactory(
        code="CAUNGANG", name="UBND huyện Cầu Ngang", kind=UnitKind.DISTRICT, parent=t.province
    )
    t.civil = procedure_in("HOTICH", "Hộ tịch", "0d@15:00", name="Đăng ký khai sinh")
    t.certify = procedure_in("CHUNGTHUC", "Chứng thực", "0d@15:00", name="Chứng thực bản sao")
    t.land = procedure_in("DATDAI", "Đất đai", "10d", name="Đăng ký biến động đất đai")
    t.social = procedure_in(
        "LDTBXH", "Lao động - Thương binh và Xã hội", "7d", name="Trợ cấp xã hội hằng tháng"
    )
    return t


def user_with(roles, unit, **fields):
    user = UserFactory(**fields)
    for role in roles:
        RoleGrant.objects.create(user=user, unit=unit, role=role)
    return user


def dossier(
    procedure,
    unit,
    *,
    received_at: datetime | None,
    channel: int = Channel.COUNTER,
    status: int = Status.RETURNED,
    due_at: datetime | None = None,
    original_due_at: datetime | None = None,
    finished_at: datetime | None = None,
    supplement_requested_at: datetime | None = None,
    supplement_received_at: datetime | None = None,
    submitted_at: datetime | None = None,
    code: str | None = None,
    **fields,
) -> Dossier:
    """One unsaved dossier row. `original_due_at` defaults to `due_at` (no extension)."""
    return Dossier(
        procedure=procedure,
        unit=unit,
        handling_unit=fields.pop("handling_unit", unit),
        channel=channel,
        status=status,
        submitted_at=submitted_at,
        received_at=received_at,
        due_at=due_at,
        original_due_at=original_due_at if original_due_at is not None else due_at,
        finished_at=finished_at,
        returned_at=finished_at if status == Status.RETURNED else None,
        supplement_requested_at=supplement_requested_at,
        supplement_received_at=supplement_received_at,
        supplement_used=supplement_requested_at is not None,
        code=code,
        applicant_name=fields.pop("applicant_name", "Nguyễn Văn Thử"),
        **fields,
    )


OUTCOMES = ("early", "on_time", "late", "pending_in_time", "pending_overdue")


def spread(
    n: int,
    procedure,
    unit,
    outcome: str,
    *,
    first: date,
    last: date,
    channel: int = Channel.COUNTER,
    window_end: date | None = None,
) -> list[Dossier]:
    """`n` dossiers received between `first` and `last` (inclusive), all with `outcome`.

    early: due the next day, finished an hour after receipt · on_time: due 17:00 the day of
    receipt, finished at 15:00 · late: due the day of receipt, finished the next day (`last`
    must leave room) · pending_in_time: not finished, due 10 days after `window_end` ·
    pending_overdue: not finished, due the day of receipt.
    """
    if outcome not in OUTCOMES:
        raise ValueError(outcome)
    days = (last - first).days + 1
    rows = []
    for index in range(n):
        day = first + timedelta(days=index % days)
        received = at(day, 8 + index % 6, (index * 7) % 60)
        finished = None
        status = FINISHED_STATUSES[index % 2]
        if outcome == "early":
            due = at(day + timedelta(days=1), 17)
            finished = received + timedelta(hours=1)
        elif outcome == "on_time":
            due = at(day, 17)
            finished = at(day, 15)
        elif outcome == "late":
            due = at(day, 17)
            finished = at(day + timedelta(days=1), 9)
        else:
            status = Status.PROCESSING
            if outcome == "pending_in_time":
                due = at((window_end or last) + timedelta(days=10), 17)
            else:
                due = at(day, 17)
        rows.append(
            dossier(
                procedure,
                unit,
                channel=channel,
                status=status,
                submitted_at=received if channel == Channel.ONLINE else None,
                received_at=received,
                due_at=due,
                finished_at=finished,
            )
        )
    return rows


FAST_INSERT_FROM = 1000


def insert(rows: list[Dossier]) -> list[Dossier]:
    """Write the rows: `bulk_create` (ids set) for up to `FAST_INSERT_FROM` rows; above that
    one `executemany` of the same column values (no ids on the returned rows).

    `bulk_create` prepares every value of every row through its field, ~8 µs each: 26.000
    dossiers of 50 columns took 12 s on SQLite. The values repeat (a few hundred distinct
    times), so the fast path prepares each distinct value once."""
    if len(rows) < FAST_INSERT_FROM:
        return Dossier.objects.bulk_create(rows, batch_size=500)
    fields = [f for f in Dossier._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    prepared: dict[tuple[str, object], object] = {}

    stamped = {
        f.attname
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }

    def value(field, row):
        raw = now if field.attname in stamped else getattr(row, field.attname)
        key = (field.attname, raw)
        if key not in prepared:
            prepared[key] = field.get_db_prep_save(raw, connection)
        return prepared[key]

    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(Dossier._meta.db_table)} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[value(f, row) for f in fields] for row in rows])
    return rows


# ---------------------------------------------------------------------------- documents


def docx_text(content: bytes) -> str:
    """All text of a DOCX: paragraphs, then every table cell."""
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def docx_rows(content: bytes) -> list[list[str]]:
    """The cells of every table row of a DOCX."""
    document = Document(io.BytesIO(content))
    return [[cell.text for cell in row.cells] for t in document.tables for row in t.rows]


def xlsx_rows(content: bytes) -> list[tuple]:
    """The values of every row of the first sheet."""
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_row(content: bytes, label: str) -> tuple:
    """The first row whose column B holds `label`."""
    return next(row for row in xlsx_rows(content) if len(row) > 1 and row[1] == label)
