"""Bad input is refused with a Vietnamese message naming the problem, and nothing changes:
no row, no revision, no history."""

from datetime import date

import pytest

from .. import services
from ..models import (
    Directive,
    DirectiveKind,
    Initiative,
    InitiativeKind,
    InitiativeStatus,
    Inspection,
    OutreachActivity,
    OutreachForm,
    Plan,
    PlanKind,
    ReformArea,
    Task,
    TaskEvent,
    TaskStatus,
)
from .factories import plan_world

pytestmark = pytest.mark.django_db

TODAY = date(2024, 6, 14)


@pytest.fixture
def world():
    w = plan_world()
    w.plan = services.create_plan(
        w.officer,
        w.district,
        kind=PlanKind.REFORM,
        year=2024,
        number="02/KH-UBND",
        issued_on=date(2024, 1, 12),
        title="Kế hoạch cải cách hành chính năm 2024",
        today=TODAY,
    )
    w.task = services.add_task(
        w.officer,
        unit=w.district,
        plan=w.plan,
        area=ReformArea.INSTITUTIONS,
        title="Tự kiểm tra văn bản quy phạm pháp luật",
        due_on=date(2024, 6, 28),
        owner_office=w.justice,
    )
    return w


def snapshot():
    return (
        list(Plan.objects.order_by("pk").values()),
        list(Task.objects.order_by("pk").values()),
        TaskEvent.objects.count(),
        list(Directive.objects.values()),
        list(Inspection.objects.values()),
        list(OutreachActivity.objects.values()),
        list(Initiative.objects.values()),
    )


def refused(call, field, text):
    before = snapshot()
    with pytest.raises(services.PlanRefused) as caught:
        call()
    messages = caught.value.message_dict
    assert field in messages, messages
    assert text in " ".join(messages[field])
    assert snapshot() == before


PLAN = dict(
    kind=PlanKind.REFORM,
    year=2024,
    number="09/KH-UBND",
    issued_on=date(2024, 1, 20),
    title="Kế hoạch khác",
    today=TODAY,
)


@pytest.mark.parametrize(
    "changes, field, text",
    [
        ({"issued_on": date(2024, 7, 1)}, "issued_on", "không được sau ngày hôm nay"),
        ({"issued_on": date(2022, 12, 20)}, "issued_on", "trong năm 2024 hoặc cuối năm 2023"),
        ({"number": "02/KH-UBND"}, "number", "đã có kế hoạch số 02/KH-UBND năm 2024"),
        ({"number": "  "}, "number", "Vui lòng nhập số, ký hiệu kế hoạch"),
        ({"title": ""}, "title", "Vui lòng nhập trích yếu"),
        ({"year": 1890}, "year", "Năm phải từ 2000 đến 2100"),
        ({"kind": "secret"}, "kind", "Vui lòng chọn loại kế hoạch"),
        ({"issued_on": "12/01/2024"}, "issued_on", "không hợp lệ"),
    ],
)
def test_a_bad_plan_is_refused(world, changes, field, text):
    """As the reform officer I am told what is wrong with the plan I typed."""
    values = PLAN | changes
    refused(lambda: services.create_plan(world.officer, world.district, **values), field, text)


def test_a_plan_cannot_be_issued_after_its_first_task_is_due(world):
    """As the reform officer I cannot move the plan's date past one of its due dates."""
    refused(
        lambda: services.edit_plan(world.officer, world.plan, issued_on=date(2024, 6, 30)),
        "issued_on",
        "hạn hoàn thành 28/06/2024",
    )


TASK = dict(area=ReformArea.DIRECTION, title="Nhiệm vụ mới", due_on=date(2024, 9, 30))


@pytest.mark.parametrize(
    "changes, field, text",
    [
        ({"due_on": date(2024, 1, 5)}, "due_on", "không được trước ngày ban hành kế hoạch"),
        ({"due_on": None}, "due_on", "Vui lòng nhập thời hạn hoàn thành"),
        ({"area": "sports"}, "area", "Vui lòng chọn lĩnh vực CCHC"),
        ({"title": " "}, "title", "Vui lòng nhập nội dung nhiệm vụ"),
        ({"title": "x" * 501}, "title", "tối đa 500 ký tự"),
    ],
)
def test_a_bad_task_is_refused(world, changes, field, text):
    """As the reform officer I cannot add a task without its content or with a due date
    before the plan."""
    values = TASK | changes
    refused(
        lambda: services.add_task(world.officer, unit=world.district, plan=world.plan, **values),
        field,
        text,
    )


