"""Criteria-set files (formats.md "Criteria set file"): read a set from YAML or from a
spreadsheet (.xlsx or .csv), validate all of it, and write it back to YAML or XLSX — pure,
no Django models (the registries the checks need are looked up lazily, see `Vocabulary`).

Reading gives a plain `SetSpec`; every problem found is collected with the file, the row
(YAML: the line of the key, from PyYAML's node marks; spreadsheet: the row number) and the
column or key, in Vietnamese, naming the criterion ("Tiêu chí 1.2: điểm tối đa ghi 1,5 khác
tổng các tiêu chí con 1,25"), and the whole file is refused (`ImportRefused`).

The same `check()` validates a tree edited in the back office, so a set is held to one set
of rules however it was written:
- codes are dotted numbers, unique; an area's code is one number; a child's code starts with
  its parent's code and a dot;
- a leaf has a maximum above 0 with at most two decimals, a known method with complete
  parameters (`methods.check_params`), a registered source or none, a known applicability
  rule or none; a parent carries none of those — its maximum is the sum of its children's
  (a stated one must equal that sum) and is never stored;
- `part` (self | survey | bonus | penalty) written on a parent is the default of the leaves
  below it; bonus and penalty leaves stay outside the maximum of a parent that also has
  leaves that count;
- `plan_area` only on areas; grades non-empty, named, minima from 0 to 100 strictly
  descending; a known year and unit kind.

Spreadsheet layout (.xlsx; a .csv file is the single-sheet form of it):
- sheet "Thông tin": one key/value row per set field — `code`, `name`, `year`, `unit_kind`,
  `decision_ref`, `issuer` (key in column A, value in column B) — and one `grade` row per
  grade band, highest first (`grade | Xuất sắc | 90`: name in B, minimum in C). A first row
  `key | value | min` is a header and ignored, as are unknown keys;
- sheet "Tiêu chí": a header row with the columns `code, parent_code, name, max, method,
  params, source, evidence, applicability, responsible, responsible_text, part, plan_area`
  (only `code` and `name` are required; extra columns are allowed), then one row per node.
  `parent_code` may be left empty: it is the code without its last number (1.2 for 1.2.1).
  `params` is inline JSON or YAML (`{"bands": [{"min": 1.0, "points": 0.5}]}`). Format the
  `code` column as text, or Excel turns 1.10 into 1.1.
- Without a "Thông tin" sheet (and in CSV) the key/value rows come first on the node sheet,
  before its header row.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path, PurePath

import yaml

from cchc.core import vnformat
from cchc.core.errors import ImportRefused, RowError
from cchc.core.text import fold

from . import methods

SELF, SURVEY, BONUS, PENALTY = "self", "survey", "bonus", "penalty"
PARTS = (SELF, SURVEY, BONUS, PENALTY)
EXTRA_PARTS = (BONUS, PENALTY)  # outside the maximum (index.md §1)

COLUMNS = [
    "code",
    "parent_code",
    "name",
    "max",
    "method",
    "params",
    "source",
    "evidence",
    "applicability",
    "responsible",
    "responsible_text",
    "part",
    "plan_area",
]
SET_KEYS = ["code", "name", "year", "unit_kind", "decision_ref", "issuer"]
INFO_SHEET = "Thông tin"
NODE_SHEET = "Tiêu chí"
LEAF_ONLY = ("method", "params", "source", "applicability")
SUFFIXES = (".yaml", ".yml", ".xlsx", ".xlsm", ".csv")

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
MAX_POINTS = Decimal("99999.99")  # Criterion.max_points: 7 digits, 2 decimals
SET_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")
NODE_CODE = re.compile(r"^\d{1,4}(\.\d{1,4})*$")
OFFICE_CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
LENGTHS = {  # the model's field lengths
    "set.name": 500,
    "set.decision_ref": 255,
    "name": 1000,
    "source": 200,
    "applicability": 200,
    "responsible_text": 500,
    "grade.name": 100,
}


# -- the spec ------------------------------------------------------------------------------


@dataclass
class GradeSpec:
    name: str
    min: Decimal | None
    row: int = field(default=0, compare=False)


@dataclass
class NodeSpec:
    """One node. `max_points` is what the file states (parents: usually nothing); after
    `normalise()` a parent holds the derived sum. `rows` maps each key to its row/line."""

    code: str
    name: str = ""
    max_points: Decimal | None = None
    method: str = ""
    params: dict = field(default_factory=dict)
    source: str = ""
    evidence: str = ""
    applicability: str = ""
    responsible: str = ""
    responsible_text: str = ""
    part: str = ""
    plan_area: str = ""
    children: list[NodeSpec] = field(default_factory=list)
    row: int = field(default=0, compare=False)
    rows: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    sheet: str = field(default="", compare=False, repr=False)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def row_of(self, key: str) -> int:
        if key == "params" and key not in self.rows:
            return self.rows.get("method", self.row)  # missing parameters: the method's line
        return self.rows.get(key, self.row)


@dataclass
class SetSpec:
    code: str = ""
    name: str = ""
    year: int | None = None
    unit_kind: str = ""
    decision_ref: str = ""
    issuer: str = ""  # the issuing unit's code, "" for none
    grades: list[GradeSpec] = field(default_factory=list)
    items: list[NodeSpec] = field(default_factory=list)
    origin: str = field(default="", compare=False)
    rows: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    sheet: str = field(default="", compare=False, repr=False)

    def walk(self) -> Iterator[tuple[NodeSpec, NodeSpec | None, int]]:
        """(node, parent, depth) in tree order."""

        def visit(nodes, parent, depth):
            for node in nodes:
                yield node, parent, depth
                yield from visit(node.children, node, depth + 1)

        yield from visit(self.items, None, 0)

    def find(self, code: str) -> NodeSpec | None:
        return next((n for n, _, _ in self.walk() if n.code == code), None)

    def parent_of(self, code: str) -> NodeSpec | None:
        return next((p for n, p, _ in self.walk() if n.code == code), None)

    @property
    def total_max(self) -> Decimal:
        return sum(
            (derived_max(n) for n in self.items if effective_part(n) not in EXTRA_PARTS), ZERO
        )

    def row_of(self, key: str) -> int:
        return self.rows.get(key, 1 if self.rows else 0)


@dataclass(frozen=True)
class Problem:
    """A refused value: where (row, column/key, sheet), which criterion (None: the set) and
    why, in Vietnamese (the reason already names the criterion)."""

    row: int
    column: str
    reason: str
    code: str | None = None
    sheet: str = ""

    def row_error(self, origin: str) -> RowError:
        where = f"{origin}, trang “{self.sheet}”" if self.sheet else origin
        return RowError(where, self.row, self.column, self.reason)


@dataclass(frozen=True)
class Vocabulary:
    """What the checks need from the rest of the system."""

    unit_kinds: frozenset[str]
    plan_areas: frozenset[str]
    source_known: Callable[[str], bool]
    rule_known: Callable[[str], bool]


def default_vocabulary() -> Vocabulary:
    """The system's own registries (imported here, late, to keep this module pure)."""
    from cchc.plans.models import ReformArea
    from cchc.reporting.sources import is_registered
    from cchc.units.models import UnitKind

    from .applicability import is_known

    return Vocabulary(
        frozenset(UnitKind.values), frozenset(ReformArea.values), is_registered, is_known
    )


