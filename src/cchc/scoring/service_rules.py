"""The rule sets of the service index (Chỉ số 766): reading, checking and choosing by date.

A rule set is data (`data/service_index_766_v1.json`, stored in `ServiceRuleSet`, edited in
the admin), never code. File format (JSON; numbers may be written 1.6 or "1,6")::

    {"code": "766", "version": 1, "valid_from": "2022-06-23",
     "name": "…", "legal_basis": "Quyết định số 766/QĐ-TTg …", "notes": "…",
     "max": 100,
     "groups": [
       {"code": "1", "name": "Công khai, minh bạch", "max": 18, "indicators": [
         {"code": "1.1", "name": "…", "max": 6, "measure": "procedures_published",
          "method": "proportional"},
         {"code": "3.1", "name": "…", "max": 2, "measure": "procedures_online",
          "method": "threshold", "params": {"at": 0.8, "otherwise": 1.6}},
         {"code": "1.2", "name": "…", "max": 6, "measure": "entered", "note": "…"},
         {"code": "5.1", "name": "…", "max": 18, "measure": "source",
          "source": "feedback.satisfaction_rate", "numerator": "satisfied",
          "denominator": "rated", "when_empty": "exclude"}]}]}

In the table the header fields are columns and `rules` holds `max`, `groups` (and `notes`).

Checks (all reported at once, in Vietnamese, naming the group or indicator): a code, a
positive whole version, a date; unique group and indicator codes; maxima above 0 with at
most two decimals; the indicators of a group add up to the group's maximum and the groups
to the rule set's; a known measure (`service_index.MEASURES`) and method; threshold
parameters that make sense (`at` a fraction 0–1, `points` and `otherwise` within the
maximum, or `otherwise` one of proportional, scaled); a known `when_empty`; a `source`
measure names its source and the keys of its numerator and denominator.

The rule set that scores a period is the version of the code whose `valid_from` is the
latest on or before the period's first day: a new version from 01/01/2025 changes 2025's
points and leaves 2024's as they were.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from cchc.core import vnformat

from . import methods
from . import service_index as si

DEFAULT_CODE = "766"
DATA_FILE = Path(__file__).resolve().parent / "data" / "service_index_766_v1.json"
HEADER_FIELDS = ("code", "version", "valid_from", "name", "legal_basis")


class RuleSetError(ValueError):
    """A rule set that cannot be used; `messages` lists every problem, in Vietnamese."""

    def __init__(self, messages: Sequence[str]):
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


# -- reading ---------------------------------------------------------------------------------


def read_file(path: Path | str = DATA_FILE) -> dict:
    """The raw content of a rule set file; RuleSetError naming the file otherwise."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleSetError([f"Không đọc được tệp {path.name}: {exc.strerror}."]) from exc
    except json.JSONDecodeError as exc:
        raise RuleSetError(
            [f"Tệp {path.name}, dòng {exc.lineno}, cột {exc.colno}: không phải JSON hợp lệ."]
        ) from exc
    if not isinstance(data, dict):
        raise RuleSetError([f"Tệp {path.name}: nội dung phải là một đối tượng JSON {{…}}."])
    return data


def split(data: Mapping) -> tuple[dict, dict]:
    """(header fields, rules) of a file's content, as the table stores them."""
    header = {key: data.get(key) for key in HEADER_FIELDS}
    rules = {key: value for key, value in data.items() if key not in HEADER_FIELDS}
    return header, rules


def parse(data: Mapping) -> si.RuleSet:
    """A whole rule set (header and rules, as in the file); RuleSetError if it is wrong."""
    header, rules = split(data)
    return parse_rules(rules, **header)


def parse_rules(
    rules: Mapping,
    *,
    code,
    version,
    valid_from,
    name,
    legal_basis="",
) -> si.RuleSet:
    errors: list[str] = []
    code = str(code or "").strip()
    if not code:
        errors.append("Bộ chỉ số thiếu mã (code).")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        errors.append(f"Phiên bản (version) “{version}” phải là số nguyên dương.")
    day = _date(valid_from, errors)
    name = str(name or "").strip()
    if not name:
        errors.append("Bộ chỉ số thiếu tên (name).")
    if not isinstance(rules, Mapping):
        raise RuleSetError([*errors, "Quy tắc tính điểm phải là một đối tượng JSON {…}."])
    total = _amount(rules.get("max", 100), "Tổng điểm tối đa của bộ chỉ số", errors)
    raw_groups = rules.get("groups")
    groups: list[si.Group] = []
    if not isinstance(raw_groups, list) or not raw_groups:
        errors.append("Bộ chỉ số cần danh sách nhóm chỉ số (groups).")
        raw_groups = []
    group_codes: set[str] = set()
    indicator_codes: set[str] = set()
    for number, raw in enumerate(raw_groups, start=1):
        group = _group(raw, number, errors, group_codes, indicator_codes)
        if group is not None:
            groups.append(group)
    if total is not None and groups and len(groups) == len(raw_groups):
        summed = sum((g.max for g in groups), Decimal(0))
        if summed != total:
            errors.append(
                f"Tổng điểm tối đa các nhóm là {_num(summed)} nhưng tổng điểm của bộ chỉ số "
                f"là {_num(total)}."
            )
    if errors:
        raise RuleSetError(errors)
    return si.RuleSet(
        code=code,
        version=version,
        valid_from=day,
        name=name,
        legal_basis=str(legal_basis or "").strip(),
        max=total,
        groups=tuple(groups),
        notes=str(rules.get("notes") or ""),
    )


