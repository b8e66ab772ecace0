"""Fill the printable forms (documents/) from the dossier records and render them.

The renderers know nothing about models; this module is the one place that decides which
record field goes on which line of Mẫu 01–07.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from cchc.core.documents import Signature
from cchc.units.models import OfficeKind, Unit
from cchc.workcal.duration import Duration

from .documents import (
    Applicant,
    ExtensionContext,
    HandOverRow,
    Issuer,
    ProcessTrailContext,
    ReceiptComponent,
    ReceiptContext,
    RefusalContext,
    RegisterContext,
    RegisterRow,
    StopNoticeContext,
    SupplementItem,
    SupplementRequestContext,
    render_extension,
    render_process_trail,
    render_receipt,
    render_refusal,
    render_register,
    render_stop_notice,
    render_supplement_request,
)
from .models import (
    Dossier,
    HistoryAction,
    HistoryEntry,
    IntakeOutcome,
    IntakeRecord,
    ReturnChannel,
    Status,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Name prefixes of People's Committees: what follows them is the place (địa danh) of the
# dateline ("UBND xã Phú Lộc" → "Phú Lộc").
_PLACE_PREFIXES = (
    "UBND thành phố ",
    "UBND tỉnh ",
    "UBND huyện ",
    "UBND quận ",
    "UBND thị xã ",
    "UBND thị trấn ",
    "UBND phường ",
    "UBND xã ",
    "UBND đặc khu ",
)


@dataclass(frozen=True)
class Printed:
    filename: str
    content_type: str
    content: bytes


def place_of(unit: Unit) -> str:
    """The place name of a unit's dateline: its own committee's place, else its parent's."""
    current = unit
    while current is not None:
        for prefix in _PLACE_PREFIXES:
            if current.name.startswith(prefix):
                return current.name[len(prefix) :]
        current = current.parent
    return unit.name


def desk_issuer(unit: Unit) -> Issuer:
    desk = unit.offices.filter(kind=OfficeKind.ONE_STOP).first()
    return Issuer(
        name=desk.name if desk else "Bộ phận Một cửa", parent_body=unit.name, place=place_of(unit)
    )


def unit_issuer(unit: Unit) -> Issuer:
    parent = unit.parent.name if unit.parent_id else None
    return Issuer(name=unit.name, parent_body=parent, place=place_of(unit))


def _applicant(record) -> Applicant:
    return Applicant(
        name=record.applicant_name,
        id_number=record.applicant_id_number,
        address=record.applicant_address,
        phone=record.applicant_phone,
        email=record.applicant_email,
    )


def _addressee(record) -> str:
    return (
        f"Ông/Bà {record.applicant_name}"
        if record.applicant_kind == "person"
        else record.applicant_name
    )


def _last(dossier: Dossier, *actions: str) -> HistoryEntry | None:
    return (
        dossier.history.filter(action__in=actions)
        .select_related("actor", "actor_unit")
        .order_by("-at", "-id")
        .first()
    )


def _person(user) -> str:
    return str(user) if user is not None else ""


def _number(dossier: Dossier) -> str:
    """The receipt number: the dossier code's sequence part, unique per unit and day."""
    return (dossier.code or "").rsplit("-", 1)[-1]


def _request(record) -> str:
    return record.request or record.procedure.name


def receipt(dossier: Dossier) -> ReceiptContext:
    """Mẫu 01 for an accepted dossier."""
    received = _last(dossier, HistoryAction.RECEIVE, HistoryAction.ACCEPT)
    return ReceiptContext(
        issuer=desk_issuer(dossier.unit),
        number=_number(dossier),
        dossier_code=dossier.code,
        applicant=_applicant(dossier),
        request=_request(dossier),
        procedure_code=dossier.procedure.code,
        components=[
            ReceiptComponent(c.name, c.sets, c.form)
            for c in dossier.components.filter(submitted=True)
        ],
        processing_time=Duration.parse(dossier.processing_time).label()
        if dossier.processing_time
        else "",
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        return_place=ReturnChannel(dossier.return_channel).label,
        receiving_officer=_person(received.actor if received else None),
        authorised_person=dossier.representative_name or None,
        lookup_url=lookup_url(dossier),
    )


def lookup_url(dossier: Dossier) -> str | None:
    """The public lookup page of the dossier (the receipt's QR code): the portal fills in the
    code; the applicant adds the check value."""
    if not dossier.code:
        return None
    return f"{settings.CCHC_PUBLIC_URL}/dvc/tra-cuu/{dossier.code}/"