# -- helpers -------------------------------------------------------------------------------


def vn(value: Decimal | None) -> str:
    """0.25 → "0,25", 3 → "3", 1.5 → "1,5"."""
    if value is None:
        return ""
    value = Decimal(value)
    exponent = value.normalize().as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return vnformat.number(value, decimals)


def plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 90 → "90", 0.50 → "0.5"."""
    text = f"{Decimal(value).normalize():f}"
    return text


def sort_key(code: str) -> str:
    return ".".join(part.zfill(4) if part.isdigit() else part for part in code.split("."))


def effective_part(node: NodeSpec) -> str:
    """A leaf's part; a parent's is the common part of its leaves, else self."""
    if node.is_leaf:
        return node.part or SELF
    parts = {effective_part(child) for child in node.children}
    return parts.pop() if len(parts) == 1 else SELF


def derived_max(node: NodeSpec) -> Decimal:
    """A leaf's maximum; a parent's is the sum of its children's — bonus and penalty ones
    left out unless the whole parent is bonus (or penalty)."""
    if node.is_leaf:
        return node.max_points if node.max_points is not None else ZERO
    own = effective_part(node)
    return sum(
        (
            derived_max(child)
            for child in node.children
            if own in EXTRA_PARTS or effective_part(child) not in EXTRA_PARTS
        ),
        ZERO,
    )


def _label(code: str | None) -> str:
    return f"Tiêu chí {code}: " if code else ""


def parse_params(text: str) -> tuple[dict, str]:
    """Parameters typed inline (JSON or YAML) → (mapping, error message or "")."""
    text = (text or "").strip()
    if not text:
        return {}, ""
    try:
        value = json.loads(text)
    except ValueError:
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError:
            return {}, 'tham số không đọc được; ghi dạng JSON, ví dụ {"at": 0.9}'
    return _params_value(value)


def _params_value(value) -> tuple[dict, str]:
    if value is None:
        return {}, ""
    if not isinstance(value, dict):
        return {}, 'tham số phải là một bảng khóa: giá trị, ví dụ {"at": 0.9}'
    try:
        plain_value = json.loads(json.dumps(_plain_data(value), ensure_ascii=False))
    except (TypeError, ValueError):
        return {}, "tham số chỉ được gồm số, chữ, danh sách và bảng khóa: giá trị"
    return plain_value, ""


def _plain_data(value):
    """Our YAML containers back to plain dicts and lists (strings keys)."""
    if isinstance(value, dict):
        return {str(k): _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    if isinstance(value, date | datetime):
        raise TypeError("date")
    if isinstance(value, float) and not (value == value and abs(value) != float("inf")):
        raise ValueError("nan")
    return value


# -- reading -------------------------------------------------------------------------------


def read_file(path: str | Path, vocabulary: Vocabulary | None = None) -> SetSpec:
    """A criteria-set file (YAML, XLSX or CSV) as a normalised spec; ImportRefused with every
    problem otherwise."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        raise ImportRefused([RowError(str(path), 0, "-", "không tìm thấy tệp")]) from None
    return read_bytes(data, str(path), vocabulary)


