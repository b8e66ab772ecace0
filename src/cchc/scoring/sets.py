"""Criteria sets: importing and exporting set files, the back-office editor's writes, and who
may see and write a set.

- Every write checks the whole resulting tree with the rules of the files
  (`criteria_files.check`), so a set typed in the editor and a set imported from a file obey
  the same rules: a parent never stores a maximum, methods and parameters are complete.
- Writing a set needs the reform officer, appraiser or administrator role reaching its
  issuing unit (a set without issuer: superusers only); the command line (`actor=None`) may
  write any set. Reading: `visible_sets`.
- A set used by an assessment round is frozen: every change is refused (an identical
  re-import is accepted and changes nothing); a new year or decision is a new set
  (`copy_set`, or a file with a new code).
- Imports are all-or-nothing and idempotent: the set is matched by code, its nodes by code
  (updated in place, removed ones deleted). Editor writes name the set's `revision` they
  started from; a stale one is refused (`SetConflict`) and every write bumps it.

Errors for the user are Vietnamese: `ImportRefused` (file, row, column) for a file,
`SetRefused` (a ValidationError, keyed by form field where one is to blame) for the editor,
`SetConflict` for a stale revision, `PermissionDenied` for a missing role.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from cchc.core import vnformat
from cchc.core.errors import ImportRefused, RowError
from cchc.core.uploads import check_upload
from cchc.units.models import Role, Unit
from cchc.units.permissions import can_act, has_role, visible_unit_ids

from . import criteria_files as files
from . import methods
from .applicability import describe
from .models import AssessmentRound, CriteriaSet, Criterion, Method, Part, Participation

WRITE_ROLES = (Role.REFORM_OFFICER, Role.APPRAISER, Role.ADMINISTRATOR)
UPLOAD_SUFFIXES = (".yaml", ".yml", ".xlsx", ".csv")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SET_FIELDS = ("name", "year", "unit_kind", "decision_ref", "issuer", "grades")
NODE_FIELDS = (
    "code",
    "name",
    "max_points",
    "method",
    "params",
    "source",
    "evidence",
    "applicability",
    "responsible",
    "responsible_text",
    "part",
    "plan_area",
)
EXPORT_FORMATS = ("yaml", "xlsx")


class SetRefused(ValidationError):
    """A criteria-set write that is not allowed (Vietnamese message); nothing was written."""


class SetConflict(Exception):
    """The set changed since the editor loaded it; nothing was written."""

    def __init__(self, criteria_set: CriteriaSet | None = None):
        self.criteria_set = criteria_set
        super().__init__(
            "Bộ tiêu chí vừa được người khác cập nhật nên thay đổi của bạn chưa được lưu. "
            "Vui lòng tải lại trang để xem nội dung mới nhất rồi thực hiện lại."
        )


# -- permissions and reads -------------------------------------------------------------------


def can_write(user, issuer: Unit | None) -> bool:
    """May `user` write a set issued by `issuer`?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return issuer is not None and can_act(user, issuer, *WRITE_ROLES)


def can_write_sets(user) -> bool:
    """Does `user` hold a role that writes criteria sets anywhere (import page, buttons)?"""
    return has_role(user, *WRITE_ROLES)


def _require_writer(actor, issuer: Unit | None) -> None:
    if actor is None or can_write(actor, issuer):
        return
    if issuer is None:
        raise PermissionDenied(
            "Bộ tiêu chí chưa ghi cơ quan ban hành: chỉ quản trị viên hệ thống được sửa. "
            "Hãy ghi mã đơn vị ban hành (issuer) trong tệp."
        )
    raise PermissionDenied(
        f"Chỉ công chức phụ trách CCHC, thẩm định hoặc quản trị của {issuer.name} được nhập, "
        "sửa bộ tiêu chí do đơn vị này ban hành."
    )


