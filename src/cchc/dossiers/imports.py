"""`cchc import dossiers FILE`: the Dossiers file of formats.md, all-or-nothing, idempotent.

Columns: code, procedure_code, unit_code, handling_unit_code, channel, status, submitted_at,
received_at, due_at, finished_at, returned_at, supplement_requested_at,
supplement_received_at, applicant_name, applicant_id, applicant_phone, digitised, e_result,
paid_online.

Every row is checked before anything is written; any bad cell refuses the whole file with
one RowError (file, row, column, reason) per problem. Rows are matched by `code` and updated,
never duplicated. An empty `due_at` is computed from the procedure version in force on the
day received and the unit's calendar. Error messages and logs never quote personal data.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cchc.catalog.models import Procedure
from cchc.core.errors import ImportRefused, RowError
from cchc.core.tabular import read_rows
from cchc.units.models import Unit
from cchc.workcal import services as workcal

from .models import Channel, Dossier, HistoryAction, HistoryEntry, Status

log = logging.getLogger("cchc.dossiers")

COLUMNS = [
    "code",
    "procedure_code",
    "unit_code",
    "handling_unit_code",
    "channel",
    "status",
    "submitted_at",
    "received_at",
    "due_at",
    "finished_at",
    "returned_at",
    "supplement_requested_at",
    "supplement_received_at",
    "applicant_name",
    "applicant_id",
    "applicant_phone",
    "digitised",
    "e_result",
    "paid_online",
]
REQUIRED_COLUMNS = ["code", "procedure_code", "unit_code", "channel", "status"]
TIME_COLUMNS = [
    "submitted_at",
    "received_at",
    "due_at",
    "finished_at",
    "returned_at",
    "supplement_requested_at",
    "supplement_received_at",
]
FLAG_COLUMNS = ["digitised", "e_result", "paid_online"]
NEEDS_FINISHED = {Status.WITHDRAWN, Status.STOPPED, Status.RESOLVED, Status.RETURNED}


def parse_time(text: str) -> datetime:
    """`YYYY-MM-DD HH:MM[:SS]` local time or ISO 8601 with an offset; ValueError otherwise."""
    raw = (text or "").strip()
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(raw, pattern).replace(tzinfo=workcal.LOCAL_TZ)
        except ValueError:
            pass
    if "T" not in raw:
        raise ValueError(raw)
    moment = datetime.fromisoformat(raw)
    return moment if moment.tzinfo else moment.replace(tzinfo=workcal.LOCAL_TZ)


@dataclass
class DossierRow:
    line: int
    code: str
    procedure: Procedure
    unit: Unit
    handling_unit: Unit
    fields: dict = field(default_factory=dict)


def import_dossiers(path) -> str:
    """Import a dossiers file (CSV or XLSX); return a Vietnamese summary or raise ImportRefused."""
    rows = read_rows(path, REQUIRED_COLUMNS)
    parsed, errors = _validate(str(path), rows)
    if errors:
        raise ImportRefused(errors)
    created, updated, unchanged = _write(parsed, Path(path).name)
    log.info("Nhập hồ sơ từ %s: %s mới, %s cập nhật.", Path(path).name, created, updated)
    return f"{path}: {created} hồ sơ mới, {updated} hồ sơ cập nhật, {unchanged} hồ sơ không đổi."


def _validate(path: str, rows) -> tuple[list[DossierRow], list[RowError]]:
    errors: list[RowError] = []

    def error(line, column, reason):
        errors.append(RowError(path, line, column, reason))

    procedure_codes = {(c.get("procedure_code") or "").strip() for _, c in rows}
    unit_codes = {(c.get("unit_code") or "").strip() for _, c in rows} | {
        (c.get("handling_unit_code") or "").strip() for _, c in rows
    }
    procedures = {
        p.code: p
        for p in Procedure.objects.filter(code__in=procedure_codes).prefetch_related("versions")
    }
    units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes)}
    first_line: dict[str, int] = {}
    parsed: list[DossierRow] = []

    for line, cells in rows:

        def get(column: str, cells=cells) -> str:
            return (cells.get(column) or "").strip()

        bad = len(errors)
        for column in REQUIRED_COLUMNS:
            if not get(column):
                error(line, column, "không được để trống")
        code = get("code")
        if code:
            if len(code) > 60:
                error(line, "code", "mã hồ sơ dài quá 60 ký tự")
            if code in first_line:
                error(line, "code", f"mã hồ sơ '{code}' trùng với dòng {first_line[code]}")
            else:
                first_line[code] = line
        procedure = procedures.get(get("procedure_code"))
        if get("procedure_code") and procedure is None:
            error(line, "procedure_code", f"không có thủ tục mã '{get('procedure_code')}'")
        unit = units.get(get("unit_code"))
        if get("unit_code") and unit is None:
            error(line, "unit_code", f"không có đơn vị mã '{get('unit_code')}'")
        handling = unit
        if get("handling_unit_code"):
            handling = units.get(get("handling_unit_code"))
            if handling is None:
                error(
                    line, "handling_unit_code", f"không có đơn vị mã '{get('handling_unit_code')}'"
                )
        channel = status = None
        if get("channel"):
            if get("channel") in {str(c) for c in Channel.values}:
                channel = int(get("channel"))
            else:
                error(
                    line, "channel", "kênh phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính)"
                )
        if get("status"):
            if get("status") in {str(s) for s in Status.values}:
                status = int(get("status"))
            else:
                error(line, "status", "trạng thái phải là mã quốc gia từ 1 đến 10")
        times: dict[str, datetime | None] = {}
        for column in TIME_COLUMNS:
            times[column] = None
            if get(column):
                try:
                    times[column] = parse_time(get(column))
                except ValueError:
                    error(
                        line,
                        column,
                        "thời gian không hợp lệ; dùng dạng YYYY-MM-DD HH:MM hoặc ISO 8601 có múi giờ",
                    )
        flags = {}
        for column in FLAG_COLUMNS:
            value = get(column) or "0"
            if value not in ("0", "1"):
                error(line, column, "chỉ nhận 0 hoặc 1")
            flags[column] = value == "1"
        if status is not None:
            if status not in (Status.SUBMITTED, Status.REFUSED) and not get("received_at"):
                error(line, "received_at", f"trạng thái {status} cần thời điểm tiếp nhận")
            if status in NEEDS_FINISHED and not get("finished_at"):
                error(line, "finished_at", f"trạng thái {status} cần thời điểm kết thúc xử lý")
            if status == Status.RETURNED and not get("returned_at"):
                error(line, "returned_at", "trạng thái 10 cần thời điểm trả kết quả")
        version = None
        if procedure is not None and times.get("received_at"):
            version = procedure.version_on(workcal.to_local(times["received_at"]).date())
            if version is None and not times.get("due_at"):
                error(line, "due_at", "thủ tục chưa có thời hạn giải quyết; hãy ghi hạn trả")
        if len(errors) > bad:
            continue
        due = times["due_at"]
        if due is None and times["received_at"] is not None:
            due = workcal.due_at(times["received_at"], version.processing_time, unit)
        received = times["received_at"]
        parsed.append(
            DossierRow(
                line,
                code,
                procedure,
                unit,
                handling,
                {
                    "procedure_version": version,
                    "processing_time": version.processing_time if version else "",
                    "channel": channel,
                    "status": status,
                    "submitted_at": times["submitted_at"] or received,
                    "received_at": received,
                    "due_at": due,
                    "original_due_at": due,
                    "finished_at": times["finished_at"],
                    "returned_at": times["returned_at"],
                    "supplement_requested_at": times["supplement_requested_at"],
                    "supplement_received_at": times["supplement_received_at"],
                    "supplement_used": times["supplement_requested_at"] is not None,
                    "applicant_name": get("applicant_name")[:255],
                    "applicant_id_number": get("applicant_id")[:40],
                    "applicant_phone": get("applicant_phone")[:40],
                    **flags,
                },
            )
        )
    return parsed, errors


def _write(parsed: list[DossierRow], source: str) -> tuple[int, int, int]:
    created = updated = unchanged = 0
    now = timezone.now()
    with transaction.atomic():
        existing = {
            d.code: d
            for d in Dossier.objects.select_for_update().filter(code__in=[r.code for r in parsed])
        }
        for row in parsed:
            values = {
                **row.fields,
                "procedure": row.procedure,
                "unit": row.unit,
                "handling_unit": row.handling_unit,
                "request": row.procedure.name,
                "imported": True,
                "import_source": source[:255],
            }
            dossier = existing.get(row.code)
            if dossier is None:
                dossier = Dossier.objects.create(code=row.code, **values)
                _history(dossier, None, now)
                created += 1
                continue
            changed = {k: v for k, v in values.items() if getattr(dossier, k) != v}
            if not changed:
                unchanged += 1
                continue
            previous = dossier.status
            for name, value in changed.items():
                setattr(dossier, name, value)
            dossier.revision += 1
            dossier.save()
            _history(dossier, previous, now)
            updated += 1
    return created, updated, unchanged


def _history(dossier: Dossier, previous: int | None, at) -> None:
    HistoryEntry.objects.create(
        dossier=dossier,
        at=at,
        actor_unit=dossier.unit,
        action=HistoryAction.IMPORT,
        from_status=previous,
        to_status=dossier.status,
        note=f"Nhập từ tệp {dossier.import_source}",
    )
