"""`cchc demo` gives Thạnh Trị its 2024 plan (seed 000's 25 tasks in seven areas) and Phú Lộc
a living plan for the current year, with tasks done, overdue and still ahead."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from cchc.reporting import periods, sources
from cchc.units.demo import load_demo_units
from cchc.units.models import User

from .. import progress, queries
from ..demo import load_demo_plans
from ..models import Directive, Inspection, Plan, PlanKind, Task, TaskOrigin

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 15)


@pytest.fixture
def demo():
    load_demo_units()
    load_demo_plans(today=TODAY)


def test_thanh_tri_2024_plan_like_seed_000(demo):
    """As the district's reform officer I find Kế hoạch số 02/KH-UBND ngày 12/01/2024 with
    25 tasks in seven areas (4 + 4 + 3 + 2 + 2 + 4 + 6), 23 completed, 4 of them late."""
    plan = Plan.objects.get(unit__code="TT", year=2024, kind=PlanKind.REFORM)
    assert (plan.number, plan.issued_on) == ("02/KH-UBND", date(2024, 1, 12))
    view = queries.plan_view(plan, TODAY)
    assert {g.key: g.progress.total for g in view.areas} == {
        "institutions": 4,
        "procedures": 4,
        "organisation": 3,
        "civil_service": 2,
        "public_finance": 2,
        "modernisation": 4,
        "direction": 6,
    }
    assert (view.total.done, view.total.done_late, view.total.not_done) == (23, 4, 2)
    assigned = progress.count(
        Task.objects.filter(unit__code="TT", origin=TaskOrigin.ASSIGNED), TODAY
    )
    assert (assigned.total, assigned.done_late, assigned.not_done) == (6, 2, 1)
    assert Directive.objects.filter(unit__code="TT").count() == 6
    annual = sources.SourceContext(plan.unit, periods.window("2024", "cutoff"))  # to 14/12
    assert sources.compute("plans.task_completion", annual).value == Decimal("92.0")
    assert Inspection.objects.filter(unit__code="TT", done_on__isnull=True).count() == 1


def test_phu_loc_has_a_living_plan_for_this_year(client, demo):
    """As cchc.phuloc I see this year's plan with tasks done, overdue and ahead, and the
    overdue ones on my overdue page."""
    plan = Plan.objects.get(unit__code="CT-PHULOC", year=TODAY.year)
    counted = progress.count(plan.tasks.all(), TODAY)
    assert counted.done >= 3 and counted.overdue >= 2 and counted.pending >= 5
    client.force_login(User.objects.get(username="cchc.phuloc"))
    with time_machine.travel(f"{TODAY} 08:00 +0700"):
        html = client.get(reverse("task-overdue")).content.decode()
    assert html.count("data-task=") == counted.overdue + 1  # + the task of the city
    assert "Báo cáo kết quả vận hành chính quyền địa phương hai cấp" in html


def test_loading_twice_changes_nothing(demo):
    """As an evaluator running the loader again I get no duplicates."""
    before = Task.objects.count()
    load_demo_plans(today=TODAY)
    assert Task.objects.count() == before
