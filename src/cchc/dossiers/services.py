"""Every write to a dossier: one function per business action, each one transaction.

Every action, in this order:
1. locks the dossier row and checks the actor's role on one of the dossier's units
   (`units.permissions.can_act`; `PermissionDenied` otherwise);
2. refuses a stale write: the caller passes `expected_revision` (the revision it showed the
   user; by default the revision of the `dossier` object it passes) and a changed revision
   raises `DossierConflict`;
3. asks `transitions.check()` whether the table allows it (`TransitionRefused`);
4. writes with `UPDATE … WHERE revision = expected` and appends one `HistoryEntry`.
Any refusal leaves the database unchanged. Deadlines come only from `workcal.services`.

`at` (default now) is the moment of the action; it exists for imports, demo data and tests.
Functions return the fresh dossier (the object passed in is not updated).
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.catalog.models import Procedure
from cchc.core import uploads
from cchc.core.text import fold
from cchc.units.models import Office, OfficeKind, Role, Unit
from cchc.units.permissions import can_act
from cchc.workcal import services as workcal
from cchc.workcal.duration import Duration
from cchc.workcal.services import to_local

from . import events
from .models import (
    ApplicantKind,
    Attachment,
    Channel,
    ComponentForm,
    Dossier,
    DossierCodeCounter,
    DossierComponent,
    DossierStep,
    HistoryAction,
    HistoryEntry,
    IntakeOutcome,
    IntakeRecord,
    ReturnChannel,
    Status,
)
from .transitions import check

log = logging.getLogger("cchc.dossiers")
A = HistoryAction
R = Role

DESK = (R.ONE_STOP_OFFICER.value,)
LEADERS = (R.OFFICE_HEAD.value, R.UNIT_LEADER.value)
PROCESSORS = (R.SPECIALIST.value, *LEADERS)

# The roles that may take each action (on one of the dossier's units).
ACTION_ROLES: dict[str, tuple[str, ...]] = {
    A.RECEIVE: DESK,
    A.ACCEPT: DESK,
    A.REFUSE_INTAKE: DESK,
    A.INTAKE_INCOMPLETE: DESK,
    A.START: (*DESK, *LEADERS),
    A.ASSIGN: (*DESK, *LEADERS),
    A.FORWARD: (*DESK, *PROCESSORS),
    A.SEND_BACK: (*DESK, *PROCESSORS),
    A.FORWARD_TO_UNIT: PROCESSORS,
    A.APPROVE: LEADERS,
    A.REQUEST_SUPPLEMENT: PROCESSORS,
    A.RECEIVE_SUPPLEMENT: (*DESK, R.SPECIALIST.value),
    A.REQUEST_PAYMENT: PROCESSORS,
    A.RECORD_PAYMENT: (*DESK, *PROCESSORS),
    A.EXTEND: LEADERS,
    A.REFUSE: LEADERS,
    A.WITHDRAW: (*DESK, *LEADERS),
    A.STOP: LEADERS,
    A.RESULT_READY: (*DESK, *PROCESSORS),
    A.RETURN: DESK,
    A.ATTACH: (*DESK, *PROCESSORS),
}
# Actions only the applicant takes, through the portal, without signing in: the caller (the
# portal) has checked who they are (dossier code and check value) and passes no actor. No
# staff role may take them.
APPLICANT_ACTIONS = frozenset({A.SUPPLEMENT_ONLINE})

DEFAULT_STEP = ("Giải quyết hồ sơ", OfficeKind.SPECIALIST.value)


class DossierConflict(Exception):
    """The dossier changed since the caller loaded it; nothing was written."""

    def __init__(self, dossier: Dossier | None = None):
        self.dossier = dossier
        name = f" {dossier.code}" if dossier is not None and dossier.code else ""
        super().__init__(
            f"Hồ sơ{name} vừa được người khác cập nhật nên thao tác của bạn chưa được thực hiện. "
            "Vui lòng tải lại trang để xem trạng thái mới nhất rồi thao tác lại."
        )


@dataclass
class Applicant:
    name: str
    kind: str = ApplicantKind.PERSON.value
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    representative_name: str = ""
    representative_id_number: str = ""

    def fields(self) -> dict:
        return {
            "applicant_kind": self.kind,
            "applicant_name": (self.name or "").strip(),
            "applicant_id_number": (self.id_number or "").strip(),
            "applicant_phone": (self.phone or "").strip(),
            "applicant_email": (self.email or "").strip(),
            "applicant_address": (self.address or "").strip(),
            "representative_name": (self.representative_name or "").strip(),
            "representative_id_number": (self.representative_id_number or "").strip(),
        }


@dataclass
class ComponentInput:
    name: str
    sets: int = 1
    form: str = ComponentForm.ORIGINAL.value
    submitted: bool = True
    digitised: bool = False
    reused_from_store: bool = False


# -- helpers ---------------------------------------------------------------------------


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _user_id(actor):
    pk = getattr(actor, "pk", None)
    return pk if getattr(actor, "is_authenticated", False) and pk else None


def _require_desk(actor, unit: Unit, action: str) -> None:
    if not can_act(actor, unit, *ACTION_ROLES[action]):
        raise PermissionDenied("Bạn không có quyền tiếp nhận hồ sơ tại đơn vị này.")


def _acting_units(dossier: Dossier) -> list[Unit]:
    units = []
    if dossier.current_step_id:
        units.append(dossier.current_step.unit)
    units += [dossier.handling_unit, dossier.unit]
    return units


def _require(actor, dossier: Dossier, action: str) -> Unit:
    """The unit the actor acts for; PermissionDenied when no role of theirs reaches the dossier.
    An applicant's action (no actor) is taken at the receiving unit."""
    if action in APPLICANT_ACTIONS:
        if actor is None:
            return dossier.unit
        raise PermissionDenied("Chỉ người nộp hồ sơ thực hiện thao tác này, qua Cổng dịch vụ công.")
    roles = ACTION_ROLES[action]
    for unit in _acting_units(dossier):
        if can_act(actor, unit, *roles):
            return unit
    raise PermissionDenied("Bạn không có quyền thực hiện thao tác này trên hồ sơ.")