def read_bytes(data: bytes, name: str, vocabulary: Vocabulary | None = None) -> SetSpec:
    spec, problems = parse(data, name, vocabulary)
    if problems:
        raise ImportRefused([p.row_error(name) for p in problems])
    return spec


def parse(
    data: bytes, name: str, vocabulary: Vocabulary | None = None
) -> tuple[SetSpec, list[Problem]]:
    """(normalised spec, problems); the spec is only meaningful without problems."""
    suffix = PurePath(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        spec, problems = _parse_yaml(data, name)
    elif suffix in (".xlsx", ".xlsm"):
        spec, problems = _parse_table(_xlsx_sheets(data), name)
    elif suffix == ".csv":
        spec, problems = _parse_table(_csv_sheets(data), name)
    else:
        return SetSpec(origin=name), [
            Problem(0, "-", "chỉ nhận tệp YAML (.yaml, .yml), Excel (.xlsx) hoặc CSV (.csv)")
        ]
    if any(p.column == "-" for p in problems):
        return spec, problems  # unreadable: nothing more to say
    skip = {(p.code, p.column, p.row) for p in problems}
    problems += check(spec, vocabulary, skip=skip)
    problems.sort(key=lambda p: (p.sheet != spec.sheet, p.sheet, p.row))
    return (normalise(spec) if not problems else spec), problems


class _Reader:
    """Converts raw values (YAML scalars, spreadsheet cells) into spec fields, collecting
    the problems."""

    def __init__(self, sheet: str = ""):
        self.problems: list[Problem] = []
        self.sheet = sheet

    def problem(self, row, column, reason, code=None, sheet=None):
        self.problems.append(
            Problem(
                row, column, _label(code) + reason, code, self.sheet if sheet is None else sheet
            )
        )

    def text(self, value, raw, row, column, code=None) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, dict | list):
            self.problem(row, column, "phải là chữ, không phải danh sách hay bảng", code)
            return ""
        if raw is not None:
            return str(raw).strip()
        return _cell_text(value)

    def number(self, value, row, column, code=None, what="điểm tối đa") -> Decimal | None:
        if value is None or value == "":
            return None
        try:
            if isinstance(value, bool) or isinstance(value, dict | list):
                raise ValueError
            number = methods.decimal(repr(value) if isinstance(value, float) else value)
        except ValueError:
            self.problem(row, column, f"{what} “{_cell_text(value)}” không phải số", code)
            return None
        return number

    def year(self, value, row) -> int | None:
        if value is None or value == "":
            return None
        try:
            if isinstance(value, bool):
                raise ValueError
            number = methods.decimal(repr(value) if isinstance(value, float) else value)
            if number != number.to_integral_value():
                raise ValueError
            return int(number)
        except ValueError:
            self.problem(row, "year", f"năm áp dụng “{_cell_text(value)}” không phải số năm")
            return None

    def params(self, value, row, code) -> dict:
        if value is None or value == "":
            return {}
        if isinstance(value, str):
            params, error = parse_params(value)
        else:
            params, error = _params_value(value)
        if error:
            self.problem(row, "params", error, code)
        return params


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M") if value.hour or value.minute else f"{value:%Y-%m-%d}"
        )
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(value).strip()


# YAML ---------------------------------------------------------------------------------------