def supplement_request(dossier: Dossier) -> SupplementRequestContext:
    """Mẫu 02 issued during processing (the reason is the note of the request)."""
    asked = _last(dossier, HistoryAction.REQUEST_SUPPLEMENT)
    items = [
        SupplementItem(line.strip())
        for line in (asked.note if asked else "").splitlines()
        if line.strip()
    ]
    return SupplementRequestContext(
        issuer=desk_issuer(dossier.unit),
        number=_number(dossier),
        issued_on=timezone.localdate(asked.at) if asked else timezone.localdate(),
        applicant=_applicant(dossier),
        request=_request(dossier),
        items=items,
        guiding_officer=_person(asked.actor if asked else None),
        contact=desk_issuer(dossier.unit).name + " – " + dossier.unit.name,
        dossier_code=dossier.code,
        received_at=dossier.received_at,
        deadline=timezone.localdate(dossier.supplement_deadline)
        if dossier.supplement_deadline
        else None,
    )


def intake_form(record: IntakeRecord) -> Printed:
    """Mẫu 02 (incomplete) or Mẫu 03 (refused) for a desk outcome that took no dossier."""
    issued_on = timezone.localdate(record.at)
    if record.outcome == IntakeOutcome.INCOMPLETE:
        context = SupplementRequestContext(
            issuer=desk_issuer(record.unit),
            number=str(record.pk),
            issued_on=issued_on,
            applicant=_applicant(record),
            request=_request(record),
            items=[SupplementItem(**_item(item)) for item in record.missing],
            guiding_officer=_person(record.officer),
            contact=desk_issuer(record.unit).name + " – " + record.unit.name,
        )
        return Printed(
            f"mau-02-yeu-cau-bo-sung-{record.pk}.docx", DOCX, render_supplement_request(context)
        )
    context = RefusalContext(
        issuer=desk_issuer(record.unit),
        number=str(record.pk),
        issued_on=issued_on,
        applicant=_applicant(record),
        request=_request(record),
        reason=record.reason,
        receiving_officer=_person(record.officer),
        dossier_code=record.dossier.code if record.dossier_id else None,
    )
    return Printed(f"mau-03-tu-choi-{record.pk}.docx", DOCX, render_refusal(context))


def _item(item) -> dict:
    if isinstance(item, dict):
        return {
            "content": item.get("content") or item.get("name", ""),
            "reason": item.get("reason", ""),
        }
    return {"content": str(item), "reason": ""}


def extension(dossier: Dossier) -> ExtensionContext:
    """Mẫu 04: the apology with the new appointment, signed by the head of the office."""
    extended = _last(dossier, HistoryAction.EXTEND)
    office = dossier.current_step.office if dossier.current_step_id else None
    return ExtensionContext(
        issuer=unit_issuer(dossier.handling_unit or dossier.unit),
        number=_number(dossier),
        issued_on=timezone.localdate(extended.at) if extended else timezone.localdate(),
        addressee=_addressee(dossier),
        received_on=timezone.localdate(dossier.received_at),
        procedure=dossier.procedure.name,
        dossier_code=dossier.code,
        original_due_at=dossier.original_due_at,
        reason=dossier.extension_reason,
        new_due_at=dossier.extended_due_at or dossier.due_at,
        signer=Signature(
            position=f"TRƯỞNG {office.name.upper()}" if office else "THỦ TRƯỞNG CƠ QUAN",
            name=_person(extended.actor if extended else None),
        ),
        recipients=[_addressee(dossier), desk_issuer(dossier.unit).name, "Lưu: VT"],
    )


def stop_notice(dossier: Dossier) -> StopNoticeContext:
    """Mẫu 05 for a stopped, refused-in-processing or withdrawn dossier."""
    ended = _last(dossier, HistoryAction.STOP, HistoryAction.REFUSE, HistoryAction.WITHDRAW)
    return StopNoticeContext(
        issuer=unit_issuer(dossier.handling_unit or dossier.unit),
        number=_number(dossier),
        issued_on=timezone.localdate(ended.at) if ended else timezone.localdate(),
        addressee=_addressee(dossier),
        applicant=dossier.applicant_name,
        procedure=dossier.procedure.name,
        dossier_code=dossier.code,
        received_on=timezone.localdate(dossier.received_at),
        reason=dossier.end_reason,
        stopped_on=timezone.localdate(
            dossier.finished_at or (ended.at if ended else timezone.now())
        ),
        signer=Signature(
            position="THỦ TRƯỞNG CƠ QUAN", name=_person(ended.actor if ended else None)
        ),
        requested_by_applicant=bool(ended and ended.action == HistoryAction.WITHDRAW),
        recipients=[_addressee(dossier), "Lưu: VT"],
    )


