"""A version's internal workflow must spend exactly its processing time."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ..budgets import suggest_workflow, workflow_problem
from ..models import WorkflowStep
from ..services import StepInput, set_workflow
from .factories import ProcedureFactory


def steps(*budgets):
    return [StepInput(f"Bước {i}", b, "specialist") for i, b in enumerate(budgets, start=1)]


@pytest.mark.django_db
def test_workflow_that_does_not_add_up_is_refused_and_nothing_saved(reform_officer):
    """As a reform officer, I cannot save a workflow whose step budgets miss the legal time."""
    version = ProcedureFactory(processing_time="7d").versions.get()
    set_workflow(reform_officer, version, steps("1d", "5d", "0.5d", "0.5d"))
    with pytest.raises(ValidationError) as refused:
        set_workflow(reform_officer, version, steps("1d", "5d", "0.5d"))
    assert (
        "Tổng thời gian các bước (6,5 ngày làm việc) không bằng thời hạn giải quyết (7 ngày làm việc)"
        in refused.value.messages[0]
    )
    assert list(version.steps.values_list("budget", flat=True)) == ["1d", "5d", "0.5d", "0.5d"]


@pytest.mark.parametrize(
    "total, budgets, fits",
    [
        ("7d", ["1d", "5d", "0.5d", "0.5d"], True),
        ("3d", ["4h", "2d", "4h"], True),  # hours and days mix, compared in working minutes
        ("3d", ["4h", "2d", "3h"], False),
        ("4h", ["1h", "2.5h", "0.5h"], True),
        ("0d@15:00", ["1h", "5h", "1h", "1h"], True),  # same day: one working day
        ("0d@15:00", ["1h", "5h", "1h"], False),
        ("15cd", ["1cd", "12cd", "1cd", "1cd"], True),
        ("15cd", ["1cd", "12d", "1cd", "1cd"], False),  # calendar time needs calendar-day steps
        ("15d", ["1cd", "14d"], False),  # working time refuses calendar-day steps
        ("3d", ["1d", "0d@15:00", "1d"], False),
        ("3d", [], True),  # no workflow declared
    ],
)
def test_budget_rules(total, budgets, fits):
    """As a reform officer, budgets are compared in working minutes, calendar days with
    calendar days, and a same-day procedure with one working day."""
    assert (workflow_problem(total, budgets) is None) is fits


@pytest.mark.parametrize(
    "total",
    ["0d@15:00", "0.5d", "1d", "2d", "2.5d", "3d", "5d", "7d", "20d", "4h", "15cd", "3cd", "90cd"],
)
def test_suggested_workflow_always_fits(total):
    """As a reform officer opening an empty workflow, the suggested steps already add up."""
    suggestion = suggest_workflow(total)
    assert workflow_problem(total, [b for _, b, _ in suggestion]) is None


@pytest.mark.django_db
def test_workflow_page_shows_the_refusal_and_keeps_typed_steps(client, reform_officer):
    """As a reform officer on the workflow page, a sum that misses is explained in Vietnamese
    and my typed rows stay on the form."""
    version = ProcedureFactory(processing_time="3d").versions.get()
    client.force_login(reform_officer)
    url = reverse("workflow-edit", args=[version.pk])
    assert "Tiếp nhận, kiểm tra và chuyển hồ sơ" in client.get(url).content.decode()
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-name": "Tiếp nhận",
        "form-0-budget": "0.5d",
        "form-0-office_kind": "one_stop",
        "form-1-name": "Thẩm định",
        "form-1-budget": "2d",
        "form-1-office_kind": "specialist",
        "form-2-name": "",
        "form-2-budget": "",
        "form-2-office_kind": "leadership",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Tổng thời gian các bước (2,5 ngày làm việc) không bằng thời hạn giải quyết (3 ngày làm việc)"
        in page
    )
    assert 'value="Thẩm định"' in page
    assert not WorkflowStep.objects.exists()

    data["form-2-name"], data["form-2-budget"] = "Ký duyệt", "4h"
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(version.steps.values_list("name", "budget")) == [
        ("Tiếp nhận", "0.5d"),
        ("Thẩm định", "2d"),
        ("Ký duyệt", "4h"),
    ]
