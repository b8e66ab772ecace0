"""`cchc import procedures FILE`: the procedures file of formats.md, all-or-nothing, idempotent.

Columns: code, name, sector_code, sector_name, level, processing_time, online_mode,
legacy_online_level, postal, inter_agency, fee, internal, decision_ref, published_on.

Every row is checked before anything is written; any bad cell refuses the whole file with
one RowError per problem. Rows are matched to procedures by code and updated. A changed
processing time becomes a new version (from `published_on` when that is later than the
current version, else from today) — history is not rewritten.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from cchc.core.errors import ImportRefused, RowError
from cchc.core.tabular import read_rows

from . import services
from .budgets import normalise, workflow_problem
from .models import (
    CODE_PATTERN,
    InterAgency,
    Level,
    OnlineMode,
    Procedure,
    ProcedureVersion,
    Sector,
    parse_vnd,
)

COLUMNS = [
    "code",
    "name",
    "sector_code",
    "sector_name",
    "level",
    "processing_time",
    "online_mode",
    "legacy_online_level",
    "postal",
    "inter_agency",
    "fee",
    "internal",
    "decision_ref",
    "published_on",
]
REQUIRED_COLUMNS = ["code", "name", "sector_code", "level", "processing_time"]


@dataclass
class ProcedureRow:
    line: int
    code: str
    name: str
    sector_code: str
    sector_name: str
    level: str
    processing_time: str
    online_mode: str
    legacy_online_level: int | None
    postal: bool
    inter_agency: str
    fee: int | None
    internal: bool
    decision_ref: str
    published_on: date | None

    def fields(self, sector: Sector) -> dict:
        return {
            "name": self.name,
            "sector": sector,
            "level": self.level,
            "online_mode": self.online_mode,
            "legacy_online_level": self.legacy_online_level,
            "postal": self.postal,
            "inter_agency": self.inter_agency,
            "fee": self.fee,
            "internal": self.internal,
            "decision_ref": self.decision_ref,
            "published_on": self.published_on,
        }


def import_procedures(path) -> str:
    """Import a procedures file (CSV or XLSX); return a Vietnamese summary or raise ImportRefused."""
    rows = read_rows(path, REQUIRED_COLUMNS)
    parsed, errors = _validate(str(path), rows)
    if errors:
        raise ImportRefused(errors)
    counts = _write(parsed)
    return (
        f"{path}: {counts['created']} thủ tục mới, {counts['updated']} thủ tục cập nhật, "
        f"{counts['unchanged']} không đổi, {counts['versions']} thời hạn giải quyết mới, "
        f"{counts['sectors']} lĩnh vực mới."
    )


def _validate(path: str, rows) -> tuple[list[ProcedureRow], list[RowError]]:
    errors: list[RowError] = []

    def error(line, column, reason):
        errors.append(RowError(path, line, column, reason))

    parsed: list[ProcedureRow] = []
    first_line: dict[str, int] = {}
    sector_names: dict[str, tuple[str, int]] = {}
    known_sectors = set(Sector.objects.values_list("code", flat=True))

    for line, cells in rows:
        values = {column: (cells.get(column) or "").strip() for column in COLUMNS}
        get = values.__getitem__
        for column in REQUIRED_COLUMNS:
            if not get(column):
                error(line, column, "không được để trống")
        code = get("code")
        if code:
            if not CODE_PATTERN.match(code):
                error(
                    line,
                    "code",
                    f"mã '{code}' chỉ được gồm chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới",
                )
            if code in first_line:
                error(line, "code", f"mã '{code}' trùng với dòng {first_line[code]}")
            else:
                first_line[code] = line
        if len(get("name")) > 500:
            error(line, "name", "tên thủ tục dài quá 500 ký tự")

        sector_code, sector_name = get("sector_code"), get("sector_name")
        if sector_code:
            if sector_name:
                seen = sector_names.get(sector_code)
                if seen and seen[0] != sector_name:
                    error(
                        line,
                        "sector_name",
                        f"tên lĩnh vực '{sector_name}' khác với dòng {seen[1]} ('{seen[0]}')",
                    )
                elif not seen:
                    sector_names[sector_code] = (sector_name, line)

        level = _choice(get("level"), Level, line, "level", error, default=None)
        processing_time = ""
        if get("processing_time"):
            try:
                processing_time = normalise(get("processing_time"))
            except ValueError as exc:
                error(line, "processing_time", str(exc))
        online_mode = _choice(
            get("online_mode"), OnlineMode, line, "online_mode", error, default=OnlineMode.NONE
        )
        inter_agency = _choice(
            get("inter_agency"), InterAgency, line, "inter_agency", error, default=InterAgency.NONE
        )
        legacy = None
        if get("legacy_online_level"):
            if get("legacy_online_level") in {"1", "2", "3", "4"}:
                legacy = int(get("legacy_online_level"))
            else:
                error(
                    line,
                    "legacy_online_level",
                    f"mức độ '{get('legacy_online_level')}' không hợp lệ; dùng 1, 2, 3, 4 hoặc để trống",
                )
        fee = None
        if get("fee"):
            try:
                fee = parse_vnd(get("fee"))
            except ValueError:
                error(
                    line,
                    "fee",
                    f"phí, lệ phí '{get('fee')}' không hợp lệ; ghi số nguyên đồng (ví dụ 50000) hoặc để trống",
                )
        postal = _flag(get("postal"), line, "postal", error)
        internal = _flag(get("internal"), line, "internal", error)
        published_on = None
        if get("published_on"):
            published_on = _date(get("published_on"))
            if published_on is None:
                error(
                    line,
                    "published_on",
                    f"ngày '{get('published_on')}' không hợp lệ; dùng dạng YYYY-MM-DD",
                )
        if len(get("decision_ref")) > 255:
            error(line, "decision_ref", "quyết định công bố dài quá 255 ký tự")
        parsed.append(
            ProcedureRow(
                line,
                code,
                get("name"),
                sector_code,
                sector_name,
                level or "",
                processing_time,
                online_mode,
                legacy,
                postal,
                inter_agency,
                fee,
                internal,
                get("decision_ref"),
                published_on,
            )
        )

    for row in parsed:
        if (
            row.sector_code
            and row.sector_code not in known_sectors
            and row.sector_code not in sector_names
        ):
            error(
                row.line,
                "sector_code",
                f"không tìm thấy lĩnh vực '{row.sector_code}'; ghi tên lĩnh vực ở cột sector_name để tạo mới",
            )
    errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
    return parsed, errors


def _choice(value: str, choices, line, column, error, default):
    if not value:
        return default
    if value in choices.values:
        return value
    error(
        line, column, f"giá trị '{value}' không hợp lệ; dùng một trong: {', '.join(choices.values)}"
    )
    return default


def _flag(value: str, line, column, error) -> bool:
    if value in {"", "0"}:
        return False
    if value == "1":
        return True
    error(line, column, f"giá trị '{value}' không hợp lệ; dùng 0 hoặc 1")
    return False


def _date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@transaction.atomic
def _write(parsed: list[ProcedureRow]) -> dict[str, int]:
    counts = dict.fromkeys(("created", "updated", "unchanged", "versions", "sectors"), 0)
    sectors = {s.code: s for s in Sector.objects.all()}
    for row in parsed:
        wanted_name = row.sector_name
        sector = sectors.get(row.sector_code)
        if sector is None or (wanted_name and sector.name != wanted_name):
            sector, created = services.get_or_create_sector(row.sector_code, wanted_name)
            counts["sectors"] += created
            sectors[row.sector_code] = sector

    existing = {p.code: p for p in Procedure.objects.filter(code__in=[r.code for r in parsed])}
    versions: dict[int, list[ProcedureVersion]] = {}
    for version in ProcedureVersion.objects.filter(procedure__in=existing.values()).order_by(
        "effective_from"
    ):
        versions.setdefault(version.procedure_id, []).append(version)
    today = timezone.localdate()

    for row in parsed:
        fields = row.fields(sectors[row.sector_code])
        procedure = existing.get(row.code)
        if procedure is None:
            procedure = Procedure(code=row.code, **fields)
            procedure.save()
            counts["created"] += 1
        else:
            changed = [k for k, v in fields.items() if getattr(procedure, k) != v]
            if changed:
                for key in changed:
                    setattr(procedure, key, fields[key])
                procedure.updated_by = None
                procedure.save()
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        counts["versions"] += _sync_version(procedure, versions.get(procedure.pk, []), row, today)
    return counts


def _sync_version(
    procedure: Procedure, versions: list[ProcedureVersion], row: ProcedureRow, today: date
) -> int:
    """Make the catalogue agree with the row's processing time; return 1 if a version was created.

    The row agrees when the version in force on its publication date (today without one), or
    the latest version, has its time — so re-importing an older file does not undo a later
    change such as an applied review. Otherwise the new time starts on `published_on` when
    that is after the latest version, else today.
    """
    if not versions:
        ProcedureVersion.objects.create(
            procedure=procedure,
            effective_from=row.published_on or today,
            processing_time=row.processing_time,
            legal_basis=row.decision_ref,
        )
        return 1
    day = row.published_on or today
    in_force = [v for v in versions if v.effective_from <= day] or versions[:1]
    latest = versions[-1]
    if row.processing_time in (
        normalise(in_force[-1].processing_time),
        normalise(latest.processing_time),
    ):
        return 0
    start = (
        row.published_on if row.published_on and row.published_on > latest.effective_from else today
    )
    if start > latest.effective_from:
        version = ProcedureVersion.objects.create(
            procedure=procedure,
            effective_from=start,
            processing_time=row.processing_time,
            legal_basis=row.decision_ref,
        )
        services.copy_components(latest, version)  # the file has no components: keep the list
        return 1
    # The latest version starts today or later: correct it in place (no dossier has used it
    # yet); a workflow that no longer adds up is dropped and must be declared again.
    latest.processing_time = row.processing_time
    latest.save(update_fields=["processing_time"])
    if workflow_problem(
        latest.processing_time, list(latest.steps.values_list("budget", flat=True))
    ):
        latest.steps.all().delete()
    return 0
