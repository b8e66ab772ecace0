"""`cchc import units FILE`: the units file of formats.md, all-or-nothing and idempotent.

Columns: code, name, kind, parent_code, identifier, valid_from, valid_to, successor_code.
A parent or successor may be defined in the same file (in any order) or already exist.
`successor_code` may list several codes separated by ";".
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from cchc.core.errors import ImportRefused, RowError
from cchc.core.tabular import read_rows

from .models import Unit, UnitKind, validate_code

COLUMNS = [
    "code",
    "name",
    "kind",
    "parent_code",
    "identifier",
    "valid_from",
    "valid_to",
    "successor_code",
]
REQUIRED = ["code", "name", "kind"]


@dataclass
class UnitRow:
    line: int
    code: str
    name: str
    kind: str
    parent_code: str
    identifier: str
    valid_from: date | None
    valid_to: date | None
    successor_codes: list[str] = field(default_factory=list)


def import_units(path: str) -> str:
    rows = read_rows(path, REQUIRED)
    parsed, errors = _validate(str(path), rows)
    if errors:
        raise ImportRefused(errors)
    created, updated = _write(parsed)
    return f"{path}: {created} đơn vị mới, {updated} đơn vị cập nhật."


def _validate(path: str, rows) -> tuple[list[UnitRow], list[RowError]]:
    errors: list[RowError] = []
    parsed: list[UnitRow] = []
    first_line: dict[str, int] = {}
    kinds = set(UnitKind.values)

    def error(line, column, reason):
        errors.append(RowError(path, line, column, reason))

    for line, cells in rows:
        code = cells.get("code", "")
        for column in REQUIRED:
            if not cells.get(column):
                error(line, column, "không được để trống")
        if code:
            try:
                validate_code(code)
            except ValidationError as exc:
                error(line, "code", exc.messages[0])
            if code in first_line:
                error(line, "code", f"mã '{code}' trùng với dòng {first_line[code]}")
            else:
                first_line[code] = line
        kind = cells.get("kind", "")
        if kind and kind not in kinds:
            error(
                line,
                "kind",
                f"loại '{kind}' không hợp lệ; dùng một trong: {', '.join(sorted(kinds))}",
            )
        valid_from = _date(cells.get("valid_from", ""), line, "valid_from", error)
        valid_to = _date(cells.get("valid_to", ""), line, "valid_to", error)
        if valid_from and valid_to and valid_to < valid_from:
            error(line, "valid_to", "ngày hết hiệu lực trước ngày bắt đầu hiệu lực")
        successors = [c.strip() for c in cells.get("successor_code", "").split(";") if c.strip()]
        parsed.append(
            UnitRow(
                line,
                code,
                cells.get("name", ""),
                kind,
                cells.get("parent_code", ""),
                cells.get("identifier", ""),
                valid_from,
                valid_to,
                successors,
            )
        )

    known = set(first_line) | set(
        Unit.objects.filter(
            code__in={r.parent_code for r in parsed}
            | {c for r in parsed for c in r.successor_codes}
        ).values_list("code", flat=True)
    )
    for row in parsed:
        if row.parent_code and row.parent_code not in known:
            error(row.line, "parent_code", f"không tìm thấy đơn vị cấp trên '{row.parent_code}'")
        if row.parent_code and row.parent_code == row.code:
            error(row.line, "parent_code", "đơn vị không thể là cấp trên của chính nó")
        for successor in row.successor_codes:
            if successor not in known:
                error(row.line, "successor_code", f"không tìm thấy đơn vị kế thừa '{successor}'")
    errors.extend(_cycles(path, parsed))
    errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
    return parsed, errors


def _date(text: str, line: int, column: str, error) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        error(line, column, f"ngày '{text}' không hợp lệ; dùng dạng YYYY-MM-DD")
        return None


def _cycles(path: str, parsed: list[UnitRow]) -> list[RowError]:
    """Parent links (file rows over database rows) must not form a loop."""
    parent_of = dict(Unit.objects.filter(parent__isnull=False).values_list("code", "parent__code"))
    parent_of.update({r.code: r.parent_code for r in parsed if r.code})
    errors = []
    for row in parsed:
        seen, current = set(), row.code
        while current and current not in seen:
            seen.add(current)
            current = parent_of.get(current)
        if current == row.code and row.code:
            errors.append(
                RowError(path, row.line, "parent_code", "quan hệ cấp trên tạo thành vòng lặp")
            )
    return errors


@transaction.atomic
def _write(parsed: list[UnitRow]) -> tuple[int, int]:
    created = updated = 0
    by_code = {u.code: u for u in Unit.objects.filter(code__in=[r.code for r in parsed])}
    pending = list(parsed)
    # Parents before children: a row is written once its parent exists.
    while pending:
        ready = [
            r
            for r in pending
            if not r.parent_code
            or r.parent_code in by_code
            or Unit.objects.filter(code=r.parent_code).exists()
        ]
        if not ready:  # unreachable after validation; never loop forever
            raise RuntimeError("unit parents could not be ordered")
        for row in ready:
            unit = by_code.get(row.code) or Unit(code=row.code)
            is_new = unit.pk is None
            parent = by_code.get(row.parent_code) or (
                Unit.objects.get(code=row.parent_code) if row.parent_code else None
            )
            values = {
                "name": row.name,
                "kind": row.kind,
                "parent": parent,
                "identifier": row.identifier,
                "valid_from": row.valid_from,
                "valid_to": row.valid_to,
            }
            changed = is_new or any(getattr(unit, k) != v for k, v in values.items())
            for key, value in values.items():
                setattr(unit, key, value)
            if changed:
                unit.save()
                created += is_new
                updated += not is_new
            by_code[row.code] = unit
        pending = [r for r in pending if r not in ready]
    for row in parsed:
        unit = by_code[row.code]
        wanted = set(Unit.objects.filter(code__in=row.successor_codes).values_list("id", flat=True))
        if set(unit.successors.values_list("id", flat=True)) != wanted:
            unit.successors.set(wanted)
    return created, updated