def test_a_task_owned_by_another_units_office_is_refused(world):
    """As the reform officer I can only name one of our own offices as the owner."""
    refused(
        lambda: services.add_task(
            world.officer,
            unit=world.district,
            plan=world.plan,
            owner_office=world.other_office,
            **TASK,
        ),
        "owner_office",
        "phải là phòng, ban của UBND huyện Thạnh Trị",
    )


def test_a_task_of_another_units_plan_is_refused(world):
    """As the province's reform officer I cannot file a commune's task into the district's
    plan."""
    refused(
        lambda: services.add_task(
            world.province_officer, unit=world.commune, plan=world.plan, **TASK
        ),
        "plan",
        "không phải của đơn vị thực hiện",
    )


@pytest.mark.parametrize(
    "changes, field, text",
    [
        ({"assigned_by": None}, "assigned_by", "Vui lòng chọn cơ quan giao nhiệm vụ"),
        ({"assigning_document": ""}, "assigning_document", "Vui lòng nhập văn bản giao"),
        ({"assigned_by": "commune"}, "assigned_by", "phải là cơ quan cấp trên"),
        ({"assigned_by": "self"}, "assigned_by", "phải là cơ quan cấp trên"),
    ],
)
def test_an_assigned_task_needs_who_assigned_it_and_the_document(world, changes, field, text):
    """As the reform officer recording a task of the province I must say who assigned it,
    by which document — and it cannot come from ourselves or below."""
    values = {
        "assigned_by": world.province,
        "assigning_document": "Công văn số 512/UBND-NC",
        **TASK,
    } | changes
    values["assigned_by"] = {"commune": world.commune, "self": world.district}.get(
        values["assigned_by"], values["assigned_by"]
    )
    refused(
        lambda: services.record_assigned_task(world.officer, unit=world.district, **values),
        field,
        text,
    )


@pytest.mark.parametrize(
    "changes, field, text",
    [
        ({"completed_on": None}, "completed_on", "Vui lòng nhập ngày hoàn thành"),
        ({"completed_on": date(2024, 6, 15)}, "completed_on", "không được sau ngày hôm nay"),
        ({"status": "finished"}, "status", "Vui lòng chọn tình trạng"),
    ],
)
def test_bad_progress_is_refused(world, changes, field, text):
    """As the head of the owner office I cannot mark a task done without the day it was
    done, nor with a day still to come."""
    values = {"status": TaskStatus.DONE, "completed_on": date(2024, 6, 10)} | changes
    refused(
        lambda: services.update_progress(world.head, world.task, today=TODAY, **values),
        field,
        text,
    )


def test_the_completion_day_is_cleared_when_a_task_is_not_done(world):
    """As the owner office I reopen a task: its completion day goes, and the history says so."""
    done = services.update_progress(
        world.specialist,
        world.task,
        status=TaskStatus.DONE,
        completed_on=date(2024, 6, 10),
        evidence="Báo cáo số 12/BC-UBND",
        today=TODAY,
    )
    assert done.completed_on == date(2024, 6, 10) and done.revision == 1
    reopened = services.update_progress(
        world.specialist,
        done,
        status=TaskStatus.IN_PROGRESS,
        completed_on=date(2024, 6, 10),
        today=TODAY,
    )
    assert reopened.completed_on is None and reopened.status == TaskStatus.IN_PROGRESS
    events = list(world.task.events.values_list("action", "from_status", "to_status"))
    assert events == [
        ("create", "", "not_started"),
        ("progress", "not_started", "done"),
        ("progress", "done", "in_progress"),
    ]


