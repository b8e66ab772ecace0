"""The reform officer keeps a plan on its pages: creates it, adds tasks with a due date or a
number of working days, the owner office reports progress, and every change is in the
task's history. A stale form is refused with 409 and changes nothing."""

from datetime import date

import pytest
from django.urls import reverse

from cchc.workcal.services import seed_year

from .. import services
from ..models import Plan, PlanKind, ReformArea, Task, TaskAction, TaskStatus
from .factories import plan_world
from .test_refusals_change_nothing import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = plan_world()
    seed_year(2024)  # Tết 2024: 08/02 to 14/02 off
    return w


def make_plan(w, issued_on=date(2024, 1, 12)):
    return services.create_plan(
        w.officer,
        w.district,
        kind=PlanKind.REFORM,
        year=2024,
        number="02/KH-UBND",
        issued_on=issued_on,
        title="Kế hoạch cải cách hành chính năm 2024",
    )


def test_creating_a_plan_on_its_page(client, world):
    """As the reform officer I create our 2024 plan and land on its page."""
    client.force_login(world.officer)
    response = client.post(
        reverse("plan-create"),
        {
            "don_vi": world.district.pk,
            "kind": "reform",
            "year": 2024,
            "number": "02/KH-UBND",
            "issued_on": "12/01/2024",
            "title": "Kế hoạch cải cách hành chính năm 2024",
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "plan-detail", args=[plan.pk]
    )
    assert (plan.unit, plan.issued_on) == (world.district, date(2024, 1, 12))
    page = client.get(response["Location"]).content.decode()
    assert "Kế hoạch số 02/KH-UBND ngày 12/01/2024" in page


def test_a_refused_plan_shows_the_message_and_saves_nothing(client, world):
    """As the reform officer I typed a plan of 2024 issued in 2021: told why, nothing saved."""
    client.force_login(world.officer)
    response = client.post(
        reverse("plan-create"),
        {
            "don_vi": world.district.pk,
            "kind": "reform",
            "year": 2024,
            "number": "02/KH-UBND",
            "issued_on": "12/01/2021",
            "title": "Kế hoạch",
        },
    )
    assert response.status_code == 400
    assert "phải được ban hành trong năm 2024 hoặc cuối năm 2023" in response.content.decode()
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    "issued_on, days, due",
    [
        (date(2024, 1, 12), 10, date(2024, 1, 26)),  # Friday + 10 working days
        (date(2024, 2, 5), 5, date(2024, 2, 19)),  # across Tết (08–14/02)
    ],
)
def test_a_due_date_in_working_days_counts_from_the_plans_issue_date(
    client, world, issued_on, days, due
):
    """As the reform officer I give a task "10 working days" and the system counts them from
    the plan's issue date on our working calendar."""
    plan = make_plan(world, issued_on)
    client.force_login(world.officer)
    response = client.post(
        reverse("task-create", args=[plan.pk]),
        {
            "area": ReformArea.DIRECTION,
            "title": "Ban hành kế hoạch tuyên truyền CCHC",
            "due_days": days,
            "owner_office": world.home_office.pk,
        },
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert task.due_on == due and task.owner_office == world.home_office
    assert task.order == 1 and task.events.get().action == TaskAction.CREATE


def test_a_due_date_on_a_day_off_is_kept_with_a_warning(client, world):
    """As the reform officer I type Saturday 30/03/2024: it is saved, and I am warned."""
    plan = make_plan(world)
    client.force_login(world.officer)
    response = client.post(
        reverse("task-create", args=[plan.pk]),
        {"area": ReformArea.DIRECTION, "title": "Kiểm tra CCHC", "due_on": "30/03/2024"},
        follow=True,
    )
    assert Task.objects.get().due_on == date(2024, 3, 30)
    assert "rơi vào ngày nghỉ" in response.content.decode()
    page = client.get(reverse("task-detail", args=[Task.objects.get().pk])).content.decode()
    assert "rơi vào ngày nghỉ" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Vui lòng nhập thời hạn hoàn thành: một ngày cụ thể hoặc số ngày làm việc."),
        ({"due_on": "30/04/2024", "due_days": 5}, "không nhập cả hai"),
        ({"due_on": "30/02/2024"}, "Ngày không hợp lệ"),
        ({"due_on": "05/01/2024"}, "không được trước ngày ban hành kế hoạch"),
    ],
)
def test_a_task_without_a_usable_due_date_is_refused(client, world, data, message):
    """As the reform officer I must give one due date that makes sense."""
    plan = make_plan(world)
    client.force_login(world.officer)
    response = client.post(
        reverse("task-create", args=[plan.pk]),
        {"area": ReformArea.DIRECTION, "title": "Kiểm tra CCHC", **data},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Task.objects.exists()


def test_editing_a_task_records_what_changed(client, world):
    """As the reform officer I move a due date; the history says from what to what."""
    plan = make_plan(world)
    task = services.add_task(
        world.officer,
        unit=world.district,
        plan=plan,
        area=ReformArea.DIRECTION,
        title="Kiểm tra CCHC",
        due_on=date(2024, 6, 28),
    )
    client.force_login(world.officer)
    response = client.post(
        reverse("task-edit", args=[task.pk]),
        {
            "revision": 0,
            "area": ReformArea.DIRECTION,
            "title": "Kiểm tra CCHC",
            "due_on": "2024-07-15",
            "order": 1,
            "owner_office": world.home_office.pk,
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.due_on == date(2024, 7, 15) and task.revision == 1
    note = task.events.get(action=TaskAction.EDIT).note
    assert "thời hạn hoàn thành: 28/06/2024 → 15/07/2024" in note
    assert "cơ quan chủ trì: — → Phòng Nội vụ" in note


def test_a_stale_form_is_refused_with_409(client, world):
    """As the reform officer I saved a task someone else had just updated: told to reload,
    nothing of mine is saved."""
    plan = make_plan(world)
    task = services.add_task(
        world.officer,
        unit=world.district,
        plan=plan,
        area=ReformArea.DIRECTION,
        title="Kiểm tra CCHC",
        due_on=date(2024, 6, 28),
        owner_office=world.justice,
    )
    services.update_progress(world.head, task, status=TaskStatus.IN_PROGRESS)  # revision 1
    client.force_login(world.officer)
    before = snapshot()
    for url, data in (
        (
            reverse("task-edit", args=[task.pk]),
            {"revision": 0, "area": "direction", "title": "Khác", "due_on": "2024-07-01"},
        ),
        (reverse("task-progress", args=[task.pk]), {"revision": 0, "status": "not_started"}),
        (
            reverse("plan-edit", args=[plan.pk]),
            {
                "revision": 5,
                "kind": "reform",
                "year": 2024,
                "number": "03/KH-UBND",
                "issued_on": "12/01/2024",
                "title": "Khác",
            },
        ),
    ):
        response = client.post(url, data)
        assert response.status_code == 409, url
        assert "vừa được người khác cập nhật" in response.content.decode()
    assert snapshot() == before
    with pytest.raises(services.PlanConflict):
        services.edit_task(world.officer, task, title="Khác")  # the stale object itself


def test_the_owner_office_reports_progress_with_evidence(client, world):
    """As a specialist of the justice office I mark our task done with its report; the plan
    page then shows it completed on time."""
    plan = make_plan(world)
    task = services.add_task(
        world.officer,
        unit=world.district,
        plan=plan,
        area=ReformArea.INSTITUTIONS,
        title="Tự kiểm tra văn bản QPPL",
        due_on=date(2024, 6, 28),
        owner_office=world.justice,
    )
    client.force_login(world.specialist)
    response = client.post(
        reverse("task-progress", args=[task.pk]),
        {
            "revision": 0,
            "status": "done",
            "completed_on": "2024-06-20",
            "evidence": "Báo cáo số 12/BC-UBND",
            "note": "Gửi Sở Tư pháp",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert 'data-outcome="done_on_time"' in html
    event = task.events.get(action=TaskAction.PROGRESS)
    assert event.actor == world.specialist and "hoàn thành ngày 20/06/2024" in event.note
    history = client.get(reverse("task-detail", args=[task.pk])).content.decode()
    assert "Gửi Sở Tư pháp" in history and "Báo cáo số 12/BC-UBND" in history


def test_done_without_a_date_on_the_page_is_refused(client, world):
    """As the owner office I forgot the completion day: 400, the task unchanged."""
    plan = make_plan(world)
    task = services.add_task(
        world.officer,
        unit=world.district,
        plan=plan,
        area=ReformArea.INSTITUTIONS,
        title="Tự kiểm tra văn bản QPPL",
        due_on=date(2024, 6, 28),
        owner_office=world.justice,
    )
    client.force_login(world.head)
    response = client.post(
        reverse("task-progress", args=[task.pk]), {"revision": 0, "status": "done"}
    )
    assert response.status_code == 400
    assert "Vui lòng nhập ngày hoàn thành." in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED and task.revision == 0


def test_recording_a_task_assigned_by_the_province(client, world):
    """As the reform officer I record a task the province assigned, with its document, due
    in working days from today."""
    client.force_login(world.officer)
    form = client.get(reverse("assigned-create")).content.decode()
    assert "UBND tỉnh Sóc Trăng" in form and "Sở Nội vụ tỉnh Sóc Trăng" in form
    assert "UBND thị trấn Phú Lộc" not in form.split('name="assigned_by"')[1].split("</select>")[0]
    response = client.post(
        reverse("assigned-create"),
        {
            "don_vi": world.district.pk,
            "assigned_by": world.home_affairs.pk,
            "assigning_document": "Công văn số 45/SNV-CCHC",
            "area": ReformArea.DIRECTION,
            "title": "Tự đánh giá Chỉ số CCHC",
            "due_on": "2024-01-19",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.origin, task.assigned_by, task.plan) == ("assigned", world.home_affairs, None)
    listed = client.get(reverse("assigned-list"), {"nam": 2024}).content.decode()
    assert "Tự đánh giá Chỉ số CCHC" in listed and "Sở Nội vụ tỉnh Sóc Trăng giao" in listed