def _lock(dossier: Dossier | int) -> Dossier:
    pk = getattr(dossier, "pk", dossier)
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("unit", "handling_unit", "current_step", "current_step__unit")
        .get(pk=pk)
    )


def _reason(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"note": f"Vui lòng nhập {what}."})
    return text


class _Action:
    """One action in progress on a locked dossier (see the module docstring)."""

    def __init__(self, actor, dossier, action: str, expected_revision, at):
        self.actor = actor
        self.action = action
        self.at = _now(at)
        self.changes: dict = {}
        self.dossier = _lock(dossier)
        self.unit = _require(actor, self.dossier, action)
        self.expected = (
            getattr(dossier, "revision", None) if expected_revision is None else expected_revision
        )
        if self.expected is None or self.dossier.revision != self.expected:
            raise DossierConflict(self.dossier)
        self.from_status = self.dossier.status
        self.to_status = check(self.dossier, action, self.at)

    def commit(self, note: str = "", step: DossierStep | None = None, **history) -> Dossier:
        d = self.dossier
        fields = dict(self.changes)
        fields["status"] = self.to_status
        updated = Dossier.objects.filter(pk=d.pk, revision=self.expected).update(
            revision=self.expected + 1, updated_at=timezone.now(), **fields
        )
        if updated != 1:  # pragma: no cover - the row lock makes this a last line of defence
            raise DossierConflict(d)
        for name, value in fields.items():
            setattr(d, name, value)
        d.revision = self.expected + 1
        _log(
            d,
            self.actor,
            self.unit,
            self.action,
            self.from_status,
            self.to_status,
            self.at,
            note,
            step=step,
            **history,
        )
        return d

    def set(self, **fields) -> None:
        if "current_step" in fields or "current_office" in fields:
            raise TypeError("Use _Action.set_current_step: current_office goes with current_step.")
        self._set(fields)

    def set_current_step(self, step: DossierStep | None) -> None:
        """The current step and its office's snapshot, written in the commit's one UPDATE."""
        self._set(current_step_fields(step))

    def _set(self, fields: dict) -> None:
        self.changes.update(fields)
        for name, value in fields.items():
            setattr(self.dossier, name, value)


def current_step_fields(step: DossierStep | None) -> dict:
    """`current_step` with `current_office_id`, the snapshot of its office (queries.my_office).

    The only way the services set the current step, or change the current step's office."""
    return {"current_step": step, "current_office_id": step.office_id if step else None}


def _log(
    dossier, actor, unit, action, from_status, to_status, at, note="", step=None, **handover
) -> HistoryEntry:
    events.publish(events.DossierEvent(dossier.pk, action, from_status, to_status, note or ""))
    return HistoryEntry.objects.create(
        dossier=dossier,
        at=at,
        actor_id=_user_id(actor),
        actor_unit=unit,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note or "",
        step=step,
        step_result=(step.result if step is not None and step.finished_at else "") or "",
        **handover,
    )


# -- dossier codes (dossiers.md §4) ------------------------------------------------------


def format_code(unit: Unit, day, number: int) -> str:
    """`{identifier}-{YYMMDD}-{NNNN}` ("unit", default) or the TT 04/2025 centralised
    `{identifier}-{YYMMDD}-{AA}{XXXX}` with AA = settings.CCHC_DOSSIER_CODE_AGENCY."""
    identifier = unit.identifier or unit.code
    if getattr(settings, "CCHC_DOSSIER_CODE_FORMAT", "unit") == "centralised":
        agency = str(getattr(settings, "CCHC_DOSSIER_CODE_AGENCY", "00")).zfill(2)[:2]
        return f"{identifier}-{day:%y%m%d}-{agency}{number:04d}"
    return f"{identifier}-{day:%y%m%d}-{number:04d}"


def _locked_counter(unit: Unit, day) -> DossierCodeCounter:
    rows = DossierCodeCounter.objects.select_for_update(of=("self",))
    counter = rows.filter(unit=unit, day=day).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():
            return DossierCodeCounter.objects.create(unit=unit, day=day, last_number=0)
    except IntegrityError:
        # Another counter desk created today's row first; wait for its lock.
        return rows.get(unit=unit, day=day)