@pytest.mark.parametrize(
    "changes, field, text",
    [
        ({"issues_found": 2, "issues_fixed": 3}, "issues_fixed", "không được lớn hơn"),
        ({"done_on": None, "issues_found": 2}, "done_on", "Chưa có ngày kiểm tra"),
        ({"done_on": date(2024, 7, 1)}, "done_on", "không được sau ngày hôm nay"),
        ({"done_on": date(2023, 12, 1)}, "done_on", "phải trong năm 2024"),
        ({"inspected_office": None}, "inspected_office", "Vui lòng chọn phòng, ban hoặc"),
        ({"inspected_unit": "commune"}, "inspected_office", "không chọn cả hai"),
        ({"inspected_office": "other"}, "inspected_office", "phải thuộc UBND huyện"),
        ({"issues_found": -1}, "issues_found", "số nguyên từ 0"),
    ],
)
def test_a_bad_inspection_is_refused(world, changes, field, text):
    """As the reform officer I cannot record more issues fixed than found, issues before
    the inspection took place, or an inspection of nobody."""
    values = {
        "year": 2024,
        "inspected_office": world.justice,
        "done_on": date(2024, 5, 20),
        "issues_found": 3,
        "issues_fixed": 1,
    } | changes
    if values.get("inspected_office") == "other":
        values["inspected_office"] = world.other_office
    if values.get("inspected_unit") == "commune":
        values["inspected_unit"] = world.commune
    refused(
        lambda: services.add_inspection(world.officer, world.district, today=TODAY, **values),
        field,
        text,
    )


def test_a_subordinate_unit_outside_the_subtree_cannot_be_inspected(world):
    """As the district I inspect my communes, not another district."""
    refused(
        lambda: services.add_inspection(
            world.officer, world.district, year=2024, inspected_unit=world.other, today=TODAY
        ),
        "inspected_unit",
        "phải là đơn vị trực thuộc",
    )


def test_bad_register_rows_are_refused(world):
    """As the reform officer I am told what is missing in a directive, an outreach activity
    or an initiative, and nothing is written."""
    refused(
        lambda: services.add_directive(
            world.officer,
            world.district,
            kind=DirectiveKind.LETTER,
            number="312/UBND-NV",
            issued_on=date(2024, 12, 1),
            summary="Tăng cường kỷ luật",
            today=TODAY,
        ),
        "issued_on",
        "không được sau ngày hôm nay",
    )
    refused(
        lambda: services.add_outreach(
            world.officer,
            world.district,
            held_on=date(2024, 3, 1),
            form=OutreachForm.RADIO,
            title="Chuyên mục CCHC",
            count=0,
            today=TODAY,
        ),
        "count",
        "từ 1 trở lên",
    )
    refused(
        lambda: services.add_initiative(
            world.officer,
            world.district,
            year=2024,
            kind=InitiativeKind.MODEL,
            name="Công dân không viết",
            status=InitiativeStatus.APPLIED,
            today=TODAY,
        ),
        "applied_on",
        "Vui lòng nhập ngày bắt đầu áp dụng",
    )


def test_a_directive_is_recorded_once(world):
    """As the reform officer I cannot enter the same document twice."""
    values = dict(
        kind=DirectiveKind.LETTER,
        number="312/UBND-NV",
        issued_on=date(2024, 4, 15),
        summary="Tăng cường kỷ luật",
        today=TODAY,
    )
    services.add_directive(world.officer, world.district, **values)
    refused(
        lambda: services.add_directive(world.officer, world.district, **values),
        "number",
        "đã có trong sổ",
    )


def test_a_writer_without_the_role_is_refused_and_nothing_changes(world):
    """As the head of an office I may update my office's tasks but not add tasks, plans or
    register rows (PermissionDenied, nothing written)."""
    from django.core.exceptions import PermissionDenied

    before = snapshot()
    calls = [
        lambda: services.add_task(world.head, unit=world.district, plan=world.plan, **TASK),
        lambda: services.create_plan(world.head, world.district, **PLAN),
        lambda: services.edit_task(world.head, world.task, title="Sửa"),
        lambda: services.add_directive(
            world.head,
            world.district,
            kind=DirectiveKind.LETTER,
            number="1/UBND",
            issued_on=date(2024, 1, 2),
            summary="x",
        ),
        lambda: services.update_progress(
            world.home_specialist, world.task, status=TaskStatus.IN_PROGRESS
        ),
        lambda: services.update_progress(world.outsider, world.task, status=TaskStatus.IN_PROGRESS),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert snapshot() == before


def test_the_head_of_another_districts_office_has_no_rights_here(world):
    """As the head of another district's justice office I cannot touch Thạnh Trị's tasks."""
    from django.core.exceptions import PermissionDenied

    from .factories import user_with

    other_head = user_with("office_head", world.other, world.other_office)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.update_progress(other_head, world.task, status=TaskStatus.IN_PROGRESS)
    assert snapshot() == before
