"""Test data for dossiers: a small world (district, two communes, a partner department,
officers with each role), a 3-working-day procedure with the standard four-step workflow,
and `dossier_in(status)` which drives a dossier there through the real services."""

import csv
import io
from datetime import datetime, timedelta
from types import SimpleNamespace

from docx import Document

from cchc.catalog.models import WorkflowStep
from cchc.catalog.tests.factories import ProcedureFactory
from cchc.units.models import Office, OfficeKind, Role, RoleGrant, UnitKind
from cchc.units.tests.factories import UnitFactory, UserFactory
from cchc.workcal.services import LOCAL_TZ

from .. import services
from ..models import HistoryAction, Status

A = HistoryAction
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=LOCAL_TZ)  # Monday 02/03/2026 08:00


def local(text: str) -> datetime:
    """'2026-02-24 14:00' as an aware Asia/Ho_Chi_Minh time."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL_TZ)


WORKFLOW_3D = [
    ("Tiếp nhận, kiểm tra và chuyển hồ sơ", "0.5d", OfficeKind.ONE_STOP),
    ("Thẩm định hồ sơ, dự thảo kết quả", "1.5d", OfficeKind.SPECIALIST),
    ("Phê duyệt, ký kết quả", "0.5d", OfficeKind.LEADERSHIP),
    ("Vào sổ, đóng dấu và trả kết quả", "0.5d", OfficeKind.ONE_STOP),
]


def procedure_with_workflow(processing_time="3d", steps=WORKFLOW_3D, **fields):
    procedure = ProcedureFactory(processing_time=processing_time, **fields)
    version = procedure.versions.get()
    for order, (name, budget, kind) in enumerate(steps, start=1):
        WorkflowStep.objects.create(
            version=version, order=order, name=name, budget=budget, office_kind=kind
        )
    return procedure


def user_with(roles, unit, office=None, **fields):
    user = UserFactory(**fields)
    for role in roles:
        RoleGrant.objects.create(user=user, unit=unit, role=role, office=office)
    return user


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.district = UnitFactory(code="TRACU", name="UBND huyện Trà Cú", kind=UnitKind.DISTRICT)
    w.commune = UnitFactory(
        code="XA01", name="UBND xã Phước Hưng", parent=w.district, identifier="H56.30.01"
    )
    w.sibling = UnitFactory(
        code="XA02", name="UBND xã Tập Sơn", parent=w.district, identifier="H56.30.02"
    )
    w.partner = UnitFactory(
        code="PTNMT",
        name="Phòng Tài nguyên và Môi trường",
        kind=UnitKind.DEPARTMENT,
        parent=w.district,
    )
    w.desk_office = Office.objects.create(
        unit=w.commune, code="MC", name="Bộ phận Một cửa", kind=OfficeKind.ONE_STOP
    )
    w.spec_office = Office.objects.create(
        unit=w.commune, code="TP", name="Công chức Tư pháp", kind=OfficeKind.SPECIALIST
    )
    w.procedure = procedure_with_workflow()
    w.desk = user_with([Role.ONE_STOP_OFFICER], w.commune, w.desk_office, username="motcua")
    w.specialist = user_with([Role.SPECIALIST], w.commune, w.spec_office, username="chuyenvien")
    w.head = user_with([Role.OFFICE_HEAD], w.commune, username="truongphong")
    w.leader = user_with([Role.UNIT_LEADER], w.commune, username="chutich")
    w.all_roles = user_with(
        [Role.ONE_STOP_OFFICER, Role.SPECIALIST, Role.OFFICE_HEAD, Role.UNIT_LEADER],
        w.commune,
        username="tatca",
    )
    w.district_leader = user_with([Role.UNIT_LEADER], w.district, username="lanhdaohuyen")
    w.partner_specialist = user_with([Role.SPECIALIST], w.partner, username="phongtnmt")
    w.outsider = user_with(
        [Role.ONE_STOP_OFFICER, Role.SPECIALIST, Role.OFFICE_HEAD, Role.UNIT_LEADER],
        w.sibling,
        username="xakhac",
    )
    return w


def applicant(**fields) -> services.Applicant:
    base = {
        "name": "Nguyễn Thị Lan",
        "id_number": "084190001234",
        "phone": "0901234567",
        "email": "lan@example.vn",
        "address": "Ấp Chợ, xã Phước Hưng",
    }
    base.update(fields)
    return services.Applicant(**base)


COMPONENTS = [
    services.ComponentInput("Tờ khai đăng ký khai sinh", sets=1),
    services.ComponentInput("Giấy chứng sinh", sets=1, form="copy", digitised=True),
]


def accept(w, at=T0, unit=None, **kwargs):
    return services.accept_at_desk(
        w.desk,
        unit or w.commune,
        kwargs.pop("procedure", w.procedure),
        kwargs.pop("applicant", None) or applicant(),
        COMPONENTS,
        received_at=at,
        **kwargs,
    )


def submit(w, at=T0):
    return services.submit_online(w.procedure, w.commune, applicant(), COMPONENTS, submitted_at=at)


def later(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def dossier_in(w, status: int):
    """A dossier brought to `status` through the services (times from T0 on)."""
    actor = w.all_roles
    if status == Status.SUBMITTED:
        return submit(w)
    if status == Status.REFUSED:
        return services.refuse_online(actor, submit(w), "Không thuộc thẩm quyền", at=later(5))
    d = accept(w)
    if status == Status.RECEIVED:
        return d
    if status == Status.WITHDRAWN:
        return services.withdraw(actor, d, "Người nộp xin rút", at=later(10))
    d = services.start_processing(actor, d, at=later(10))
    if status == Status.PROCESSING:
        return d
    if status == Status.AWAITING_SUPPLEMENT:
        return services.request_supplement(actor, d, "Thiếu bản sao CCCD", at=later(20))
    if status == Status.AWAITING_PAYMENT:
        return services.request_payment(actor, d, at=later(20))
    if status == Status.STOPPED:
        return services.stop(actor, d, "Quá hạn bổ sung", at=later(20))
    d = services.mark_result_ready(actor, d, at=later(30))
    if status == Status.RESOLVED:
        return d
    return services.return_result(actor, d, at=later(40))


def perform(action: str, actor, dossier, w, at=None):
    """Call the service behind `action` with plausible arguments."""
    at = at or later(60)
    run = {
        A.ACCEPT: lambda: services.accept_online(actor, dossier, at=at),
        A.REFUSE_INTAKE: lambda: services.refuse_online(
            actor, dossier, "Không đủ điều kiện", at=at
        ),
        A.INTAKE_INCOMPLETE: lambda: services.online_incomplete(
            actor, dossier, ["Thiếu tờ khai"], at=at
        ),
        A.START: lambda: services.start_processing(actor, dossier, at=at),
        A.FORWARD: lambda: services.forward(actor, dossier, at=at),
        A.ASSIGN: lambda: services.assign(actor, dossier, w.specialist, at=at),
        A.SEND_BACK: lambda: services.send_back(actor, dossier, "Thẩm định lại", at=at),
        A.FORWARD_TO_UNIT: lambda: services.forward_to_unit(actor, dossier, w.partner, at=at),
        A.APPROVE: lambda: services.approve(actor, dossier, at=at),
        A.EXTEND: lambda: services.extend(actor, dossier, "Cần xác minh thêm", extra="2d", at=at),
        A.REQUEST_SUPPLEMENT: lambda: services.request_supplement(
            actor, dossier, "Thiếu giấy tờ", at=at
        ),
        A.RECEIVE_SUPPLEMENT: lambda: services.receive_supplement(actor, dossier, at=at),
        A.REQUEST_PAYMENT: lambda: services.request_payment(actor, dossier, at=at),
        A.RECORD_PAYMENT: lambda: services.record_payment(actor, dossier, at=at),
        A.REFUSE: lambda: services.refuse(actor, dossier, "Không đủ điều kiện", at=at),
        A.WITHDRAW: lambda: services.withdraw(actor, dossier, "Xin rút", at=at),
        A.STOP: lambda: services.stop(actor, dossier, "Dừng giải quyết", at=at),
        A.RESULT_READY: lambda: services.mark_result_ready(actor, dossier, at=at),
        A.RETURN: lambda: services.return_result(actor, dossier, at=at),
        # the applicant's action: no actor (services.APPLICANT_ACTIONS)
        A.SUPPLEMENT_ONLINE: lambda: services.supplement_online(
            dossier, [], "Đã bổ sung tờ khai có chữ ký", at=at
        ),
    }
    return run[action]()


PERFORMABLE = [
    A.ACCEPT,
    A.REFUSE_INTAKE,
    A.INTAKE_INCOMPLETE,
    A.START,
    A.FORWARD,
    A.ASSIGN,
    A.SEND_BACK,
    A.FORWARD_TO_UNIT,
    A.APPROVE,
    A.EXTEND,
    A.REQUEST_SUPPLEMENT,
    A.RECEIVE_SUPPLEMENT,
    A.REQUEST_PAYMENT,
    A.RECORD_PAYMENT,
    A.REFUSE,
    A.WITHDRAW,
    A.STOP,
    A.RESULT_READY,
    A.RETURN,
    A.SUPPLEMENT_ONLINE,
]

DOSSIER_COLUMNS = [
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


def write_dossiers_csv(path, rows: list[dict]):
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.DictWriter(f, fieldnames=DOSSIER_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in DOSSIER_COLUMNS})
    return path


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