def next_code(receiving_unit: Unit, handling_unit: Unit, received_at: datetime) -> str:
    """A new dossier code; call inside a transaction (the counter row stays locked)."""
    unit = (
        handling_unit
        if getattr(settings, "CCHC_DOSSIER_CODE_FORMAT", "unit") == "centralised"
        else receiving_unit
    )
    day = to_local(received_at).date()
    counter = _locked_counter(unit, day)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_code(unit, day, counter.last_number)


# -- steps ---------------------------------------------------------------------------------


def _plans(dossier: Dossier) -> list[tuple[str, str, str]]:
    version = dossier.procedure_version
    steps = list(version.steps.all()) if version else []
    if steps:
        return [(s.name, s.budget, s.office_kind) for s in steps]
    return [(DEFAULT_STEP[0], dossier.processing_time, DEFAULT_STEP[1])]


def _offices_by_kind(units) -> dict[tuple[int, str], Office | None]:
    """(unit id, office kind) → the unit's only office of that kind; None when several
    (then the step waits in the unit's queue until someone assigns it). One query."""
    found: dict[tuple[int, str], Office | None] = {}
    for office in Office.objects.filter(unit__in={u.pk for u in units}).order_by():
        key = (office.unit_id, office.kind)
        found[key] = None if key in found else office
    return found


def _create_steps(dossier: Dossier, officer, at: datetime) -> DossierStep:
    """Plan the workflow's steps and start the first; return it."""
    plans = [
        (name, budget, kind, dossier.unit if kind == OfficeKind.ONE_STOP else dossier.handling_unit)
        for name, budget, kind in _plans(dossier)
    ]
    offices = _offices_by_kind({unit for *_rest, unit in plans})
    rows = [
        DossierStep(
            dossier=dossier,
            order=order,
            name=name,
            office_kind=kind,
            unit=unit,
            office=offices.get((unit.pk, kind)),
            budget=budget,
        )
        for order, (name, budget, kind, unit) in enumerate(plans, start=1)
    ]
    DossierStep.objects.bulk_create(rows)
    first = rows[0]  # both backends return the primary keys of bulk-created rows
    assignee = officer if first.office_kind == OfficeKind.ONE_STOP else None
    return _start_step(first, at, assignee=assignee)


def _start_step(step: DossierStep, at, assignee=None, office=None, unit=None, budget=None):
    if unit is not None:
        step.unit = unit
        step.office = office
        step.inter_agency = True
    elif office is not None:
        step.office = office
    if budget:
        step.budget = budget
    step.assignee_id = _user_id(assignee)
    step.started_at = at
    step.due_at = workcal.due_at(at, step.budget, step.unit)
    step.save()
    return step


def _finish_step(step: DossierStep | None, at) -> DossierStep | None:
    if step is None or step.finished_at is not None:
        return step
    step.finished_at = at
    step.result = workcal.classify(at, step.due_at) if step.due_at else ""
    step.save(update_fields=["finished_at", "result"])
    return step


def _copy_step(template: DossierStep) -> DossierStep:
    return DossierStep(
        dossier_id=template.dossier_id,
        order=template.order,
        name=template.name,
        office_kind=template.office_kind,
        unit_id=template.unit_id,
        office_id=template.office_id,
        budget=template.budget,
        inter_agency=template.inter_agency,
    )


def _step_plan(dossier: Dossier, order: int) -> DossierStep | None:
    """The not-yet-started run of step `order`, or a new run copied from its last run."""
    rows = list(dossier.steps.filter(order=order).order_by("id"))
    if not rows:
        return None
    for row in rows:
        if row.started_at is None:
            return row
    return _copy_step(rows[-1])


# -- intake ------------------------------------------------------------------------------


def _version_and_due(dossier: Dossier, received_at: datetime) -> None:
    version = dossier.procedure.version_on(to_local(received_at).date())
    if version is None:
        raise ValidationError(
            {"procedure": "Thủ tục chưa có thời hạn giải quyết nên chưa tiếp nhận được hồ sơ."}
        )
    dossier.procedure_version = version
    dossier.processing_time = version.processing_time
    dossier.received_at = received_at
    dossier.due_at = workcal.due_at(received_at, version.processing_time, dossier.unit)
    dossier.original_due_at = dossier.due_at


def _check_intake(applicant: Applicant, procedure: Procedure) -> None:
    if not (applicant.name or "").strip():
        raise ValidationError({"applicant_name": "Vui lòng nhập tên tổ chức, cá nhân nộp hồ sơ."})
    if not procedure.active:
        raise ValidationError({"procedure": "Thủ tục này không còn áp dụng."})


def missing_components(required: list[str], components) -> list[str]:
    """The names in `required` (the mandatory components of the procedure's list) that no
    submitted component matches; compared without case, diacritics or extra spaces."""
    given = {fold(c.name) for c in components or [] if c.submitted and (c.name or "").strip()}
    return [name for name in required if fold(name) not in given]


