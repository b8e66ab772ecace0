"""Plans are seen by the people of their unit who work on reform (404 for anyone else, on
every page and action); writing needs the reform officer, unit leader or administrator role
and updating a task's progress also the staff of its owner office (403 otherwise) — and a
refused action changes nothing."""

from datetime import date

import pytest
from django.urls import reverse

from .. import services
from ..models import (
    Directive,
    DirectiveKind,
    InitiativeKind,
    OutreachForm,
    PlanKind,
    ReformArea,
    Task,
    TaskEvent,
)
from .factories import plan_world
from .test_refusals_change_nothing import snapshot

pytestmark = pytest.mark.django_db


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
    w.home_task = services.add_task(
        w.officer,
        unit=w.district,
        plan=w.plan,
        area=ReformArea.DIRECTION,
        title="Ban hành kế hoạch tuyên truyền",
        due_on=date(2024, 2, 29),
        owner_office=w.home_office,
    )
    w.records = {
        "directive": services.add_directive(
            w.officer,
            w.district,
            kind=DirectiveKind.LETTER,
            number="312/UBND-NV",
            issued_on=date(2024, 4, 15),
            summary="Tăng cường kỷ luật, kỷ cương",
        ),
        "inspection": services.add_inspection(
            w.officer, w.district, year=2024, inspected_unit=w.commune
        ),
        "outreach": services.add_outreach(
            w.officer,
            w.district,
            held_on=date(2024, 3, 15),
            form=OutreachForm.RADIO,
            title="Chuyên mục CCHC",
            count=12,
        ),
        "initiative": services.add_initiative(
            w.officer, w.district, year=2024, kind=InitiativeKind.MODEL, name="Công dân không viết"
        ),
    }
    return w


def reads(w):
    pages = [
        reverse("plan-list"),
        reverse("plan-detail", args=[w.plan.pk]),
        reverse("task-detail", args=[w.task.pk]),
        reverse("task-list"),
        reverse("assigned-list"),
        reverse("task-overdue"),
        reverse("plan-summary"),
    ]
    return pages + [reverse(f"{key}-list") for key in w.records]


def object_actions(w):
    """(method, url, data) of every page and action on one of the district's records."""
    found = [
        ("get", reverse("plan-detail", args=[w.plan.pk]), None),
        ("get", reverse("plan-edit", args=[w.plan.pk]), None),
        ("post", reverse("plan-edit", args=[w.plan.pk]), {"revision": 0, "title": "x"}),
        ("get", reverse("task-create", args=[w.plan.pk]), None),
        ("post", reverse("task-create", args=[w.plan.pk]), {"title": "x", "area": "other"}),
        ("get", reverse("task-detail", args=[w.task.pk]), None),
        ("get", reverse("task-edit", args=[w.task.pk]), None),
        ("post", reverse("task-edit", args=[w.task.pk]), {"revision": 1, "title": "x"}),
        ("post", reverse("task-progress", args=[w.home_task.pk]), {"status": "in_progress"}),
    ]
    for key, record in w.records.items():
        found += [
            ("get", reverse(f"{key}-edit", args=[record.pk]), None),
            ("post", reverse(f"{key}-edit", args=[record.pk]), {"revision": 0}),
            ("get", reverse(f"{key}-delete", args=[record.pk]), None),
            ("post", reverse(f"{key}-delete", args=[record.pk]), {"revision": 0}),
        ]
    return found


def unit_actions(w):
    """Pages and actions that name the district as the unit."""
    unit = {"don_vi": w.district.pk}
    found = [
        ("get", reverse("plan-create"), unit),
        ("post", reverse("plan-create"), unit),
        ("get", reverse("assigned-create"), unit),
        ("post", reverse("assigned-create"), unit),
        ("get", reverse("plan-list"), unit),
        ("get", reverse("task-list"), unit),
        ("get", reverse("plan-summary"), unit),
    ]
    for key in w.records:
        found += [("get", reverse(f"{key}-create"), unit), ("post", reverse(f"{key}-create"), unit)]
    return found


def test_another_units_officer_gets_404_on_every_page_and_action(client, world):
    """As the reform officer of another district I cannot find Thạnh Trị's plans at all."""
    client.force_login(world.outsider)
    before = snapshot()
    for method, url, data in object_actions(world) + unit_actions(world):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
    for url in reads(world):
        html = client.get(url).content.decode()
        assert "Thạnh Trị" not in html and "Tự kiểm tra văn bản" not in html, url
    assert snapshot() == before


def test_a_colleague_without_a_reform_role_gets_403(client, world):
    """As the district's one-stop officer I have no business with reform plans (403)."""
    client.force_login(world.desk)
    before = snapshot()
    for method, url, data in object_actions(world) + unit_actions(world):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (method, url)
    for url in reads(world):
        assert client.get(url).status_code == 403, url
    assert snapshot() == before


def test_an_office_head_reads_everything_and_updates_only_the_offices_tasks(client, world):
    """As the head of the justice office I read the plan and the registers, update the
    progress of my office's task, but cannot edit anything else (403)."""
    client.force_login(world.head)
    for url in reads(world):
        assert client.get(url).status_code == 200, url
    before = snapshot()
    for method, url, data in object_actions(world) + unit_actions(world):
        if method == "get" and ("sua" not in url and "them" not in url and "xoa" not in url):
            continue  # reading pages, checked above
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (method, url)
    assert snapshot() == before
    page = client.get(reverse("task-detail", args=[world.task.pk])).content.decode()
    assert "Cập nhật tiến độ" in page and "Sửa nhiệm vụ" not in page
    response = client.post(
        reverse("task-progress", args=[world.task.pk]),
        {"revision": 0, "status": "done", "completed_on": "10/06/2024", "evidence": "BC số 5"},
    )
    assert response.status_code == 302
    task = Task.objects.get(pk=world.task.pk)
    assert (task.status, task.completed_on, task.evidence) == ("done", date(2024, 6, 10), "BC số 5")
    assert TaskEvent.objects.filter(task=task, action="progress", actor=world.head).exists()


def test_the_appraiser_of_the_province_reads_but_does_not_write(client, world):
    """As the province's appraiser I read the district's plan (the level above) but cannot
    change it."""
    client.force_login(world.appraiser)
    assert client.get(reverse("plan-detail", args=[world.plan.pk])).status_code == 200
    assert client.get(reverse("plan-edit", args=[world.plan.pk])).status_code == 403
    response = client.post(
        reverse("task-progress", args=[world.task.pk]), {"revision": 0, "status": "in_progress"}
    )
    assert response.status_code == 403


def test_the_reform_officer_sees_menu_entry_and_starting_point(client, world):
    """As the reform officer I find "Kế hoạch CCHC" in the menu and on my home page."""
    client.force_login(world.officer)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("plan-list")}"' in html
    assert "Kế hoạch CCHC và nhiệm vụ quá hạn" in html
    client.force_login(world.desk)
    assert "Kế hoạch CCHC" not in client.get(reverse("home")).content.decode()


def test_directives_list_is_scoped_to_the_units_the_user_reads(client, world):
    """As the other district's reform officer my directive list holds only our documents."""
    services.add_directive(
        world.outsider,
        world.other,
        kind=DirectiveKind.PLAN,
        number="07/KH-UBND",
        issued_on=date(2024, 1, 20),
        summary="Kế hoạch CCHC của Châu Thành",
    )
    client.force_login(world.outsider)
    html = client.get(reverse("directive-list")).content.decode()
    assert "07/KH-UBND" in html and "312/UBND-NV" not in html
    assert Directive.objects.count() == 2
