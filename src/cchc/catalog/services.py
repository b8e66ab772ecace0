"""Every write to the catalogue: one function per business action, one transaction each, a
permission check first (reform officers and administrators edit the catalogue).

Errors for the user are Vietnamese: `ValidationError` for bad input (a dict keyed by field
where a field is to blame), `EditConflict` for an edit made on a stale copy, and
`PermissionDenied` for a user without an editing role.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cchc.units.models import OfficeKind, Role
from cchc.units.permissions import has_role

from .budgets import normalise, workflow_problem
from .models import (
    ChangeKind,
    Procedure,
    ProcedureVersion,
    PublicationDecision,
    PublicationItem,
    RequiredComponent,
    Review,
    ReviewKind,
    ReviewStatus,
    Sector,
    WorkflowStep,
)

EDIT_ROLES = (Role.REFORM_OFFICER.value, Role.ADMINISTRATOR.value)

# Procedure fields an edit may change (the processing time changes through versions).
PROCEDURE_FIELDS = (
    "code",
    "name",
    "sector",
    "level",
    "online_mode",
    "legacy_online_level",
    "postal",
    "inter_agency",
    "fee",
    "internal",
    "decision_ref",
    "published_on",
    "active",
)


class _SystemActor:
    """The actor of imports, the demo loader and other operator commands (no web user)."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = None

    def __str__(self) -> str:
        return "hệ thống"


SYSTEM = _SystemActor()


class EditConflict(Exception):
    """The procedure was changed by someone else since the editor loaded it."""

    def __init__(self, procedure: Procedure):
        self.procedure = procedure
        who = f" ({procedure.updated_by})" if procedure.updated_by_id else ""
        super().__init__(
            f"Thủ tục này vừa được người khác cập nhật{who} lúc "
            f"{timezone.localtime(procedure.updated_at):%H:%M %d/%m/%Y}. Thay đổi của bạn chưa được lưu; "
            "vui lòng tải lại trang để xem nội dung mới nhất rồi sửa lại."
        )


@dataclass
class StepInput:
    name: str
    budget: str
    office_kind: str


def can_edit_catalog(user) -> bool:
    return has_role(user, *EDIT_ROLES)


def _require_editor(user) -> None:
    if not can_edit_catalog(user):
        raise PermissionDenied(
            "Chỉ công chức phụ trách CCHC hoặc quản trị hệ thống được sửa danh mục thủ tục."
        )


def _user_id(user):
    return user.pk if getattr(user, "_meta", None) is not None else None


def _check_processing_time(text: str, field: str = "processing_time") -> str:
    try:
        return normalise(text)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from exc


def _validate_procedure(procedure: Procedure) -> None:
    procedure.full_clean(exclude=["name_folded", "updated_by"])


def _add_version(
    procedure: Procedure, effective_from: date, processing_time: str, legal_basis: str = ""
) -> ProcedureVersion:
    if procedure.versions.filter(effective_from=effective_from).exists():
        raise ValidationError(
            {
                "effective_from": f"Thủ tục đã có phiên bản áp dụng từ ngày {effective_from:%d/%m/%Y}."
            }
        )
    previous = procedure.version_on(effective_from)
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        effective_from=effective_from,
        processing_time=_check_processing_time(processing_time),
        legal_basis=legal_basis,
    )
    copy_components(previous, version)
    return version


def copy_components(source: ProcedureVersion | None, target: ProcedureVersion) -> int:
    """Give a new version the components list of the version it follows (the one in force
    the day before it starts; the first version for one dated before all others), so a new
    time never drops the list by accident; a simplification then cuts what it cuts.
    Returns how many were copied (none when `target` already has a list)."""
    if source is None or target.components.exists():
        return 0
    copies = [
        RequiredComponent(
            version=target,
            order=c.order,
            name=c.name,
            form=c.form,
            sets=c.sets,
            mandatory=c.mandatory,
            note=c.note,
            template_file=c.template_file,
        )
        for c in source.components.order_by("order")
    ]
    RequiredComponent.objects.bulk_create(copies)
    return len(copies)