def _check_components(required: list[str], components) -> None:
    """A dossier missing a mandatory component is incomplete, not accepted (Mẫu 02 instead)."""
    missing = missing_components(required, components)
    if missing:
        raise ValidationError(
            {
                "components": "Hồ sơ còn thiếu thành phần bắt buộc: "
                + "; ".join(missing)
                + "; hãy chọn «Chưa đủ – yêu cầu bổ sung»."
            }
        )


def _add_components(dossier: Dossier, components) -> dict[int, DossierComponent]:
    """Create the named components; return them by their position in `components`."""
    named = [(i, c) for i, c in enumerate(components or []) if (c.name or "").strip()]
    rows = {
        i: DossierComponent(
            dossier=dossier,
            order=number,
            name=c.name.strip(),
            sets=max(1, int(c.sets or 1)),
            form=c.form,
            submitted=c.submitted,
            digitised=c.digitised,
            reused_from_store=c.reused_from_store,
        )
        for number, (i, c) in enumerate(named, start=1)
    }
    DossierComponent.objects.bulk_create(list(rows.values()))
    return rows


@transaction.atomic
def accept_at_desk(
    officer,
    unit: Unit,
    procedure: Procedure,
    applicant: Applicant,
    components: list[ComponentInput] = (),
    channel: int = Channel.COUNTER,
    return_channel: str = ReturnChannel.DESK,
    *,
    received_at: datetime | None = None,
    request: str = "",
    handling_unit: Unit | None = None,
    assisting_unit: Unit | None = None,
    digitised: bool = False,
    required_components: list[str] | None = None,
) -> Dossier:
    """Accept a complete dossier at the counter or from the post (status 2, Mẫu 01).

    Gives the code, the due time (version in force on the day received, unit calendar), the
    components and the planned workflow steps, the first one started. With
    `required_components` (the names of the mandatory components of the procedure's list,
    `queries.mandatory_components`), a dossier lacking one of them is refused
    (`ValidationError` keyed "components"): it is the incomplete case.
    """
    _require_desk(officer, unit, A.RECEIVE)
    if int(channel) not in (Channel.COUNTER, Channel.POSTAL):
        raise ValidationError(
            {"channel": "Hồ sơ trực tuyến được tiếp nhận từ danh sách hồ sơ mới đăng ký."}
        )
    if return_channel not in ReturnChannel.values:
        raise ValidationError({"return_channel": "Vui lòng chọn hình thức nhận kết quả."})
    _check_intake(applicant, procedure)
    if required_components is not None:
        _check_components(required_components, components)
    at = _now(received_at)
    to = check(None, A.RECEIVE)
    dossier = Dossier(
        procedure=procedure,
        channel=int(channel),
        status=to,
        unit=unit,
        handling_unit=handling_unit or unit,
        assisting_unit=assisting_unit,
        request=(request or "").strip() or procedure.name,
        return_channel=return_channel,
        submitted_at=at,
        digitised=digitised,
        **applicant.fields(),
    )
    _version_and_due(dossier, at)
    dossier.code = next_code(unit, dossier.handling_unit, at)
    dossier.save()
    _add_components(dossier, components)
    first = _create_steps(dossier, officer, at)
    current = current_step_fields(first)
    Dossier.objects.filter(pk=dossier.pk).update(**current)
    for name, value in current.items():
        setattr(dossier, name, value)
    _log(dossier, officer, unit, A.RECEIVE, None, to, at, step=first, receiver_unit=first.unit)
    log.info("Tiếp nhận hồ sơ %s tại %s.", dossier.code, unit.code)
    return dossier


@transaction.atomic
def submit_online(
    procedure: Procedure,
    unit: Unit,
    applicant: Applicant,
    components: list[ComponentInput] = (),
    return_channel: str = ReturnChannel.ONLINE,
    *,
    submitted_at: datetime | None = None,
    request: str = "",
    handling_unit: Unit | None = None,
    files=(),
) -> Dossier:
    """An online application (status 1) handed over by the portal; no code, no clock yet.

    `files` are the applicant's uploads as (position in `components` or None, file). Every
    file is checked first (`core.uploads.check_upload`: size, type, content); one refused
    file refuses the whole application and nothing is written, no file stored. The files
    are stored like the desk's attachments (random names under MEDIA_ROOT) with no staff
    actor: the applicant uploaded them.
    """
    _check_intake(applicant, procedure)
    if return_channel not in ReturnChannel.values:
        raise ValidationError({"return_channel": "Vui lòng chọn hình thức nhận kết quả."})
    checked = _check_files(files)
    at = _now(submitted_at)
    dossier = Dossier.objects.create(
        procedure=procedure,
        channel=Channel.ONLINE,
        status=check(None, A.SUBMIT),
        unit=unit,
        handling_unit=handling_unit or unit,
        request=(request or "").strip() or procedure.name,
        return_channel=return_channel,
        submitted_at=at,
        **applicant.fields(),
    )
    rows = _add_components(dossier, components)
    _log(dossier, None, unit, A.SUBMIT, None, Status.SUBMITTED, at)
    _store_applicants_files(dossier, checked, rows, at)
    return dossier