def visible_sets(user) -> QuerySet[CriteriaSet]:
    """Sets issued by a unit `user` may see, sets without issuer, and sets used by a round in
    which one of the units `user` may see takes part."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return CriteriaSet.objects.none()
    if user.is_superuser:
        return CriteriaSet.objects.all()
    ids = list(visible_unit_ids(user))
    used = Participation.objects.filter(unit_id__in=ids).values("round__criteria_set_id")
    return CriteriaSet.objects.filter(
        Q(issuer__isnull=True) | Q(issuer_id__in=ids) | Q(pk__in=used)
    ).distinct()


def set_for(user, pk) -> CriteriaSet:
    """The set `pk` if `user` may see it; CriteriaSet.DoesNotExist otherwise."""
    return visible_sets(user).select_related("issuer").get(pk=pk)


def criterion_for(user, pk) -> Criterion:
    """The node `pk` if `user` may see its set; Criterion.DoesNotExist otherwise."""
    return Criterion.objects.select_related("criteria_set", "criteria_set__issuer").get(
        pk=pk, criteria_set__in=visible_sets(user)
    )


def rounds_using(criteria_set: CriteriaSet) -> list[AssessmentRound]:
    return list(AssessmentRound.objects.filter(criteria_set=criteria_set).order_by("code"))


def is_used(criteria_set: CriteriaSet) -> bool:
    return AssessmentRound.objects.filter(criteria_set=criteria_set).exists()


def frozen_message(criteria_set: CriteriaSet) -> str:
    rounds = rounds_using(criteria_set)
    names = ", ".join(f"“{r.name}”" for r in rounds[:3]) + (" …" if len(rounds) > 3 else "")
    return (
        f"Bộ tiêu chí {criteria_set.code} đã được dùng trong đợt đánh giá {names} nên không "
        "được sửa: điểm đã chấm phải giữ nguyên theo bộ tiêu chí lúc chấm. Muốn thay đổi, hãy "
        "sao chép thành phiên bản mới (mã mới) hoặc nhập tệp với mã bộ tiêu chí mới."
    )


@dataclass
class SetRow:
    criteria_set: CriteriaSet
    total_max: str
    used: bool


def set_list(user) -> list[SetRow]:
    """The list page: visible sets with their derived total maximum and whether a round uses
    them (one query each)."""
    sets = list(
        visible_sets(user)
        .select_related("issuer")
        .annotate(used=Exists(AssessmentRound.objects.filter(criteria_set=OuterRef("pk"))))
        .order_by("-year", "code")
    )
    totals = dict(
        Criterion.objects.filter(criteria_set__in=[s.pk for s in sets], children__isnull=True)
        .exclude(part__in=files.EXTRA_PARTS)
        .values_list("criteria_set")
        .annotate(total=Sum("max_points"))
        .values_list("criteria_set", "total")
    )
    return [SetRow(s, files.vn(totals.get(s.pk) or Decimal(0)), s.used) for s in sets]


# -- the spec of a stored set ----------------------------------------------------------------


def spec_from_set(criteria_set: CriteriaSet, normalised: bool = True) -> files.SetSpec:
    """The stored set as a spec (normalised: as a file would give it, for comparison and
    export; raw: parents without maximum, for editing)."""
    spec = files.SetSpec(
        code=criteria_set.code,
        name=criteria_set.name,
        year=criteria_set.year,
        unit_kind=criteria_set.unit_kind,
        decision_ref=criteria_set.decision_ref,
        issuer=criteria_set.issuer.code if criteria_set.issuer_id else "",
        grades=[_grade(g) for g in criteria_set.grades or []],
        origin=criteria_set.code,
    )
    nodes: dict[int, files.NodeSpec] = {}
    for c in criteria_set.criteria.order_by("sort_key"):
        node = files.NodeSpec(
            code=c.code,
            name=c.name,
            max_points=c.max_points,
            method=c.method,
            params=dict(c.params or {}),
            source=c.source,
            evidence=c.evidence,
            applicability=c.applicability,
            responsible=c.responsible,
            responsible_text=c.responsible_text,
            part=c.part,
            plan_area=c.plan_area,
        )
        nodes[c.pk] = node
        parent = nodes.get(c.parent_id) if c.parent_id else None
        (parent.children if parent else spec.items).append(node)
    return files.normalise(spec) if normalised else spec


def _grade(raw) -> files.GradeSpec:
    try:
        minimum = methods.decimal(raw.get("min"))
    except (ValueError, AttributeError):
        minimum = None
    return files.GradeSpec(str(raw.get("name", "")) if isinstance(raw, dict) else "", minimum)


def _set_values(spec: files.SetSpec, issuer: Unit | None) -> dict:
    return {
        "name": spec.name,
        "year": spec.year,
        "unit_kind": spec.unit_kind,
        "decision_ref": spec.decision_ref,
        "issuer": issuer,
        "grades": [{"name": g.name, "min": files.plain(g.min)} for g in spec.grades],
    }


def _node_values(node: files.NodeSpec, parent: Criterion | None) -> dict:
    leaf = node.is_leaf
    return {
        "parent": parent,
        "name": node.name,
        "max_points": node.max_points if leaf else None,
        "method": node.method if leaf else "",
        "params": node.params if leaf else {},
        "source": node.source if leaf else "",
        "evidence": node.evidence,
        "applicability": node.applicability if leaf else "",
        "responsible": node.responsible,
        "responsible_text": node.responsible_text,
        "part": node.part or Part.SELF,
        "plan_area": node.plan_area,
    }


def _write_tree(
    criteria_set: CriteriaSet, spec: files.SetSpec, renames: dict[str, str] | None = None
) -> dict[str, int]:
    """Make the stored nodes equal the (normalised, valid) spec: matched by code (`renames`
    first: old code → new code), updated in place, created, removed ones deleted."""
    counts = {"created": 0, "updated": 0, "deleted": 0}
    existing = {c.code: c for c in criteria_set.criteria.all()}
    renamed: set[int] = set()
    for old, new in (renames or {}).items():
        obj = existing.pop(old)
        obj.code = new
        existing[new] = obj
        renamed.add(obj.pk)
    # Free the new codes first, so renaming never meets a code still held by another row.
    for obj in existing.values():
        if obj.pk in renamed:
            Criterion.objects.filter(pk=obj.pk).update(code=f"~{obj.pk}")
    saved: dict[str, Criterion] = {}
    for node, parent, _depth in spec.walk():
        values = _node_values(node, saved[parent.code] if parent else None)
        obj = existing.get(node.code)
        if obj is None:
            obj = Criterion(criteria_set=criteria_set, code=node.code, **values)
            obj.save()
            counts["created"] += 1
        else:
            changed = obj.pk in renamed
            for key, value in values.items():
                current = obj.parent_id if key == "parent" else getattr(obj, key)
                wanted = (value.pk if value else None) if key == "parent" else value
                if current != wanted:
                    setattr(obj, key, value)
                    changed = True
            if changed:
                obj.save()
                counts["updated"] += 1
        saved[node.code] = obj
    gone = [obj.pk for code, obj in existing.items() if code not in saved]
    if gone:
        counts["deleted"] = len(gone)
        Criterion.objects.filter(pk__in=gone).delete()
    return counts


def _counts(spec: files.SetSpec) -> tuple[int, int]:
    nodes = list(spec.walk())
    return len(spec.items), sum(1 for node, _, _ in nodes if node.is_leaf)


# -- import and export -----------------------------------------------------------------------


def import_set_file(path: str, actor=None) -> tuple[CriteriaSet, str]:
    """`cchc index import-set FILE`: import a criteria-set file (YAML, XLSX, CSV); return the
    set and a Vietnamese summary, or raise ImportRefused (nothing written)."""
    spec = files.read_file(path)
    return _import(spec, actor, str(path))


def import_set_bytes(data: bytes, name: str, actor=None) -> tuple[CriteriaSet, str]:
    """The same as `import_set_file` for a file's content (the demo's adapted sample sets)."""
    return _import(files.read_bytes(data, name), actor, name)


def import_set_upload(actor, uploaded_file) -> tuple[CriteriaSet, str]:
    """The import page: the same as `import_set_file` for an uploaded file."""
    if not can_write_sets(actor):
        raise PermissionDenied(
            "Chỉ công chức phụ trách CCHC, thẩm định hoặc quản trị hệ thống được nhập bộ tiêu chí."
        )
    name = PurePath(getattr(uploaded_file, "name", "") or "tep").name[:255]
    suffix = PurePath(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise SetRefused(
            {"file": "Chỉ nhận tệp YAML (.yaml, .yml), Excel (.xlsx) hoặc CSV (.csv)."}
        )
    size = getattr(uploaded_file, "size", None) or 0
    if size > MAX_UPLOAD_BYTES:
        raise SetRefused({"file": "Tệp quá lớn; dung lượng tối đa 5 MB."})
    if suffix == ".xlsx":
        check_upload(uploaded_file, max_bytes=MAX_UPLOAD_BYTES, field="file")
    uploaded_file.seek(0)
    data = uploaded_file.read()
    if not data:
        raise SetRefused({"file": "Tệp rỗng."})
    spec = files.read_bytes(data, name)
    return _import(spec, actor, name)


def _import(spec: files.SetSpec, actor, origin: str) -> tuple[CriteriaSet, str]:
    with transaction.atomic():
        issuer = None
        if spec.issuer:
            issuer = Unit.objects.filter(code=spec.issuer).first()
            if issuer is None:
                problem = files.Problem(
                    spec.row_of("issuer"),
                    "issuer",
                    f"không tìm thấy đơn vị ban hành có mã “{spec.issuer}”",
                    sheet=spec.sheet,
                )
                raise ImportRefused([problem.row_error(origin)])
        _require_writer(actor, issuer)
        current = (
            CriteriaSet.objects.select_for_update(of=("self",))
            .select_related("issuer")
            .filter(code=spec.code)
            .first()
        )
        areas, leaves = _counts(spec)
        total = files.vn(spec.total_max)
        if current is None:
            criteria_set = CriteriaSet.objects.create(code=spec.code, **_set_values(spec, issuer))
            _write_tree(criteria_set, spec)
            return criteria_set, (
                f"Đã tạo bộ tiêu chí {spec.code} – {spec.name}: {areas} lĩnh vực, {leaves} "
                f"tiêu chí chấm điểm, tổng điểm tối đa {total}."
            )
        _require_writer(actor, current.issuer)
        if spec_from_set(current) == spec:
            return current, (
                f"Bộ tiêu chí {spec.code} không thay đổi: tệp giống hệt bộ tiêu chí đã có."
            )
        if is_used(current):
            raise ImportRefused(
                [
                    RowError(
                        _where(origin, spec), spec.row_of("code"), "code", frozen_message(current)
                    )
                ]
            )
        for key, value in _set_values(spec, issuer).items():
            setattr(current, key, value)
        current.revision += 1
        current.save()
        counts = _write_tree(current, spec)
        return current, (
            f"Đã cập nhật bộ tiêu chí {spec.code}: {counts['created']} tiêu chí mới, "
            f"{counts['updated']} tiêu chí sửa, {counts['deleted']} tiêu chí xóa; {areas} lĩnh "
            f"vực, {leaves} tiêu chí chấm điểm, tổng điểm tối đa {total}."
        )


def _where(origin: str, spec: files.SetSpec) -> str:
    return f"{origin}, trang “{spec.sheet}”" if spec.sheet else origin


def export_set(criteria_set: CriteriaSet, fmt: str) -> tuple[str, bytes]:
    """(file name, content) of the set as a YAML or XLSX file that imports back unchanged."""
    spec = spec_from_set(criteria_set)
    if fmt == "yaml":
        return f"{criteria_set.code}.yaml", files.to_yaml(spec).encode("utf-8")
    if fmt == "xlsx":
        return f"{criteria_set.code}.xlsx", files.to_xlsx(spec)
    raise ValueError(f"unknown export format {fmt!r}")


# -- the editor ------------------------------------------------------------------------------


def _begin(actor, criteria_set: CriteriaSet, expected_revision) -> CriteriaSet:
    """Lock the set and check the writer, the revision and that no round uses it."""
    locked = (
        CriteriaSet.objects.select_for_update(of=("self",))
        .select_related("issuer")
        .get(pk=criteria_set.pk)
    )
    _require_writer(actor, locked.issuer)
    if expected_revision is not None and int(expected_revision) != locked.revision:
        raise SetConflict(locked)
    if is_used(locked):
        raise SetRefused(frozen_message(locked))
    return locked


def _refusal(problems: list[files.Problem], focus: str | None) -> SetRefused:
    """The problems keyed by the form field to blame: the edited node's (or, `focus` None,
    the set's) fields; anything else is a general error."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        field = NON_FIELD_ERRORS
        column = "max_points" if problem.column == "max" else problem.column
        if focus is None and problem.code is None:
            column = "grades" if column == "grade" else column
            if column in SET_FIELDS:
                field = column
        elif focus is not None and problem.code == focus and column in NODE_FIELDS:
            field = column
        errors.setdefault(field, []).append(problem.reason)
    return SetRefused(errors)


