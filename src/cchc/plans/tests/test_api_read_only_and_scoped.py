"""The plans API gives integrators the same plans, tasks and outcomes as the pages — only
those of the units the caller may read, and nothing to write."""

from datetime import date

import pytest
from django.urls import reverse

from .factories import TaskFactory, plan_world, seed_003_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = plan_world()
    w.plan = seed_003_plan(w.district)
    w.other_plan = seed_003_plan(w.other)
    return w


def test_plans_come_with_their_progress(client, world):
    """As an integrator of the district I read our 2021 plan: 23 tasks, 21 done, 91,3."""
    client.force_login(world.officer)
    response = client.get(reverse("api-plan-list"), {"year": 2021, "as_of": "2021-12-31"})
    assert response.status_code == 200
    [plan] = response.json()["results"]
    assert (plan["unit"], plan["number"], plan["kind"]) == ("TT", "05/KH-UBND", "reform")
    assert plan["progress"] | {"rate": float(plan["progress"]["rate"])} == {
        "total": 23,
        "done": 21,
        "done_on_time": 20,
        "done_late": 1,
        "not_done": 2,
        "overdue": 2,
        "pending": 0,
        "rate": 91.3,
    }
    detail = client.get(reverse("api-plan-detail", args=[world.plan.pk]), {"as_of": "2021-12-31"})
    outcomes = [task["outcome"] for task in detail.json()["tasks"]]
    assert len(outcomes) == 23 and outcomes.count("done_late") == 1


def test_tasks_filter_by_outcome(client, world):
    """As an integrator I list the tasks still overdue at the end of 2021."""
    client.force_login(world.officer)
    response = client.get(
        reverse("api-task-list"), {"unit": "TT", "outcome": "overdue", "as_of": "2021-12-31"}
    )
    assert response.json()["count"] == 2
    assert {t["outcome"] for t in response.json()["results"]} == {"overdue"}


def test_another_units_plans_are_invisible(client, world):
    """As the other district's integrator I see only our plan; Thạnh Trị's is 404."""
    client.force_login(world.outsider)
    listed = client.get(reverse("api-plan-list")).json()["results"]
    assert [p["unit"] for p in listed] == ["CT-HUYEN"]
    assert client.get(reverse("api-plan-detail", args=[world.plan.pk])).status_code == 404
    task = TaskFactory(plan=world.plan, due_on=date(2021, 5, 1))
    assert client.get(reverse("api-task-detail", args=[task.pk])).status_code == 404
    assert client.get(reverse("api-task-list"), {"unit": "TT"}).status_code == 404


def test_a_user_without_a_reading_role_gets_nothing_and_nobody_writes(client, world):
    """As the one-stop officer I get an empty list; as anyone I cannot write through the API;
    anonymously I get nothing."""
    client.force_login(world.desk)
    assert client.get(reverse("api-task-list")).json()["results"] == []
    assert client.get(reverse("api-plan-detail", args=[world.plan.pk])).status_code == 404
    client.force_login(world.officer)
    assert client.post(reverse("api-plan-list"), {}).status_code == 405
    client.logout()
    assert client.get(reverse("api-plan-list")).status_code == 403


def test_bad_parameters_are_refused(client, world):
    """As an integrator I am told which parameter is wrong."""
    client.force_login(world.officer)
    response = client.get(reverse("api-task-list"), {"as_of": "31/12/2021"})
    assert response.status_code == 400 and "as_of" in response.json()
    assert client.get(reverse("api-task-list"), {"outcome": "lost"}).status_code == 400