def _check_files(files) -> list:
    """(position, upload, CheckedUpload) of the applicant's (position, upload) pairs; the first
    refused file raises ValidationError on "files" before anything is written."""
    limit = getattr(settings, "CCHC_ATTACHMENT_MAX_BYTES", MAX_ATTACHMENT_BYTES)
    return [
        (position, upload, uploads.check_upload(upload, limit, field="files"))
        for position, upload in files
    ]


def _store_applicants_files(dossier, checked, components: dict, at) -> None:
    """Store checked uploads of the applicant (no staff actor), each on its component row."""
    stored = []
    try:
        for position, upload, file in checked:
            attachment = _store(dossier, components.get(position), upload, file, None, at)
            stored.append(attachment.file.name)
    except Exception:
        for name in stored:  # the transaction rolls back; leave no file behind either
            Attachment._meta.get_field("file").storage.delete(name)
        raise


@transaction.atomic
def supplement_online(
    dossier: Dossier | int, files=(), note: str = "", *, expected_revision=None, at=None
) -> Dossier:
    """The applicant supplements an online dossier the desk found incomplete (Mẫu 02): what the
    desk asked for, as uploads and a note, through the portal. The dossier stays status 1 and
    goes back to the desk's check (accept, ask again or refuse).

    No actor: the portal has checked the applicant (code and check value) and passes the
    revision it showed, so a desk action in between is a `DossierConflict`. Allowed only while
    the desk's request is pending (`transitions.awaiting_online_supplement`). Every file is checked
    first; one refused file, or nothing sent at all, writes nothing and stores no file.
    """
    note = (note or "").strip()
    files = [(None, upload) for upload in files]
    if not files and not note:
        raise ValidationError(
            {"files": "Vui lòng đính kèm giấy tờ bổ sung hoặc ghi rõ nội dung bổ sung."}
        )
    checked = _check_files(files)
    act = _Action(None, dossier, A.SUPPLEMENT_ONLINE, expected_revision, at)
    _store_applicants_files(act.dossier, checked, {}, act.at)
    names = "; ".join(file.name for _position, _upload, file in checked)
    return act.commit(note="\n".join(part for part in (names, note) if part))


@transaction.atomic
def accept_online(
    officer, dossier: Dossier, *, expected_revision: int | None = None, at=None
) -> Dossier:
    """The desk accepts a checked online dossier: 1 → 2, code, due time, steps."""
    act = _Action(officer, dossier, A.ACCEPT, expected_revision, at)
    d = act.dossier
    _version_and_due(d, act.at)
    code = next_code(d.unit, d.handling_unit, act.at)
    d.code = code
    first = _create_steps(d, officer, act.at)
    act.set(
        code=code,
        procedure_version=d.procedure_version,
        processing_time=d.processing_time,
        received_at=d.received_at,
        due_at=d.due_at,
        original_due_at=d.original_due_at,
    )
    act.set_current_step(first)
    return act.commit(step=first, receiver_unit=first.unit)


def _intake_record(officer, unit, procedure, applicant, outcome, at, **fields) -> IntakeRecord:
    return IntakeRecord.objects.create(
        outcome=outcome,
        unit=unit,
        procedure=procedure,
        officer_id=_user_id(officer),
        at=_now(at),
        **(applicant.fields() if applicant else {}),
        **fields,
    )


@transaction.atomic
def record_incomplete(
    officer,
    unit: Unit,
    procedure: Procedure,
    applicant: Applicant,
    missing: list[str],
    *,
    channel: int = Channel.COUNTER,
    request: str = "",
    at: datetime | None = None,
) -> IntakeRecord:
    """Incomplete at the desk (Mẫu 02): a record of what is missing; no dossier, no code."""
    _require_desk(officer, unit, A.INTAKE_INCOMPLETE)
    _check_intake(applicant, procedure)
    missing = [m.strip() for m in missing or [] if (m or "").strip()]
    if not missing:
        raise ValidationError({"missing": "Vui lòng ghi rõ giấy tờ, nội dung cần bổ sung."})
    return _intake_record(
        officer,
        unit,
        procedure,
        applicant,
        IntakeOutcome.INCOMPLETE,
        at,
        channel=int(channel),
        request=(request or "").strip() or procedure.name,
        missing=missing,
    )


@transaction.atomic
def refuse_at_intake(
    officer,
    unit: Unit,
    procedure: Procedure,
    applicant: Applicant,
    reason: str,
    *,
    channel: int = Channel.COUNTER,
    request: str = "",
    at: datetime | None = None,
) -> IntakeRecord:
    """Refused at the desk (Mẫu 03): a record with the reason; no dossier, no code."""
    _require_desk(officer, unit, A.REFUSE_INTAKE)
    _check_intake(applicant, procedure)
    reason = _reason(reason, "lý do từ chối tiếp nhận")
    return _intake_record(
        officer,
        unit,
        procedure,
        applicant,
        IntakeOutcome.REFUSED,
        at,
        channel=int(channel),
        request=(request or "").strip() or procedure.name,
        reason=reason,
    )