def process_trail(dossier: Dossier) -> ProcessTrailContext:
    """Mẫu 06, rendered from the append-only history: one row per hand-over."""
    rows = []
    entries = dossier.history.select_related(
        "actor",
        "actor_unit",
        "giver_user",
        "giver_unit",
        "receiver_user",
        "receiver_unit",
        "receiver_office",
    ).order_by("at", "id")
    for entry in entries:
        receiver = entry.receiver_office or entry.receiver_unit
        if receiver is None and entry.receiver_user is None:
            continue
        giver_unit = entry.giver_unit or entry.actor_unit
        rows.append(
            HandOverRow(
                giver_unit=giver_unit.name if giver_unit else "",
                giver_name=_person(entry.giver_user or entry.actor),
                receiver_unit=str(receiver.name if receiver else ""),
                receiver_name=_person(entry.receiver_user),
                handed_at=entry.at,
                result=entry.step_result or None,
                note=entry.note or entry.get_action_display(),
            )
        )
    coordinating = sorted(
        {
            s.unit.name
            for s in dossier.steps.filter(inter_agency=True).select_related("unit")
            if s.unit_id
        }
    )
    return ProcessTrailContext(
        issuer=desk_issuer(dossier.unit),
        dossier_code=dossier.code,
        handling_unit=(dossier.handling_unit or dossier.unit).name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        rows=rows,
        coordinating_units=coordinating,
        receipt_number=_number(dossier),
    )


def register(unit: Unit, sector_name: str, start: date, end: date, dossiers) -> Printed:
    """Mẫu 07 for the given dossiers (already scoped and filtered by the caller's query)."""
    rows = [
        RegisterRow(
            dossier_code=d.code,
            procedure=d.procedure.name,
            applicant=d.applicant_name,
            address=d.applicant_address,
            phone=d.applicant_phone,
            handling_unit=(d.handling_unit or d.unit).name,
            received_at=d.received_at,
            due_at=d.due_at,
            returned_at=d.returned_at,
            return_method={"desk": "counter", "post": "postal", "online": "online"}.get(
                d.returned_via or ""
            ),
        )
        for d in dossiers
    ]
    context = RegisterContext(
        issuer=desk_issuer(unit), sector=sector_name, period_start=start, period_end=end, rows=rows
    )
    return Printed(
        f"mau-07-so-theo-doi-{start:%Y%m%d}-{end:%Y%m%d}.xlsx", XLSX, render_register(context)
    )


FORM_LABELS = {
    "01": "Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "04": "Mẫu 04 – Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "05": "Mẫu 05 – Thông báo dừng giải quyết hồ sơ",
    "06": "Mẫu 06 – Phiếu kiểm soát quá trình giải quyết hồ sơ",
}

# form key → (what the dossier must have, builder, renderer, file stem)
FORMS = {
    "01": (
        lambda d: bool(d.code and d.received_at),
        receipt,
        render_receipt,
        "mau-01-giay-tiep-nhan",
    ),
    "02": (
        lambda d: d.supplement_used,
        supplement_request,
        render_supplement_request,
        "mau-02-yeu-cau-bo-sung",
    ),
    "04": (lambda d: d.extension_used, extension, render_extension, "mau-04-xin-loi-hen-lai"),
    "05": (
        lambda d: d.status in (Status.WITHDRAWN, Status.STOPPED),
        stop_notice,
        render_stop_notice,
        "mau-05-dung-giai-quyet",
    ),
    "06": (
        lambda d: bool(d.code and d.received_at),
        process_trail,
        render_process_trail,
        "mau-06-phieu-kiem-soat",
    ),
}


def available_forms(dossier: Dossier) -> list[str]:
    return [key for key, (applies, *_rest) in FORMS.items() if applies(dossier)]


def form_context(dossier: Dossier, key: str):
    """The context of form `key` for this dossier, or None when the form does not apply to it.

    The DOCX and the browser's print page are both drawn from this one object, so they cannot
    disagree on any field."""
    if key not in FORMS or not FORMS[key][0](dossier):
        return None
    return FORMS[key][1](dossier)


def print_form(dossier: Dossier, key: str) -> Printed | None:
    """The DOCX of form `key` for this dossier, or None when the form does not apply to it."""
    context = form_context(dossier, key)
    if context is None:
        return None
    _applies, _build, render, stem = FORMS[key]
    return Printed(f"{stem}-{dossier.code}.docx", DOCX, render(context))