def check(rules: Mapping, **header) -> list[str]:
    """The problems of a rule set (an empty list when it can be used)."""
    try:
        parse_rules(rules, **header)
    except RuleSetError as exc:
        return exc.messages
    return []


# -- the parts ---------------------------------------------------------------------------------


def _num(value: Decimal) -> str:
    return vnformat.trimmed(value)


def _date(value, errors: list[str]) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        errors.append(f"Ngày áp dụng (valid_from) “{value}” không hợp lệ; ghi dạng 2025-01-01.")
        return None


def _amount(value, label: str, errors: list[str], *, allow_zero=False) -> Decimal | None:
    if value is None or value == "":
        errors.append(f"{label} (max) chưa có.")
        return None
    try:
        number = methods.decimal(value)
    except (ValueError, TypeError):
        errors.append(f"{label} “{value}” không phải số.")
        return None
    if number < 0 or (number == 0 and not allow_zero):
        errors.append(f"{label} phải lớn hơn 0.")
        return None
    if number != number.quantize(si.CENT):
        errors.append(f"{label} có nhiều hơn hai chữ số thập phân.")
        return None
    return number


def _group(raw, number: int, errors, group_codes, indicator_codes) -> si.Group | None:
    if not isinstance(raw, Mapping):
        errors.append(f"Nhóm thứ {number} phải là một đối tượng JSON {{…}}.")
        return None
    code = str(raw.get("code") or "").strip()
    name = str(raw.get("name") or "").strip()
    where = f"Nhóm {code or number}" + (f" “{name}”" if name else "")
    before = len(errors)
    if not code:
        errors.append(f"{where}: thiếu mã nhóm (code).")
    elif code in group_codes:
        errors.append(f"Mã nhóm “{code}” bị trùng.")
    group_codes.add(code)
    if not name:
        errors.append(f"{where}: thiếu tên nhóm (name).")
    top = _amount(raw.get("max"), f"{where}: điểm tối đa", errors)
    raw_items = raw.get("indicators")
    if not isinstance(raw_items, list) or not raw_items:
        errors.append(f"{where}: không có chỉ tiêu nào (indicators).")
        raw_items = []
    items = [_indicator(r, where, n, errors, indicator_codes) for n, r in enumerate(raw_items, 1)]
    if top is not None and items and all(items):
        summed = sum((i.max for i in items), Decimal(0))
        if summed != top:
            errors.append(
                f"{where}: tổng điểm các chỉ tiêu là {_num(summed)} nhưng điểm tối đa của "
                f"nhóm là {_num(top)}."
            )
    if len(errors) > before:
        return None
    return si.Group(code, name, top, tuple(items))


def _indicator(raw, where: str, number: int, errors, codes) -> si.Indicator | None:
    if not isinstance(raw, Mapping):
        errors.append(f"{where}: chỉ tiêu thứ {number} phải là một đối tượng JSON {{…}}.")
        return None
    code = str(raw.get("code") or "").strip()
    label = f"Chỉ tiêu {code}" if code else f"{where}, chỉ tiêu thứ {number}"
    before = len(errors)
    if not code:
        errors.append(f"{label}: thiếu mã chỉ tiêu (code).")
    elif code in codes:
        errors.append(f"Mã chỉ tiêu “{code}” bị trùng.")
    codes.add(code)
    name = str(raw.get("name") or "").strip()
    if not name:
        errors.append(f"{label}: thiếu tên chỉ tiêu (name).")
    top = _amount(raw.get("max"), f"{label}: điểm tối đa", errors)
    measure = str(raw.get("measure") or "")
    if measure not in si.MEASURES:
        errors.append(
            f"{label}: cách tính “{measure}” không có; dùng một trong: {', '.join(si.MEASURES)}."
        )
    method = str(raw.get("method") or si.PROPORTIONAL)
    params = raw.get("params") or {}
    if method not in si.METHODS:
        errors.append(
            f"{label}: phương pháp chấm “{method}” không có; dùng proportional (theo tỷ lệ) "
            "hoặc threshold (theo ngưỡng)."
        )
    elif not isinstance(params, Mapping):
        errors.append(f"{label}: tham số (params) phải là một đối tượng JSON {{…}}.")
        params = {}
    elif method == si.THRESHOLD and top is not None:
        params = _threshold_params(params, top, label, errors)
    when_empty = str(raw.get("when_empty") or si.EXCLUDE)
    if when_empty not in si.WHEN_EMPTY:
        errors.append(
            f"{label}: khi không có số liệu (when_empty) “{when_empty}” không có; dùng "
            "exclude (không tính vào điểm tối đa), zero (0 điểm) hoặc full (điểm tối đa)."
        )
    source = numerator = denominator = ""
    if measure == "source":
        source = str(raw.get("source") or "").strip()
        numerator = str(raw.get("numerator") or "").strip()
        denominator = str(raw.get("denominator") or "").strip()
        if not (source and numerator and denominator):
            errors.append(
                f"{label}: cách tính “source” cần tên nguồn số liệu (source) và khóa của tử "
                "số, mẫu số (numerator, denominator)."
            )
    if len(errors) > before:
        return None
    return si.Indicator(
        code=code,
        name=name,
        max=top,
        measure=measure,
        method=method,
        params=params if method == si.THRESHOLD else {},
        when_empty=when_empty,
        note=str(raw.get("note") or "").strip(),
        source=source,
        numerator_key=numerator,
        denominator_key=denominator,
    )