class _Map(dict):
    """A YAML mapping with the line of each key and the raw text of scalar values."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}
        self.raw: dict[str, str | None] = {}


class _Seq(list):
    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: list[int] = []


def _load_yaml(text: str, reader: _Reader):
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _convert(node, loader, reader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 0
        problem = getattr(exc, "problem", None) or str(exc)
        reader.problem(line or 0, "-", f"không đọc được tệp YAML: {problem}")
        return None
    finally:
        loader.dispose()


def _convert(node, loader, reader: _Reader):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_object(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        seq = _Seq(node.start_mark.line + 1)
        for item in node.value:
            seq.append(_convert(item, loader, reader))
            seq.lines.append(item.start_mark.line + 1)
        return seq
    mapping = _Map(node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = str(key)
        line = key_node.start_mark.line + 1
        if key in mapping:
            reader.problem(line, key, f"khóa “{key}” ghi hai lần (dòng {mapping.lines[key]})")
            continue
        mapping[key] = _convert(value_node, loader, reader)
        mapping.lines[key] = line
        mapping.raw[key] = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
    return mapping


def _parse_yaml(data: bytes, origin: str) -> tuple[SetSpec, list[Problem]]:
    reader = _Reader()
    spec = SetSpec(origin=origin)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return spec, [Problem(0, "-", "tệp không phải văn bản UTF-8")]
    doc = _load_yaml(text, reader)
    if reader.problems:
        return spec, reader.problems
    if not isinstance(doc, _Map):
        return spec, [
            Problem(1, "-", "tệp YAML phải là một bảng khóa: giá trị (code, name, year, …, items)")
        ]
    spec.rows = dict(doc.lines)
    for key in ("code", "name", "unit_kind", "decision_ref", "issuer"):
        setattr(spec, key, reader.text(doc.get(key), doc.raw.get(key), spec.row_of(key), key))
    spec.year = reader.year(doc.get("year"), spec.row_of("year"))
    grades = doc.get("grades")
    if grades is not None and not isinstance(grades, _Seq):
        reader.problem(spec.row_of("grades"), "grades", "xếp loại phải là danh sách")
    for number, item in enumerate(grades if isinstance(grades, _Seq) else [], start=1):
        line = grades.lines[number - 1]
        if not isinstance(item, _Map):
            reader.problem(line, "grades", f"xếp loại thứ {number} phải có name và min")
            continue
        spec.grades.append(
            GradeSpec(
                reader.text(item.get("name"), item.raw.get("name"), line, "grades"),
                reader.number(
                    item.get("min"), item.lines.get("min", line), "grades", what="điểm tối thiểu"
                ),
                item.lines.get("min", line),
            )
        )
    items = doc.get("items")
    if items is not None and not isinstance(items, _Seq):
        reader.problem(spec.row_of("items"), "items", "items phải là danh sách các lĩnh vực")
    else:
        spec.items = _yaml_nodes(items or [], reader)
    return spec, reader.problems


def _yaml_nodes(items: _Seq, reader: _Reader) -> list[NodeSpec]:
    nodes = []
    for index, item in enumerate(items):
        line = items.lines[index]
        if not isinstance(item, _Map):
            reader.problem(line, "items", "mỗi tiêu chí phải là một bảng khóa: giá trị")
            continue
        code_value = item.get("code")
        code = reader.text(code_value, item.raw.get("code"), item.lines.get("code", line), "code")
        node = NodeSpec(code=code, row=item.lines.get("code", line), rows=dict(item.lines))
        label = code or None
        for key in (
            "name",
            "method",
            "source",
            "evidence",
            "applicability",
            "responsible",
            "responsible_text",
            "part",
            "plan_area",
        ):
            value = reader.text(item.get(key), item.raw.get(key), node.row_of(key), key, label)
            setattr(node, key, value)
        node.max_points = reader.number(item.get("max"), node.row_of("max"), "max", label)
        node.params = reader.params(item.get("params"), node.row_of("params"), label)
        children = item.get("children")
        if children is not None and not isinstance(children, _Seq):
            reader.problem(node.row_of("children"), "children", "phải là danh sách", label)
        elif children:
            node.children = _yaml_nodes(children, reader)
        nodes.append(node)
    return nodes


# Spreadsheets -------------------------------------------------------------------------------


def _xlsx_sheets(data: bytes) -> list[tuple[str, list[tuple[int, list]]]] | str:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is refused the same way
        return f"không đọc được tệp Excel: {exc}"
    sheets = []
    for sheet in book.worksheets:
        rows = [
            (number, list(values))
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        sheets.append((sheet.title, rows))
    book.close()
    return sheets


def _csv_sheets(data: bytes) -> list[tuple[str, list[tuple[int, list]]]] | str:
    try:
        text = data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
    except (UnicodeDecodeError, csv.Error) as exc:
        return f"không đọc được tệp CSV: {exc}"
    return [("", [(number, row) for number, row in enumerate(rows, start=1)])]


def _blank(values: list) -> bool:
    return all(_cell_text(v) == "" for v in values)


def _is_header(values: list) -> bool:
    cells = {_cell_text(v).lower() for v in values}
    return "code" in cells and "name" in cells


def _parse_table(sheets, origin: str) -> tuple[SetSpec, list[Problem]]:
    spec = SetSpec(origin=origin)
    if isinstance(sheets, str):
        return spec, [Problem(0, "-", sheets)]
    by_fold = {fold(name): (name, rows) for name, rows in sheets}
    info = by_fold.get(fold(INFO_SHEET)) or by_fold.get("info")
    nodes_sheet = by_fold.get(fold(NODE_SHEET)) or next(
        ((name, rows) for name, rows in sheets if info is None or name != info[0]), None
    )
    if nodes_sheet is None:
        return spec, [Problem(0, "-", f"tệp không có trang “{NODE_SHEET}”")]
    node_name, node_rows = nodes_sheet
    header_at = next((i for i, (_, values) in enumerate(node_rows) if _is_header(values)), None)
    reader = _Reader(node_name)
    if header_at is None:
        reader.problem(1, "-", "không thấy dòng tiêu đề có các cột code, name")
        return spec, reader.problems
    if info is not None and info[1]:
        key_rows, spec.sheet = list(info[1]), info[0]
    else:
        key_rows, spec.sheet = list(node_rows[:header_at]), node_name
    _read_key_rows(key_rows, spec, _Reader(spec.sheet), reader)
    header = [_cell_text(v).lstrip("\ufeff").strip().lower() for v in node_rows[header_at][1]]
    _read_node_rows(node_rows[header_at + 1 :], header, spec, reader)
    return spec, reader.problems


def _read_key_rows(rows, spec: SetSpec, info_reader: _Reader, reader: _Reader) -> None:
    for number, values in rows:
        if _blank(values):
            continue
        key = _cell_text(values[0]).lstrip("\ufeff").lower()
        value = values[1] if len(values) > 1 else None
        if key in ("grade", "grades"):
            name = info_reader.text(value, None, number, "grade")
            minimum = info_reader.number(
                values[2] if len(values) > 2 else None, number, "grade", what="điểm tối thiểu"
            )
            spec.grades.append(GradeSpec(name, minimum, number))
            continue
        if key not in SET_KEYS:
            continue
        if key in spec.rows:
            info_reader.problem(number, key, f"khóa “{key}” ghi hai lần (dòng {spec.rows[key]})")
            continue
        spec.rows[key] = number
        if key == "year":
            spec.year = info_reader.year(value, number)
        else:
            setattr(spec, key, info_reader.text(value, None, number, key))
    reader.problems.extend(info_reader.problems)


def _read_node_rows(rows, header: list[str], spec: SetSpec, reader: _Reader) -> None:
    if "code" not in header or "name" not in header:
        reader.problem(1, "code", "thiếu cột bắt buộc code hoặc name")
        return
    position = {name: header.index(name) for name in COLUMNS if name in header}
    nodes: dict[str, tuple[NodeSpec, str]] = {}
    order: list[NodeSpec] = []
    for number, values in rows:
        if _blank(values):
            continue

        def cell(name, values=values):
            at = position.get(name)
            return values[at] if at is not None and at < len(values) else None

        code = reader.text(cell("code"), None, number, "code")
        node = NodeSpec(code=code, row=number, rows={}, sheet=reader.sheet)
        if not code:
            reader.problem(number, "code", "chưa ghi mã tiêu chí")
            continue
        for key in (
            "name",
            "method",
            "source",
            "evidence",
            "applicability",
            "responsible",
            "responsible_text",
            "part",
            "plan_area",
        ):
            setattr(node, key, reader.text(cell(key), None, number, key, code))
        node.max_points = reader.number(cell("max"), number, "max", code)
        node.params = reader.params(cell("params"), number, code)
        parent_code = reader.text(cell("parent_code"), None, number, "parent_code", code)
        if code in nodes:
            first = nodes[code][0].row
            reader.problem(number, "code", f"mã tiêu chí trùng với dòng {first}", code)
            continue
        nodes[code] = (node, parent_code)
        order.append(node)
    for node in order:
        parent_code = nodes[node.code][1]
        explicit = bool(parent_code)
        if not explicit and "." in node.code:
            parent_code = node.code.rsplit(".", 1)[0]
        if not parent_code:
            spec.items.append(node)
            continue
        column = "parent_code" if explicit else "code"
        if not node.code.startswith(parent_code + "."):
            reader.problem(
                node.row,
                column,
                f"mã tiêu chí phải bắt đầu bằng mã tiêu chí cha “{parent_code}” và dấu chấm",
                node.code,
            )
            continue
        parent = nodes.get(parent_code)
        if parent is None:
            reader.problem(
                node.row,
                column,
                f"không tìm thấy tiêu chí cha “{parent_code}”"
                + ("" if explicit else "; thêm dòng của tiêu chí đó hoặc ghi cột parent_code"),
                node.code,
            )
            continue
        parent[0].children.append(node)


# -- validation ------------------------------------------------------------------------------


def check(
    spec: SetSpec, vocabulary: Vocabulary | None = None, skip: set | frozenset = frozenset()
) -> list[Problem]:
    """Every rule a criteria set must follow (module docstring). `skip`: (code, column, row)
    of values already refused while reading, not to be reported twice."""
    vocabulary = vocabulary or default_vocabulary()
    problems: list[Problem] = []

    def set_problem(key, reason):
        if (None, key, spec.row_of(key)) not in skip:
            problems.append(Problem(spec.row_of(key), key, reason, None, spec.sheet))

    if not spec.code:
        set_problem("code", "chưa ghi mã bộ tiêu chí (code)")
    elif not SET_CODE.match(spec.code):
        set_problem(
            "code",
            f"mã bộ tiêu chí “{spec.code}” chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang, "
            "gạch dưới (tối đa 40 ký tự)",
        )
    if not spec.name:
        set_problem("name", "chưa ghi tên bộ tiêu chí (name)")
    elif len(spec.name) > LENGTHS["set.name"]:
        set_problem("name", f"tên bộ tiêu chí dài quá {LENGTHS['set.name']} ký tự")
    if spec.year is None:
        set_problem("year", "chưa ghi năm áp dụng (year)")
    elif not 1990 <= spec.year <= 2100:
        set_problem("year", f"năm áp dụng {spec.year} không hợp lệ")
    kinds = ", ".join(sorted(vocabulary.unit_kinds))
    if not spec.unit_kind:
        set_problem("unit_kind", f"chưa ghi loại đơn vị được đánh giá (unit_kind: {kinds})")
    elif spec.unit_kind not in vocabulary.unit_kinds:
        set_problem(
            "unit_kind", f"loại đơn vị “{spec.unit_kind}” không có; dùng một trong: {kinds}"
        )
    if len(spec.decision_ref) > LENGTHS["set.decision_ref"]:
        set_problem("decision_ref", "quyết định ban hành dài quá 255 ký tự")
    if spec.issuer and not OFFICE_CODE.match(spec.issuer):
        set_problem("issuer", f"mã đơn vị ban hành “{spec.issuer}” không hợp lệ")
    problems += _check_grades(spec, skip)
    if not spec.items:
        set_problem("items", "bộ tiêu chí chưa có lĩnh vực, tiêu chí nào (items)")

    seen: dict[str, NodeSpec] = {}
    for node, parent, _depth in spec.walk():
        problems += _check_node(node, parent, seen, vocabulary, skip)
    return problems


def _check_grades(spec: SetSpec, skip) -> list[Problem]:
    key = "grades" if "grades" in spec.rows or not spec.sheet else "grade"
    if not spec.grades:
        return [
            Problem(
                spec.row_of("grades"),
                key,
                "chưa ghi xếp loại (grades), ví dụ Xuất sắc 90, Tốt 80, Khá 65, Trung bình 50, "
                "Yếu 0",
                None,
                spec.sheet,
            )
        ]
    problems = []
    names: set[str] = set()
    previous: Decimal | None = None
    for number, grade in enumerate(spec.grades, start=1):
        where = f"xếp loại thứ {number}"
        row = grade.row or spec.row_of("grades")

        def add(reason, row=row):
            if (None, key, row) not in skip:
                problems.append(Problem(row, key, reason, None, spec.sheet))

        if not grade.name:
            add(f"{where} chưa có tên")
        elif len(grade.name) > LENGTHS["grade.name"]:
            add(f"{where}: tên dài quá {LENGTHS['grade.name']} ký tự")
        elif grade.name in names:
            add(f"xếp loại “{grade.name}” ghi hai lần")
        names.add(grade.name)
        if grade.min is None:
            add(f"{where} chưa có điểm tối thiểu (min)")
            continue
        if not ZERO <= grade.min <= HUNDRED:
            add(f"{where}: điểm tối thiểu {vn(grade.min)} phải từ 0 đến 100")
        elif previous is not None and grade.min >= previous:
            add(
                f"{where}: điểm tối thiểu {vn(grade.min)} phải nhỏ hơn của xếp loại trước "
                f"({vn(previous)}); ghi xếp loại cao nhất trước"
            )
        previous = grade.min
    return problems


def _check_node(
    node: NodeSpec, parent: NodeSpec | None, seen: dict, vocabulary: Vocabulary, skip
) -> list[Problem]:
    problems: list[Problem] = []
    code = node.code or None

    def add(column, reason):
        if (code, column, node.row_of(column)) not in skip:
            problems.append(
                Problem(node.row_of(column), column, _label(code) + reason, code, node.sheet)
            )

    if not node.code:
        add("code", "chưa ghi mã tiêu chí")
    elif not NODE_CODE.match(node.code):
        add("code", "mã tiêu chí phải là các số cách nhau bởi dấu chấm, ví dụ 1, 1.2, 1.2.1")
    elif node.code in seen:
        add("code", f"mã tiêu chí trùng với tiêu chí ở dòng {seen[node.code].row}")
    elif parent is None and "." in node.code:
        add("code", "lĩnh vực (cấp cao nhất) phải có mã là một số, ví dụ 1")
    elif parent is not None and not node.code.startswith(parent.code + "."):
        add("code", f"mã tiêu chí phải bắt đầu bằng mã tiêu chí cha “{parent.code}” và dấu chấm")
    if node.code and node.code not in seen:
        seen[node.code] = node
    if not node.name:
        add("name", "chưa ghi tên tiêu chí")
    elif len(node.name) > LENGTHS["name"]:
        add("name", f"tên tiêu chí dài quá {LENGTHS['name']} ký tự")
    if node.part and node.part not in PARTS:
        add("part", f"phần chấm “{node.part}” không có; dùng một trong: {', '.join(PARTS)}")
    if node.plan_area:
        if parent is not None:
            add("plan_area", "lĩnh vực trong kế hoạch CCHC (plan_area) chỉ ghi ở cấp lĩnh vực")
        elif node.plan_area not in vocabulary.plan_areas:
            add(
                "plan_area",
                f"lĩnh vực kế hoạch “{node.plan_area}” không có; dùng một trong: "
                + ", ".join(sorted(vocabulary.plan_areas)),
            )
    if node.responsible and not OFFICE_CODE.match(node.responsible):
        add(
            "responsible",
            f"mã phòng, ban “{node.responsible}” chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch "
            "ngang, gạch dưới",
        )
    if len(node.responsible_text) > LENGTHS["responsible_text"]:
        add("responsible_text", f"trách nhiệm dài quá {LENGTHS['responsible_text']} ký tự")

    if node.is_leaf:
        _check_leaf(node, add, vocabulary)
        return problems
    for key in LEAF_ONLY:
        if getattr(node, key):
            add(key, f"“{key}” chỉ ghi ở tiêu chí cuối (không có tiêu chí con)")
    if node.max_points is not None and all(_max_ok(leaf) for leaf in _leaves(node)):
        total = derived_max(node)
        if node.max_points != total:
            add(
                "max",
                f"điểm tối đa ghi {vn(node.max_points)} khác tổng các tiêu chí con {vn(total)}",
            )
    return problems


def _leaves(node: NodeSpec) -> Iterator[NodeSpec]:
    if node.is_leaf:
        yield node
    for child in node.children:
        yield from _leaves(child)


def _max_ok(leaf: NodeSpec) -> bool:
    top = leaf.max_points
    return top is not None and ZERO < top <= MAX_POINTS and top == top.quantize(CENT)


def _check_leaf(node: NodeSpec, add, vocabulary: Vocabulary) -> None:
    top = node.max_points
    if top is None:
        add("max", "tiêu chí cuối (không có tiêu chí con) phải ghi điểm tối đa")
    elif top <= 0:
        add("max", f"điểm tối đa {vn(top)} phải lớn hơn 0")
    elif top != top.quantize(CENT):
        add("max", f"điểm tối đa {vn(top)} chỉ được có tối đa hai chữ số thập phân")
    elif top > MAX_POINTS:
        add("max", f"điểm tối đa {vn(top)} quá lớn")
    method = node.method or methods.MANUAL
    if method not in methods.METHODS:
        add("method", methods.check_params(method, top or 0, node.params)[0])
    elif top is not None:
        for message in methods.check_params(method, top, node.params):
            add("params", message)
    if node.source:
        if len(node.source) > LENGTHS["source"]:
            add("source", f"nguồn số liệu dài quá {LENGTHS['source']} ký tự")
        elif not vocabulary.source_known(node.source):
            add(
                "source",
                f"nguồn số liệu “{node.source}” chưa có trong hệ thống; ghi tên một nguồn đã "
                "đăng ký (ví dụ dossiers.on_time_rate?scope=all) hoặc để trống",
            )
    if node.applicability:
        if len(node.applicability) > LENGTHS["applicability"]:
            add("applicability", f"điều kiện áp dụng dài quá {LENGTHS['applicability']} ký tự")
        elif not vocabulary.rule_known(node.applicability):
            add(
                "applicability",
                f"điều kiện áp dụng “{node.applicability}” không có; để trống (áp dụng cho mọi "
                "đơn vị) hoặc dùng has_postal_procedures, has_communes, kinds:district,…",
            )


# -- normal form -----------------------------------------------------------------------------


def normalise(spec: SetSpec) -> SetSpec:
    """The canonical form of a valid spec, as stored: children in code order; a parent's
    `part` written on it becomes its leaves' default and a parent holds only its derived
    maximum and part; a leaf without method is manual; grades' minima as plain decimals."""
    result = copy.deepcopy(spec)

    def visit(nodes: list[NodeSpec], inherited: str) -> list[NodeSpec]:
        nodes.sort(key=lambda n: sort_key(n.code))
        for node in nodes:
            if node.is_leaf:
                node.part = node.part or inherited or SELF
                node.method = node.method or methods.MANUAL
            else:
                visit(node.children, node.part or inherited)
                node.method, node.params, node.source, node.applicability = "", {}, "", ""
                node.part = effective_part(node)
                node.max_points = derived_max(node)
        return nodes

    visit(result.items, "")
    for grade in result.grades:
        grade.min = Decimal(plain(grade.min)) if grade.min is not None else None
    return result


