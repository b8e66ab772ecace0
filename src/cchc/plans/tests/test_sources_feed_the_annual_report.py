"""The annual CCHC report and the reform index read plans and registers through named
sources: tasks planned and done (I.1.1–I.1.3), directive documents (I.1.4), inspections
(I.2.1–I.2.5) and tasks assigned by the province (I.4.1–I.4.3; 1.6.1 of the index deducts per
late and per undone task) — each with what was counted and a link to the records."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from cchc.reporting import periods, sources
from cchc.reporting import services as reporting
from cchc.reporting.models import ReportType

from .. import services
from ..models import DirectiveKind, OutreachForm, TaskOrigin, TaskStatus
from .factories import PlanFactory, TaskFactory, done, plan_world, seed_003_plan

pytestmark = pytest.mark.django_db

WINDOW = periods.window("2024", "cutoff")  # 15/12/2023 → 14/12/2024
TODAY = date(2025, 1, 10)


@pytest.fixture
def world():
    if not ReportType.objects.filter(code="reform-annual").exists():
        from cchc.reporting.report_types import load_report_types

        load_report_types()
    w = plan_world()
    seed_003_plan(w.district, 2024)
    PlanFactory(unit=w.district, year=2024, kind="outreach", number="15/KH-UBND")  # not reform
    for number, issued in (
        ("1/UBND", (2023, 12, 20)),
        ("2/UBND", (2024, 4, 1)),
        ("3/QĐ", (2024, 12, 14)),
    ):
        services.add_directive(
            w.officer,
            w.district,
            kind=DirectiveKind.LETTER if "UBND" in number else DirectiveKind.DECISION,
            number=number,
            issued_on=date(*issued),
            summary="Văn bản chỉ đạo CCHC",
            today=TODAY,
        )
    services.add_directive(  # after the cut-off: next year's report
        w.officer,
        w.district,
        kind=DirectiveKind.LETTER,
        number="9/UBND",
        issued_on=date(2024, 12, 20),
        summary="Văn bản sau kỳ",
        today=TODAY,
    )
    inspections = [
        dict(inspected_office=w.justice, done_on=date(2024, 5, 20), issues_found=2, issues_fixed=2),
        dict(inspected_office=w.justice, done_on=date(2024, 9, 20), issues_found=1, issues_fixed=0),
        dict(inspected_office=w.home_office, done_on=date(2024, 6, 3)),
        dict(inspected_unit=w.commune, done_on=date(2024, 8, 8), issues_found=2, issues_fixed=2),
        dict(inspected_unit=w.department, done_on=date(2024, 8, 9)),
        dict(inspected_unit=w.commune, planned_on=date(2024, 12, 20)),  # planned, not done
    ]
    for values in inspections:
        services.add_inspection(w.officer, w.district, year=2024, today=TODAY, **values)
    services.add_outreach(
        w.officer,
        w.district,
        held_on=date(2024, 3, 15),
        form=OutreachForm.RADIO,
        title="Chuyên mục CCHC",
        count=12,
        today=TODAY,
    )
    # Seed 002's criterion 1.6.1: 40 tasks of the province, 11 completed late, 5 not done.
    for n in range(40):
        fields = dict(
            plan=None,
            unit=w.district,
            origin=TaskOrigin.ASSIGNED,
            assigned_by=w.province,
            assigning_document=f"Công văn số {n}/UBND-NC",
            due_on=date(2024, 6, 28),
        )
        if n < 24:
            done(date(2024, 6, 20), **fields)
        elif n < 35:
            done(date(2024, 7, 20), **fields)
        else:
            TaskFactory(status=TaskStatus.IN_PROGRESS, **fields)
    return w


def compute(w, source):
    return sources.compute(source, sources.SourceContext(w.district, WINDOW))


def test_every_plans_source_is_registered():
    """As the reporting module I find every figure plans provides."""
    for name in (
        "plans.tasks_planned",
        "plans.tasks_done",
        "plans.task_completion",
        "plans.directives",
        "plans.assigned",
        "plans.assigned_count",
        "plans.inspected",
        "plans.inspection_issues",
        "plans.outreach",
        "plans.initiatives",
    ):
        assert sources.is_registered(name), name


def test_tasks_of_the_reform_plan_and_the_completion_rate(world):
    """As the reform officer I read 23 tasks, 21 done, 91,3% — with the plan named and a
    link to the tasks behind the figure."""
    planned = compute(world, "plans.tasks_planned")
    assert planned.value == 23
    assert "Kế hoạch số 05/KH-UBND ngày 19/01/2024" in planned.provenance
    assert planned.link.startswith(reverse("task-list"))
    assert f"don_vi={world.district.pk}" in planned.link and "loai=reform" in planned.link
    finished = compute(world, "plans.tasks_done")
    assert finished.value == 21 and "ket_qua=done" in finished.link
    rate = compute(world, "plans.task_completion")
    assert (rate.value, rate.percent) == (Decimal("91.3"), True)
    assert rate.parts == {
        "planned": 23,
        "done": 21,
        "done_on_time": 20,
        "done_late": 1,
        "not_done": 2,
    }


def test_the_link_lists_exactly_the_tasks_counted(client, world):
    """As the reform officer following "Xem dữ liệu" I see the 21 tasks counted as done."""
    client.force_login(world.officer)
    html = client.get(compute(world, "plans.tasks_done").link).content.decode()
    assert html.count('data-outcome="done_on_time"') == 20
    assert html.count('data-outcome="done_late"') == 1
    assert 'data-outcome="overdue"' not in html


def test_without_a_reform_plan_the_figures_are_unknown_not_zero(world):
    """As the reform officer of a unit with no plan in the system I see "no plan", not 0."""
    context = sources.SourceContext(world.other, WINDOW)
    planned = sources.compute("plans.tasks_planned", context)
    assert planned.value is None and "chưa có kế hoạch CCHC năm 2024" in planned.provenance


def test_assigned_tasks_give_the_index_its_late_and_undone_counts(world):
    """As the appraisal council I read 40 tasks assigned by the province: 24 on time, 11
    late, 5 undone — 60% on time."""
    assigned = compute(world, "plans.assigned")
    assert assigned.percent and assigned.value == Decimal("60.0")
    assert assigned.parts == {"total": 40, "on_time": 24, "late": 11, "undone": 5}
    assert "hoàn thành quá hạn 11, chưa hoàn thành 5" in assigned.provenance
    assert assigned.link.startswith(reverse("assigned-list"))
    assert [compute(world, f"plans.assigned_count?state={s}").value for s in
            ("total", "on_time", "late", "undone")] == [40, 24, 11, 5]  # fmt: skip


def test_registers_are_counted_in_the_window(world):
    """As the reform officer I read the directive documents of the report's window and the
    offices, units and communes inspected (each counted once), with the issues."""
    directives = compute(world, "plans.directives")
    assert directives.value == 3  # 20/12/2023, 01/04/2024, 14/12/2024; not 20/12/2024
    assert "(quyết định 1, công văn 2)" in directives.provenance
    assert [compute(world, f"plans.inspected?target={t}").value for t in
            ("office", "unit", "commune")] == [2, 1, 1]  # fmt: skip
    assert compute(world, "plans.inspection_issues?state=found").value == 5
    assert compute(world, "plans.inspection_issues?state=fixed").value == 4
    assert "đã kiểm tra 5/6 cuộc" in compute(world, "plans.inspected?target=office").provenance
    assert compute(world, "plans.outreach").value == 12
    assert compute(world, "plans.outreach?form=news").value == 0
    assert compute(world, "plans.inspected?target=moon").value is None


def test_the_annual_report_appendix_reads_plans(world):
    """As the reform officer I open the 2024 annual report: I.1, I.2 and I.4 are computed
    from our plan and registers and cannot be typed over."""
    report = reporting.open_report(world.officer, "reform-annual", world.district, "2024")
    rows = {row.indicator.code: row for row in reporting.indicator_rows(report)}
    expected = {
        "I.1.1": "23",
        "I.1.2": "21",
        "I.1.3": "91,3",
        "I.1.4": "3",
        "I.2.1": "2",
        "I.2.2": "1",
        "I.2.3": "1",
        "I.2.4": "5",
        "I.2.5": "4",
        "I.4.1": "40",
        "I.4.2": "24",
        "I.4.3": "11",
    }
    for code, shown in expected.items():
        assert rows[code].computed and rows[code].display == shown, code
    assert rows["I.2.1"].link.startswith(reverse("inspection-list"))
    with pytest.raises(reporting.ReportRefused, match="I.2.4"):
        reporting.save_report(world.officer, report, values={"I.2.4": ("9", "")})


def test_the_year_summary_page_shows_what_the_report_reads(client, world):
    """As the unit leader I open the year summary and read the same figures with their
    source and the indicator each feeds."""
    client.force_login(world.leader)
    html = client.get(
        reverse("plan-summary"), {"don_vi": world.district.pk, "nam": 2024, "ky": "cutoff"}
    ).content.decode()
    row = html.split('data-source="I.1.3"')[1].split("</tr>")[0]
    assert "91,3%" in row
    row = html.split('data-source="I.4.3"')[1].split("</tr>")[0]
    assert '<td class="num">11</td>' in row
    assert "từ ngày 15/12/2023 đến ngày 14/12/2024" in html


def test_the_summary_compares_the_units_plans(client, world):
    """As the district's leader I see our plan's progress next to our commune's."""
    seed_003_plan(world.commune, 2024)
    client.force_login(world.leader)
    html = client.get(
        reverse("plan-summary"), {"don_vi": world.district.pk, "nam": 2024}
    ).content.decode()
    for code in ("TT", "TT-PHULOC"):
        row = html.split(f'data-unit="{code}"')[1].split("</tr>")[0]
        assert 'data-figure="total">23</td>' in row and 'data-figure="rate">91,3%</td>' in row