def _commit(
    criteria_set: CriteriaSet,
    spec: files.SetSpec,
    focus: str | None,
    issuer: Unit | None,
    renames: dict[str, str] | None = None,
) -> None:
    problems = files.check(spec)
    if problems:
        raise _refusal(problems, focus)
    spec = files.normalise(spec)
    for key, value in _set_values(spec, issuer).items():
        setattr(criteria_set, key, value)
    criteria_set.revision += 1
    criteria_set.save()
    _write_tree(criteria_set, spec, renames)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def update_set(actor, criteria_set: CriteriaSet, fields: dict, expected_revision) -> CriteriaSet:
    """Change the set's name, year, unit kind, decision, issuer or grades (`grades`: a list of
    {"name", "min"} highest first)."""
    unknown = set(fields) - set(SET_FIELDS)
    if unknown:
        raise ValueError(f"not set fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = _begin(actor, criteria_set, expected_revision)
        spec = spec_from_set(locked, normalised=False)
        issuer = locked.issuer
        if "issuer" in fields and fields["issuer"] != issuer:
            issuer = fields["issuer"]
            if actor is not None and not can_write(actor, issuer):
                raise SetRefused(
                    {
                        "issuer": "Bạn không có quyền ban hành bộ tiêu chí thay cho đơn vị này."
                        if issuer is not None
                        else "Chỉ quản trị viên hệ thống được để trống cơ quan ban hành."
                    }
                )
            spec.issuer = issuer.code if issuer else ""
        for key in ("name", "unit_kind", "decision_ref"):
            if key in fields:
                setattr(spec, key, _text(fields[key]))
        if "year" in fields:
            spec.year = fields["year"]
        if "grades" in fields:
            spec.grades = [_grade(g) for g in fields["grades"]]
        _commit(locked, spec, None, issuer)
        return locked


def _node_from_fields(fields: dict) -> files.NodeSpec:
    node = files.NodeSpec(code=_text(fields.get("code")))
    _apply_fields(node, fields)
    return node


def _apply_fields(node: files.NodeSpec, fields: dict) -> None:
    unknown = set(fields) - set(NODE_FIELDS)
    if unknown:
        raise ValueError(f"not criterion fields: {sorted(unknown)}")
    for key, value in fields.items():
        if key == "code":
            continue
        if key == "max_points":
            node.max_points = None if value in (None, "") else Decimal(str(value))
        elif key == "params":
            node.params = dict(value or {})
        else:
            setattr(node, key, _text(value))


def _new_parent(node: files.NodeSpec) -> None:
    """A leaf that gets a child becomes a parent: its maximum is the children's sum and the
    leaf-only fields go."""
    node.max_points = None
    node.method, node.params, node.source, node.applicability = "", {}, "", ""


def next_code(criteria_set: CriteriaSet, parent: Criterion | None) -> str:
    """The code a new child of `parent` (a new area when None) would naturally take."""
    siblings = criteria_set.criteria.filter(parent=parent).values_list("code", flat=True)
    numbers = [int(c.rsplit(".", 1)[-1]) for c in siblings if c.rsplit(".", 1)[-1].isdigit()]
    following = max(numbers, default=0) + 1
    return f"{parent.code}.{following}" if parent else str(following)


def add_criterion(
    actor, criteria_set: CriteriaSet, parent: Criterion | None, fields: dict, expected_revision
) -> Criterion:
    """Add a node under `parent` (None: a new area). A leaf that gets its first child becomes
    a parent (its maximum becomes the children's sum)."""
    with transaction.atomic():
        locked = _begin(actor, criteria_set, expected_revision)
        spec = spec_from_set(locked, normalised=False)
        node = _node_from_fields(fields)
        if parent is None:
            spec.items.append(node)
        else:
            if parent.criteria_set_id != locked.pk:
                raise SetRefused("Tiêu chí cha không thuộc bộ tiêu chí này.")
            target = spec.find(Criterion.objects.get(pk=parent.pk).code)
            if target.is_leaf:
                _new_parent(target)
            target.children.append(node)
        _commit(locked, spec, node.code or None, locked.issuer)
        return locked.criteria.get(code=node.code)


def update_criterion(actor, criterion: Criterion, fields: dict, expected_revision) -> Criterion:
    """Change a node. A new code renames its whole subtree (1.5 → 1.7 makes 1.5.1 → 1.7.1)."""
    with transaction.atomic():
        locked = _begin(actor, criterion.criteria_set, expected_revision)
        current = locked.criteria.get(pk=criterion.pk)
        spec = spec_from_set(locked, normalised=False)
        node = spec.find(current.code)
        _apply_fields(node, fields)
        renames: dict[str, str] = {}
        new_code = _text(fields.get("code", current.code))
        if new_code != current.code:
            for below, _, _ in files.SetSpec(items=[node]).walk():
                renamed = new_code + below.code[len(current.code) :]
                renames[below.code] = renamed
                below.code = renamed
        _commit(locked, spec, node.code or None, locked.issuer, renames)
        return locked.criteria.get(pk=criterion.pk)


def delete_criterion(actor, criterion: Criterion, expected_revision) -> int:
    """Delete a node and everything below it; returns how many nodes went."""
    with transaction.atomic():
        locked = _begin(actor, criterion.criteria_set, expected_revision)
        current = locked.criteria.get(pk=criterion.pk)
        spec = spec_from_set(locked, normalised=False)
        node = spec.find(current.code)
        parent = spec.parent_of(current.code)
        siblings = parent.children if parent else spec.items
        if parent is not None and len(siblings) == 1:
            raise SetRefused(
                f"Tiêu chí {current.code} là tiêu chí con duy nhất của {parent.code}: xóa nó "
                f"thì {parent.code} không còn tiêu chí con và chưa có điểm tối đa. Hãy thêm "
                f"tiêu chí con khác trước, hoặc xóa cả tiêu chí {parent.code}."
            )
        if parent is None and len(siblings) == 1:
            raise SetRefused("Không xóa được lĩnh vực duy nhất của bộ tiêu chí.")
        gone = sum(1 for _ in files.SetSpec(items=[node]).walk())
        siblings[:] = [n for n in siblings if n is not node]
        _commit(locked, spec, None, locked.issuer)
        return gone


def copy_set(
    actor, criteria_set: CriteriaSet, new_code: str, year, decision_ref: str
) -> CriteriaSet:
    """A new version of a set (a new year or decision): the same tree and grades under a
    new code — allowed also for a set used by a round, which stays as it is."""
    with transaction.atomic():
        source = CriteriaSet.objects.select_related("issuer").get(pk=criteria_set.pk)
        _require_writer(actor, source.issuer)
        spec = spec_from_set(source)
        spec.code, spec.year, spec.decision_ref = _text(new_code), year, _text(decision_ref)
        problems = files.check(spec)
        if problems:
            raise _refusal(problems, None)
        if CriteriaSet.objects.filter(code=spec.code).exists():
            raise SetRefused({"code": f"Mã bộ tiêu chí “{spec.code}” đã có; chọn mã khác."})
        copy = CriteriaSet.objects.create(code=spec.code, **_set_values(spec, source.issuer))
        _write_tree(copy, spec)
        return copy


# -- the set page ------------------------------------------------------------------------------


@dataclass
class TreeRow:
    pk: int
    code: str
    name: str
    depth: int
    leaf: bool
    max_label: str
    method: str
    params: str
    source: str
    evidence: str
    applicability: str
    responsible: str
    part: str
    plan_area: str


def tree_rows(criteria_set: CriteriaSet) -> list[TreeRow]:
    """Every node in tree order with what the set page shows (parents: derived maximum)."""
    from cchc.plans.models import ReformArea

    spec = spec_from_set(criteria_set)
    pks = dict(criteria_set.criteria.values_list("code", "pk"))
    rows = []
    for node, _parent, depth in spec.walk():
        leaf = node.is_leaf
        responsible = " – ".join(x for x in (node.responsible, node.responsible_text) if x)
        rows.append(
            TreeRow(
                pk=pks[node.code],
                code=node.code,
                name=node.name,
                depth=depth,
                leaf=leaf,
                max_label=files.vn(files.derived_max(node)),
                method=Method(node.method).label if leaf and node.method in Method.values else "",
                params=params_label(node.method, node.params) if leaf else "",
                source=node.source,
                evidence=node.evidence,
                applicability=describe(node.applicability) or node.applicability,
                responsible=responsible,
                part=Part(node.part).label if node.part not in ("", Part.SELF) else "",
                plan_area=ReformArea(node.plan_area).label
                if node.plan_area in ReformArea.values
                else node.plan_area,
            )
        )
    return rows


def _ratio(value) -> str:
    return vnformat.percent(methods.decimal(value) * 100, 1)


def params_label(method: str, params: dict) -> str:
    """A method's parameters in Vietnamese ("" when it has none worth saying)."""
    params = params or {}
    try:
        if method == methods.BANDS:
            bands = methods.sorted_bands(params)
            parts, above = [], None
            for low, points in bands:
                span = f"từ {_ratio(low)}" + (f" đến dưới {_ratio(above)}" if above else "")
                parts.append(f"tỷ lệ {span}: {files.vn(points)} điểm")
                above = low
            if above:
                parts.append(f"dưới {_ratio(above)}: 0 điểm")
            return "; ".join(parts)
        if method == methods.DEDUCTIONS:
            rule = params.get("deductions", params)
            parts = []
            if "per_late" in rule:
                parts.append(
                    f"trừ {files.vn(methods.decimal(rule['per_late']))} điểm mỗi nhiệm vụ "
                    "hoàn thành quá hạn"
                )
            if "per_undone" in rule:
                parts.append(
                    f"trừ {files.vn(methods.decimal(rule['per_undone']))} điểm mỗi nhiệm vụ "
                    "chưa hoàn thành"
                )
            floor = methods.decimal(rule.get("floor", 0))
            return "; ".join(parts) + f"; thấp nhất {files.vn(floor)} điểm"
        if method == methods.THRESHOLD:
            return f"đạt điểm tối đa khi tỷ lệ đạt {_ratio(params.get('at', 1))}"
    except (KeyError, TypeError, ValueError, AttributeError):
        return str(params)
    return ""


def grade_rows(criteria_set: CriteriaSet) -> list[tuple[str, str]]:
    """(name, range in words) of each grade band, highest first."""
    grades = [_grade(g) for g in criteria_set.grades or []]
    rows = []
    for number, grade in enumerate(grades):
        low = files.vn(grade.min) if grade.min is not None else "?"
        if number == 0:
            rows.append((grade.name, f"từ {low} điểm trở lên"))
        elif not grade.min:
            rows.append((grade.name, f"dưới {files.vn(grades[number - 1].min)} điểm"))
        else:
            high = files.vn(grades[number - 1].min)
            rows.append((grade.name, f"từ {low} đến dưới {high} điểm"))
    return rows