# -- writing ---------------------------------------------------------------------------------


def _number(value: Decimal | None):
    """A Decimal as the int or float a file shows."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _node_dict(node: NodeSpec, depth: int) -> dict:
    data: dict = {"code": node.code, "name": node.name, "max": _number(derived_max(node))}
    if node.is_leaf:
        data["method"] = node.method or methods.MANUAL
        if node.params:
            data["params"] = node.params
        if node.source:
            data["source"] = node.source
    if node.evidence:
        data["evidence"] = node.evidence
    if node.is_leaf and node.applicability:
        data["applicability"] = node.applicability
    if node.responsible:
        data["responsible"] = node.responsible
    if node.responsible_text:
        data["responsible_text"] = node.responsible_text
    if node.is_leaf and (node.part or SELF) != SELF:
        data["part"] = node.part
    if depth == 0 and node.plan_area:
        data["plan_area"] = node.plan_area
    if node.children:
        data["children"] = [_node_dict(child, depth + 1) for child in node.children]
    return data


def to_yaml(spec: SetSpec) -> str:
    """The set as the YAML file of formats.md (parents carry their derived maximum, which a
    re-import checks)."""
    spec = normalise(spec)
    data: dict = {
        "code": spec.code,
        "name": spec.name,
        "year": spec.year,
        "unit_kind": spec.unit_kind,
        "decision_ref": spec.decision_ref,
    }
    if spec.issuer:
        data["issuer"] = spec.issuer
    data["grades"] = [{"name": g.name, "min": _number(g.min)} for g in spec.grades]
    data["items"] = [_node_dict(node, 0) for node in spec.items]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def to_xlsx(spec: SetSpec) -> bytes:
    """The set as a workbook: "Thông tin" (key/value rows and grades) and "Tiêu chí" (one
    row per node, in tree order)."""
    from cchc.core.documents import OfficialWorkbook

    spec = normalise(spec)
    book = OfficialWorkbook(font_size=11)
    info = book.add_sheet(INFO_SHEET, [16, 70, 12], landscape=False)
    info_rows: list[list] = [
        ["code", spec.code, None],
        ["name", spec.name, None],
        ["year", spec.year, None],
        ["unit_kind", spec.unit_kind, None],
        ["decision_ref", spec.decision_ref, None],
        ["issuer", spec.issuer, None],
    ]
    info_rows += [["grade", g.name, _number(g.min)] for g in spec.grades]
    book.write_table(info, 0, ["key", "value", "min"], info_rows)
    nodes = book.add_sheet(NODE_SHEET, [9, 9, 60, 7, 12, 30, 30, 30, 20, 12, 30, 8, 14])
    rows = []
    for node, parent, depth in spec.walk():
        leaf = node.is_leaf
        rows.append(
            [
                node.code,
                parent.code if parent else "",
                node.name,
                _number(derived_max(node)),
                (node.method or methods.MANUAL) if leaf else "",
                json.dumps(node.params, ensure_ascii=False) if leaf and node.params else "",
                node.source if leaf else "",
                node.evidence,
                node.applicability if leaf else "",
                node.responsible,
                node.responsible_text,
                node.part if leaf and node.part not in ("", SELF) else "",
                node.plan_area if depth == 0 else "",
            ]
        )
    book.write_table(nodes, 0, COLUMNS, rows)
    return book.to_bytes()