def _threshold_params(params: Mapping, top: Decimal, label: str, errors) -> dict:
    checked: dict = {}
    unknown = set(params) - {"at", "points", "otherwise"}
    if unknown:
        errors.append(
            f"{label}: tham số không có: {', '.join(sorted(unknown))}; phương pháp threshold "
            "dùng at, points, otherwise."
        )
    try:
        at = methods.decimal(params.get("at", 1))
    except (ValueError, TypeError):
        errors.append(f"{label}: ngưỡng (at) không phải số.")
        at = None
    if at is not None and not Decimal(0) < at <= Decimal(1):
        errors.append(f"{label}: ngưỡng (at) phải là tỷ lệ lớn hơn 0 và không quá 1 (0.8 là 80%).")
    checked["at"] = at
    if "points" in params:
        points = _within(params["points"], top, f"{label}: điểm khi đạt ngưỡng (points)", errors)
        checked["points"] = points
    otherwise = params.get("otherwise", 0)
    if otherwise in si.OTHERWISE_WORDS:
        checked["otherwise"] = otherwise
    else:
        checked["otherwise"] = _within(
            otherwise,
            top,
            f"{label}: điểm khi chưa đạt ngưỡng (otherwise)",
            errors,
            words=True,
        )
    return checked


def _within(value, top: Decimal, label: str, errors, *, words=False) -> Decimal | None:
    extra = " hoặc proportional, scaled" if words else ""
    try:
        number = methods.decimal(value)
    except (ValueError, TypeError):
        errors.append(f"{label} “{value}” không phải số{extra}.")
        return None
    if not Decimal(0) <= number <= top:
        errors.append(f"{label} phải từ 0 đến điểm tối đa {_num(top)}{extra}.")
        return None
    return number


# -- choosing by date (the table) ------------------------------------------------------------


def stored(code: str = DEFAULT_CODE) -> list[si.RuleSet]:
    """Every version of a rule set in the table, oldest first (one query)."""
    from .models import ServiceRuleSet

    return [row.parsed() for row in ServiceRuleSet.objects.filter(code=code).order_by("valid_from")]


def in_force(versions: Sequence[si.RuleSet], day: date) -> si.RuleSet | None:
    """The version whose `valid_from` is the latest on or before `day` (None before the
    first one)."""
    found = None
    for version in sorted(versions, key=lambda v: v.valid_from):
        if version.valid_from <= day:
            found = version
    return found


def rules_on(day: date, code: str = DEFAULT_CODE) -> si.RuleSet | None:
    return in_force(stored(code), day)


def entered_codes(code: str = DEFAULT_CODE) -> set[str]:
    """Codes of the indicators the province enters by hand, over every stored version (a
    broken stored version is skipped: the admin refuses to save one anyway)."""
    from .models import ServiceRuleSet

    found: set[str] = set()
    for row in ServiceRuleSet.objects.filter(code=code):
        try:
            rules = row.parsed()
        except RuleSetError:
            continue
        found |= {i.code for i in rules.indicators() if i.measure == "entered"}
    return found


def install(path: Path | str = DATA_FILE):
    """Store a rule set file as a version (checked first; a version of the same code and
    number already stored is left as it is). What the data migration does, for a database
    emptied since (tests that flush it) or a province adding a version from a file."""
    from .models import ServiceRuleSet

    data = read_file(path)
    parsed = parse(data)
    header, rules = split(data)
    row, _ = ServiceRuleSet.objects.get_or_create(
        code=parsed.code,
        version=parsed.version,
        defaults={
            "valid_from": parsed.valid_from,
            "name": parsed.name,
            "legal_basis": parsed.legal_basis,
            "rules": rules,
        },
    )
    return row