@transaction.atomic
def online_incomplete(
    officer, dossier: Dossier, missing: list[str], *, expected_revision=None, at=None
) -> IntakeRecord:
    """An online dossier is incomplete: it stays status 1; Mẫu 02 is sent electronically."""
    missing = [m.strip() for m in missing or [] if (m or "").strip()]
    if not missing:
        raise ValidationError({"missing": "Vui lòng ghi rõ giấy tờ, nội dung cần bổ sung."})
    act = _Action(officer, dossier, A.INTAKE_INCOMPLETE, expected_revision, at)
    d = act.commit(note="; ".join(missing))
    return _intake_record(
        officer,
        d.unit,
        d.procedure,
        None,
        IntakeOutcome.INCOMPLETE,
        act.at,
        channel=d.channel,
        request=d.request,
        missing=missing,
        dossier=d,
        **{f: getattr(d, f) for f in Applicant("").fields()},
    )


@transaction.atomic
def refuse_online(
    officer, dossier: Dossier, reason: str, *, expected_revision=None, at=None
) -> Dossier:
    """An online dossier refused at intake: 1 → 3 (Mẫu 03); no code is consumed."""
    reason = _reason(reason, "lý do từ chối tiếp nhận")
    act = _Action(officer, dossier, A.REFUSE_INTAKE, expected_revision, at)
    act.set(end_reason=reason, finished_at=act.at)
    d = act.commit(note=reason)
    _intake_record(
        officer,
        d.unit,
        d.procedure,
        None,
        IntakeOutcome.REFUSED,
        act.at,
        channel=d.channel,
        request=d.request,
        reason=reason,
        dossier=d,
        **{f: getattr(d, f) for f in Applicant("").fields()},
    )
    return d


# -- processing --------------------------------------------------------------------------


def _handover(act: _Action, nxt: DossierStep, note: str, **start) -> Dossier:
    current = act.dossier.current_step
    giver_user = current.assignee_id if current else None
    _finish_step(current, act.at)
    nxt = _start_step(nxt, act.at, **start)
    act.set_current_step(nxt)
    return act.commit(
        note,
        step=current,
        giver_user_id=giver_user or _user_id(act.actor),
        giver_unit=current.unit if current else act.unit,
        receiver_user_id=nxt.assignee_id,
        receiver_unit=nxt.unit,
        receiver_office=nxt.office,
    )


def _next(act: _Action) -> DossierStep:
    current = act.dossier.current_step
    nxt = _step_plan(act.dossier, (current.order if current else 0) + 1)
    if nxt is None:
        raise ValidationError(
            "Đây là bước cuối của quy trình; hãy chuyển hồ sơ sang trạng thái đã có kết quả."
        )
    return nxt


def _forward(action, actor, dossier, assignee, office, note, expected_revision, at) -> Dossier:
    act = _Action(actor, dossier, action, expected_revision, at)
    current = act.dossier.current_step
    if action == A.START and current and _step_plan(act.dossier, current.order + 1) is None:
        # A one-step workflow: processing starts within the single step.
        return act.commit(note, step=current, receiver_unit=current.unit)
    return _handover(act, _next(act), note, assignee=assignee, office=office)


@transaction.atomic
def start_processing(
    actor,
    dossier: Dossier,
    *,
    assignee=None,
    office: Office | None = None,
    note: str = "",
    expected_revision: int | None = None,
    at=None,
) -> Dossier:
    """The desk forwards an accepted dossier to the competent office: processing starts (2 → 4)."""
    return _forward(A.START, actor, dossier, assignee, office, note, expected_revision, at)


@transaction.atomic
def forward(
    actor,
    dossier: Dossier,
    *,
    assignee=None,
    office: Office | None = None,
    note: str = "",
    expected_revision: int | None = None,
    at=None,
) -> Dossier:
    """Hand the dossier to the next workflow step (4 → 4), optionally to a named officer."""
    return _forward(A.FORWARD, actor, dossier, assignee, office, note, expected_revision, at)


@transaction.atomic
def assign(
    actor, dossier: Dossier, assignee, *, office=None, note="", expected_revision=None, at=None
) -> Dossier:
    """Give the current step to a named officer (phân công)."""
    act = _Action(actor, dossier, A.ASSIGN, expected_revision, at)
    step = act.dossier.current_step
    if step is None:
        raise ValidationError("Hồ sơ không có bước đang xử lý để phân công.")
    if not can_act(assignee, step.unit):
        raise ValidationError(
            {"assignee": "Người được phân công không thuộc đơn vị xử lý bước này."}
        )
    giver = step.assignee_id
    step.assignee = assignee
    if office is not None:
        step.office = office
    step.save(update_fields=["assignee", "office"])
    act.set_current_step(step)  # the office may have changed
    return act.commit(
        note,
        step=step,
        giver_user_id=giver or _user_id(actor),
        giver_unit=step.unit,
        receiver_user_id=assignee.pk,
        receiver_unit=step.unit,
        receiver_office=step.office,
    )