@transaction.atomic
def create_procedure(
    user,
    *,
    processing_time: str,
    effective_from: date | None = None,
    legal_basis: str = "",
    **fields,
) -> Procedure:
    """Create a procedure with its first version (effective from `effective_from`, else the
    publication date, else today)."""
    _require_editor(user)
    unknown = set(fields) - set(PROCEDURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown procedure fields: {sorted(unknown)}")
    processing_time = _check_processing_time(processing_time)
    procedure = Procedure(**fields)
    procedure.updated_by_id = _user_id(user)
    _validate_procedure(procedure)
    procedure.save()
    start = effective_from or procedure.published_on or timezone.localdate()
    _add_version(procedure, start, processing_time, legal_basis or procedure.decision_ref)
    return procedure


@transaction.atomic
def update_procedure(
    user,
    procedure: Procedure | int,
    *,
    expected_revision: int,
    new_processing_time: str = "",
    effective_from: date | None = None,
    legal_basis: str = "",
    **changes,
) -> Procedure:
    """Apply `changes` to a procedure unless it changed since the editor read `expected_revision`.

    A new processing time does not rewrite history: it becomes a new version applying to
    dossiers received from `effective_from` (default: today).
    """
    _require_editor(user)
    unknown = set(changes) - set(PROCEDURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown procedure fields: {sorted(unknown)}")
    pk = procedure.pk if isinstance(procedure, Procedure) else procedure
    current = (
        Procedure.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=pk)
    )
    if current.revision != expected_revision:
        raise EditConflict(current)
    for name, value in changes.items():
        setattr(current, name, value)
    current.updated_by_id = _user_id(user)
    _validate_procedure(current)
    current.save()
    if new_processing_time:
        start = effective_from or timezone.localdate()
        _add_version(current, start, new_processing_time, legal_basis)
    elif effective_from:
        raise ValidationError(
            {"new_processing_time": "Nhập thời hạn giải quyết mới hoặc bỏ trống ngày áp dụng."}
        )
    return current


@transaction.atomic
def add_version(
    user, procedure: Procedure, *, effective_from: date, processing_time: str, legal_basis: str = ""
) -> ProcedureVersion:
    """A new processing time for dossiers received from `effective_from` on."""
    _require_editor(user)
    return _add_version(procedure, effective_from, processing_time, legal_basis)


@transaction.atomic
def set_workflow(user, version: ProcedureVersion, steps: list[StepInput]) -> list[WorkflowStep]:
    """Replace a version's internal workflow; the step budgets must add up to its processing time."""
    _require_editor(user)
    kinds = set(OfficeKind.values)
    for number, step in enumerate(steps, start=1):
        if not step.name.strip():
            raise ValidationError(f"Bước {number}: chưa nhập tên bước.")
        if step.office_kind not in kinds:
            raise ValidationError(f"Bước {number}: bộ phận thực hiện không hợp lệ.")
    problem = workflow_problem(version.processing_time, [s.budget for s in steps])
    if problem:
        raise ValidationError(problem)
    version.steps.all().delete()
    return WorkflowStep.objects.bulk_create(
        [
            WorkflowStep(
                version=version,
                order=number,
                name=step.name.strip(),
                budget=normalise(step.budget),
                office_kind=step.office_kind,
            )
            for number, step in enumerate(steps, start=1)
        ]
    )


@transaction.atomic
def create_review(
    user,
    procedure: Procedure,
    *,
    year: int,
    kind: str,
    plan_ref: str = "",
    old_processing_time: str = "",
    new_processing_time: str = "",
    description: str = "",
    proposed_on: date | None = None,
) -> Review:
    """Record a review proposal. A time cut needs the new processing time; the old one
    defaults to the time in force on the proposal date."""
    _require_editor(user)
    if kind == ReviewKind.CUT_TIME:
        if not new_processing_time:
            raise ValidationError(
                {"new_processing_time": "Nhập thời hạn giải quyết đề xuất sau khi cắt giảm."}
            )
        if not old_processing_time:
            old_processing_time = procedure.processing_time_on(proposed_on) or ""
    review = Review(
        procedure=procedure,
        year=year,
        kind=kind,
        plan_ref=plan_ref,
        old_processing_time=_check_processing_time(old_processing_time, "old_processing_time")
        if old_processing_time
        else "",
        new_processing_time=_check_processing_time(new_processing_time, "new_processing_time")
        if new_processing_time
        else "",
        description=description,
        proposed_on=proposed_on,
    )
    review.full_clean(exclude=["created_version"])
    review.save()
    return review


@transaction.atomic
def apply_review(user, review: Review, applied_on: date) -> Review:
    """Mark a review applied; a time cut becomes a new version from `applied_on`, so dossiers
    received earlier keep the old time."""
    _require_editor(user)
    review = (
        Review.objects.select_for_update(of=("self",)).select_related("procedure").get(pk=review.pk)
    )
    if review.status == ReviewStatus.APPLIED:
        raise ValidationError(f"Rà soát này đã được áp dụng từ ngày {review.applied_on:%d/%m/%Y}.")
    if review.kind == ReviewKind.CUT_TIME:
        basis = " – ".join(
            part for part in (f"Rà soát, đơn giản hóa năm {review.year}", review.plan_ref) if part
        )
        review.created_version = _add_version(
            review.procedure, applied_on, review.new_processing_time, basis
        )
    review.status = ReviewStatus.APPLIED
    review.applied_on = applied_on
    review.save()
    return review


@transaction.atomic
def reject_review(user, review: Review) -> Review:
    _require_editor(user)
    if review.status == ReviewStatus.APPLIED:
        raise ValidationError("Rà soát đã áp dụng thì không thể chuyển sang không thực hiện.")
    review.status = ReviewStatus.REJECTED
    review.save(update_fields=["status"])
    return review


@transaction.atomic
def record_publication_decision(
    user,
    *,
    number: str,
    signed_on: date,
    title: str,
    items: list[tuple[Procedure, str]],
    issuing_unit=None,
) -> PublicationDecision:
    """Record a publication decision and the procedures it publishes, amends or abolishes.

    Recording it again (same number and date) updates it. A procedure newly listed as
    abolished stops being active; one newly listed as new or amended becomes active.
    """
    _require_editor(user)
    number = number.strip()
    if not number:
        raise ValidationError({"number": "Nhập số, ký hiệu của quyết định."})
    kinds = set(ChangeKind.values)
    for procedure, kind in items:
        if kind not in kinds:
            raise ValidationError(
                f"Hình thức công bố '{kind}' của thủ tục {procedure.code} không hợp lệ."
            )
    decision, _ = PublicationDecision.objects.get_or_create(
        number=number, signed_on=signed_on, defaults={"title": title, "issuing_unit": issuing_unit}
    )
    if decision.title != title or (
        issuing_unit is not None and decision.issuing_unit_id != issuing_unit.pk
    ):
        decision.title = title
        decision.issuing_unit = issuing_unit or decision.issuing_unit
        decision.save()
    existing = {i.procedure_id: i for i in decision.items.all()}
    for procedure, kind in items:
        item = existing.get(procedure.pk)
        if item is None:
            PublicationItem.objects.create(decision=decision, procedure=procedure, change_kind=kind)
        elif item.change_kind != kind:
            item.change_kind = kind
            item.save(update_fields=["change_kind"])
        else:
            continue  # recorded before: a later decision may have changed the procedure since
        should_be_active = kind != ChangeKind.ABOLISHED
        if procedure.active != should_be_active:
            procedure.active = should_be_active
            procedure.updated_by_id = _user_id(user)
            procedure.save()
    return decision


def get_or_create_sector(code: str, name: str = "") -> tuple[Sector, bool]:
    """Used inside the import transaction (callers check permissions)."""
    sector, created = Sector.objects.get_or_create(code=code, defaults={"name": name or code})
    if name and sector.name != name:
        sector.name = name
        sector.save(update_fields=["name"])
    return sector, created
