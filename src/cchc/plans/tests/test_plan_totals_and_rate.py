"""A plan's totals are derived from its tasks, per reform area and overall: completed on
time, completed late, not completed and the completion rate (seed 003: 21/23 = 91,3%; seed
000: 25 tasks in 7 areas, 25/25 = 100%)."""

from datetime import date

import pytest
from django.urls import reverse

from .. import progress, queries
from ..models import TaskStatus
from .factories import SEED_000_AREAS, PlanFactory, TaskFactory, done, plan_world, seed_003_plan

pytestmark = pytest.mark.django_db

YEAR_END = date(2021, 12, 31)


@pytest.fixture
def world():
    return plan_world()


def test_seed_003_plan_is_91_3_percent_complete(client, world):
    """As the reform officer I open our 2021 plan and read 23 tasks, 21 completed (1 late),
    2 not completed: 91,3%."""
    plan = seed_003_plan(world.district)
    view = queries.plan_view(plan, YEAR_END)
    total = view.total
    assert (total.total, total.done, total.done_on_time, total.done_late, total.not_done) == (
        23,
        21,
        20,
        1,
        2,
    )
    assert str(total.rate) == "91.3"
    assert sum(len(g.tasks) for g in view.areas) == 23

    client.force_login(world.officer)
    html = client.get(reverse("plan-detail", args=[plan.pk]), {"den_ngay": "2021-12-31"}).content
    html = html.decode()
    assert 'data-area="total"' in html
    total_row = html.split('data-area="total"')[1].split("</tr>")[0]
    for figure, value in (
        ("total", "23"),
        ("done_on_time", "20"),
        ("done_late", "1"),
        ("not_done", "2"),
        ("rate", "91,3%"),
    ):
        assert f'data-figure="{figure}">{value}</td>' in total_row
    assert html.count('data-outcome="done_late"') == 1
    assert html.count('data-outcome="overdue"') == 2


def test_seed_000_plan_25_tasks_in_7_areas_all_done(client, world):
    """As the reform officer I see the 25 tasks of our plan grouped by the seven reform areas
    (4 + 4 + 3 + 2 + 2 + 4 + 6), each area with its totals, and 25/25 = 100%."""
    plan = PlanFactory(unit=world.district, number="02/KH-UBND", issued_on=date(2021, 1, 12))
    for area, count in SEED_000_AREAS:
        for _ in range(count):
            done(date(2021, 11, 30), plan=plan, area=area, due_on=date(2021, 12, 15))
    view = queries.plan_view(plan, YEAR_END)
    assert {g.key: g.progress.total for g in view.areas} == dict(SEED_000_AREAS)
    assert [g.key for g in view.areas] == [area for area, _ in SEED_000_AREAS]  # plan's order
    assert view.total.total == 25 and view.total.done == 25
    assert str(view.total.rate) == "100.0"

    client.force_login(world.officer)
    html = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    total_row = html.split('data-area="total"')[1].split("</tr>")[0]
    assert 'data-figure="rate">100%</td>' in total_row
    assert 'data-figure="total">25</td>' in total_row
    procedures = html.split('data-area="procedures"')[1].split("</tr>")[0]
    assert 'data-figure="total">4</td>' in procedures
    assert "Tổng số 6; hoàn thành đúng hạn 6; hoàn thành quá hạn 0" in html  # direction


def test_a_task_completed_after_the_day_counted_is_not_completed_that_day(world):
    """As the reform officer counting my plan as of 14/12/2021 (the report's cut-off), a task
    completed on 20/12 counts as not completed — and as overdue if its due date had passed."""
    plan = PlanFactory(unit=world.district)
    done(date(2021, 12, 20), plan=plan, due_on=date(2021, 12, 1))
    done(date(2021, 12, 10), plan=plan, due_on=date(2021, 12, 31))
    TaskFactory(plan=plan, due_on=date(2021, 12, 31), status=TaskStatus.IN_PROGRESS)
    counted = progress.count(plan.tasks.all(), date(2021, 12, 14))
    assert counted == progress.Progress(done_on_time=1, done_late=0, overdue=1, pending=1)
    # Due on the day counted: not overdue yet.
    assert progress.count(plan.tasks.all(), YEAR_END) == progress.Progress(1, 1, 0, 1)


def test_the_plan_list_shows_each_plans_totals(client, world):
    """As the unit leader I see every plan of my unit with its counts and rate."""
    seed_003_plan(world.district)
    client.force_login(world.leader)
    html = client.get(reverse("plan-list"), {"nam": 2021}).content.decode()
    assert "Kế hoạch số 05/KH-UBND" in html
    assert 'data-figure="total">23</td>' in html
    assert 'data-figure="done_late">1</td>' in html