@transaction.atomic
def send_back(actor, dossier: Dossier, reason: str, *, expected_revision=None, at=None) -> Dossier:
    """Return the dossier one step back, with a reason; the previous step runs again."""
    reason = _reason(reason, "lý do trả lại bước trước")
    act = _Action(actor, dossier, A.SEND_BACK, expected_revision, at)
    current = act.dossier.current_step
    previous = _step_plan(act.dossier, current.order - 1) if current and current.order > 1 else None
    if previous is None:
        raise ValidationError("Hồ sơ đang ở bước đầu tiên, không thể trả lại bước trước.")
    last_run = act.dossier.steps.filter(order=current.order - 1).order_by("-id").first()
    return _handover(act, previous, reason, assignee=last_run.assignee if last_run else None)


@transaction.atomic
def forward_to_unit(
    actor,
    dossier: Dossier,
    target_unit: Unit,
    *,
    office: Office | None = None,
    budget: str | None = None,
    note: str = "",
    expected_revision=None,
    at=None,
) -> Dossier:
    """Inter-agency (liên thông): the next step runs in `target_unit`, with that step's budget
    (or `budget`). Still one dossier, counted once; the other unit sees it through the step."""
    act = _Action(actor, dossier, A.FORWARD_TO_UNIT, expected_revision, at)
    if office is not None and office.unit_id != target_unit.pk:
        raise ValidationError({"office": "Phòng, ban nhận không thuộc đơn vị được chuyển đến."})
    if budget:
        try:
            Duration.parse(budget)
        except ValueError as exc:
            raise ValidationError({"budget": str(exc)}) from exc
    return _handover(act, _next(act), note, unit=target_unit, office=office, budget=budget)


@transaction.atomic
def approve(actor, dossier: Dossier, *, note="", expected_revision=None, at=None) -> Dossier:
    """The leader approves and signs; the dossier moves to the next step when there is one."""
    act = _Action(actor, dossier, A.APPROVE, expected_revision, at)
    act.set(approved_at=act.at)
    current = act.dossier.current_step
    nxt = _step_plan(act.dossier, current.order + 1) if current else None
    if nxt is None:
        _finish_step(current, act.at)
        return act.commit(note, step=current)
    return _handover(act, nxt, note)


# -- pauses ------------------------------------------------------------------------------


def _resume(act: _Action, paused_since: datetime) -> None:
    d, unit = act.dossier, act.dossier.unit
    moved = {"due_at": workcal.extend_due(d.due_at, paused_since, act.at, unit)}
    if d.original_due_at:
        moved["original_due_at"] = workcal.extend_due(d.original_due_at, paused_since, act.at, unit)
    if d.extended_due_at:
        moved["extended_due_at"] = workcal.extend_due(d.extended_due_at, paused_since, act.at, unit)
    act.set(**moved)
    step = d.current_step
    if step is not None and step.due_at and step.finished_at is None:
        step.due_at = workcal.extend_due(step.due_at, paused_since, act.at, step.unit)
        step.save(update_fields=["due_at"])


@transaction.atomic
def request_supplement(
    actor,
    dossier: Dossier,
    missing: str,
    *,
    deadline: datetime | None = None,
    expected_revision=None,
    at=None,
) -> Dossier:
    """Ask the applicant for a supplement (Mẫu 02): once only; the clock pauses (4 → 5)."""
    missing = _reason(missing, "nội dung cần bổ sung, hoàn thiện")
    act = _Action(actor, dossier, A.REQUEST_SUPPLEMENT, expected_revision, at)
    act.set(supplement_used=True, supplement_requested_at=act.at, supplement_deadline=deadline)
    return act.commit(missing, step=act.dossier.current_step)


@transaction.atomic
def receive_supplement(actor, dossier: Dossier, *, note="", expected_revision=None, at=None):
    """The complete supplement arrives (5 → 4): due times move by the paused working time."""
    act = _Action(actor, dossier, A.RECEIVE_SUPPLEMENT, expected_revision, at)
    act.set(supplement_received_at=act.at)
    _resume(act, act.dossier.supplement_requested_at)
    return act.commit(note, step=act.dossier.current_step)


@transaction.atomic
def request_payment(actor, dossier: Dossier, *, note="", expected_revision=None, at=None):
    """Wait for the applicant's financial obligations (4 → 6); the clock pauses."""
    act = _Action(actor, dossier, A.REQUEST_PAYMENT, expected_revision, at)
    act.set(payment_requested_at=act.at, paid_at=None)
    return act.commit(note, step=act.dossier.current_step)


@transaction.atomic
def record_payment(
    actor, dossier: Dossier, *, online: bool = False, note="", expected_revision=None, at=None
):
    """Obligations paid (6 → 4): due times move by the paused working time."""
    act = _Action(actor, dossier, A.RECORD_PAYMENT, expected_revision, at)
    act.set(paid_at=act.at, paid_online=bool(online) or act.dossier.paid_online)
    _resume(act, act.dossier.payment_requested_at)
    return act.commit(note, step=act.dossier.current_step)


@transaction.atomic
def extend(
    actor,
    dossier: Dossier,
    reason: str,
    *,
    new_due_at: datetime | None = None,
    extra: str | None = None,
    expected_revision=None,
    at=None,
) -> Dossier:
    """Apology and new appointment (Mẫu 04): once only, at the latest one working day before
    the due time. The new appointment is `new_due_at`, or the due time plus `extra` working
    time ("2d"). `original_due_at` is kept: a dossier finished after it is still late."""
    reason = _reason(reason, "lý do gia hạn")
    act = _Action(actor, dossier, A.EXTEND, expected_revision, at)
    d = act.dossier
    if new_due_at is None:
        if not extra:
            raise ValidationError({"new_due_at": "Vui lòng nhập ngày hẹn trả kết quả mới."})
        new_due_at = workcal.due_at(d.due_at, extra, d.unit)
    if new_due_at <= d.due_at:
        raise ValidationError(
            {"new_due_at": "Ngày hẹn trả kết quả mới phải sau ngày hẹn trả hiện tại."}
        )
    act.set(
        extension_used=True,
        extension_reason=reason,
        extended_due_at=new_due_at,
        due_at=new_due_at,
        original_due_at=d.original_due_at or d.due_at,
    )
    return act.commit(reason, step=d.current_step)


# -- endings ---------------------------------------------------------------------------


def _end(actor, dossier, action, reason, what, expected_revision, at) -> Dossier:
    reason = _reason(reason, what)
    act = _Action(actor, dossier, action, expected_revision, at)
    step = _finish_step(act.dossier.current_step, act.at)
    act.set(end_reason=reason, finished_at=act.at)
    return act.commit(reason, step=step)


@transaction.atomic
def refuse(actor, dossier: Dossier, reason: str, *, expected_revision=None, at=None) -> Dossier:
    """Refusal during processing (not eligible): 4 → 8, with the written reason."""
    return _end(actor, dossier, A.REFUSE, reason, "lý do từ chối giải quyết", expected_revision, at)


@transaction.atomic
def withdraw(actor, dossier: Dossier, reason: str, *, expected_revision=None, at=None) -> Dossier:
    """The applicant withdraws the dossier before a result exists (→ 7)."""
    return _end(actor, dossier, A.WITHDRAW, reason, "lý do rút hồ sơ", expected_revision, at)


@transaction.atomic
def stop(actor, dossier: Dossier, reason: str, *, expected_revision=None, at=None) -> Dossier:
    """Stop processing (Mẫu 05), e.g. the supplement deadline passed (→ 8)."""
    return _end(actor, dossier, A.STOP, reason, "lý do dừng giải quyết", expected_revision, at)


@transaction.atomic
def mark_result_ready(
    actor, dossier: Dossier, *, e_result: bool = False, note="", expected_revision=None, at=None
) -> Dossier:
    """The result is issued and at the desk (4 → 9); processing ends here (finished_at)."""
    act = _Action(actor, dossier, A.RESULT_READY, expected_revision, at)
    step = _finish_step(act.dossier.current_step, act.at)
    act.set(finished_at=act.at, e_result=bool(e_result) or act.dossier.e_result)
    return act.commit(note, step=step)


@transaction.atomic
def return_result(
    actor,
    dossier: Dossier,
    *,
    via: str | None = None,
    note: str = "",
    expected_revision=None,
    at=None,
) -> Dossier:
    """Return the result at the desk, by post or online (9 → 10): the dossier is closed."""
    act = _Action(actor, dossier, A.RETURN, expected_revision, at)
    via = via or act.dossier.return_channel
    if via not in ReturnChannel.values:
        raise ValidationError({"via": "Vui lòng chọn hình thức trả kết quả."})
    act.set(returned_at=act.at, returned_via=via)
    return act.commit(note)


# -- attachments -------------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = uploads.MAX_UPLOAD_BYTES


@transaction.atomic
def add_attachment(
    actor, dossier: Dossier, upload, *, component: DossierComponent | None = None, at=None
) -> Attachment:
    """Store an uploaded file of the dossier under MEDIA_ROOT (outside the web root).

    Limits: `CCHC_ATTACHMENT_MAX_BYTES` (20 MB) and PDF, JPG, PNG, DOCX, XLSX whose content
    matches the extension. Appends a history line; the status and revision do not change.
    """
    d = (
        Dossier.objects.select_related("unit", "handling_unit", "current_step__unit")
        .filter(pk=dossier.pk)
        .first()
    )
    if d is None:
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này trên hồ sơ.")
    unit = _require(actor, d, A.ATTACH)
    limit = getattr(settings, "CCHC_ATTACHMENT_MAX_BYTES", MAX_ATTACHMENT_BYTES)
    checked = uploads.check_upload(upload, limit)
    if component is not None and component.dossier_id != d.pk:
        raise ValidationError({"component": "Thành phần không thuộc hồ sơ này."})
    at = _now(at)
    attachment = _store(d, component, upload, checked, actor, at)
    _log(d, actor, unit, A.ATTACH, d.status, d.status, at, note=checked.name)
    return attachment


def _store(dossier, component, upload, checked, actor, at) -> Attachment:
    """Save a checked upload under MEDIA_ROOT with a random name, and its row."""
    attachment = Attachment(
        dossier=dossier,
        component=component,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by_id=_user_id(actor),
        uploaded_at=at,
    )
    attachment.file.save(checked.name, File(upload, name=checked.name), save=False)
    attachment.save()
    return attachment
