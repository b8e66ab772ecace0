"""As the commune's reform officer, once my result is final I analyse the leaves that lost
points and, in one click, turn them into remediation tasks of my plan, each owned by the
office answerable for the leaf; clicking again creates nothing twice."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cchc.plans.models import PlanKind, Task, TaskOrigin

from .. import services
from ..models import AppraisalDecision, Remediation, Score
from ..services import AppraisalEntry, ScoringRefused, SelfEntry
from .factories import SMALL_SET, criteria_set, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def final(request):
    """Đắk Tô Re's 2021 result, final: 1.1.1 report late (0 of 0,5), 1.2 outreach 2 of 3
    after the council's change, the rest full."""
    w = world()
    w.set = criteria_set("KR-XA-TEST", SMALL_SET)
    round_ = services.open_round(
        w.district_officer,
        code="KR-2021",
        name="Chỉ số CCHC năm 2021",
        criteria_set=w.set,
        organiser=w.district,
        units=[w.a],
        year=2021,
        opens_on=date(2022, 1, 10),
        self_due_on=date(2022, 1, 31),
    )
    p = round_.participations.get()
    p = services.save_self_assessment(
        w.officer_a,
        p,
        {
            "1.1.1": SelfEntry("0", note="Báo cáo năm trễ hạn"),
            "1.1.2": SelfEntry("1.5"),
            "1.2": SelfEntry("3"),
            "2.1": SelfEntry("4"),
        },
    )
    p = services.submit_self_assessment(w.officer_a, p)
    entries = {c: AppraisalEntry(AppraisalDecision.ACCEPT) for c in ("1.1.1", "1.1.2", "2.1")}
    entries["1.2"] = AppraisalEntry(
        AppraisalDecision.CHANGE, "2", "Chưa tuyên truyền bằng hình thức hội thi"
    )
    p = services.appraise(w.appraiser, p, entries)
    p = services.send_appraisal(w.appraiser, p)
    w.p = services.finalise(w.appraiser, p)
    return w


def test_one_click_creates_one_task_per_lost_leaf_with_its_office(final):
    """As the commune I get two tasks (1.1.1 and 1.2), owned by Văn phòng – Thống kê and
    Văn hóa – Xã hội, in this year's remediation plan; clicking again adds nothing."""
    due = timezone.localdate() + timedelta(days=30)
    tasks = services.create_remediation_tasks(final.officer_a, final.p, due)
    assert [(t.title, t.owner_office.code, t.due_on) for t in tasks] == [
        ("Khắc phục tiêu chí 1.1.1: Báo cáo CCHC quý, 6 tháng, năm", "VPTK", due),
        ("Khắc phục tiêu chí 1.2: Tuyên truyền CCHC", "VHXH", due),
    ]
    plan = tasks[0].plan
    today = timezone.localdate()
    assert (plan.unit, plan.kind, plan.year) == (final.a, PlanKind.REMEDIATION, today.year)
    assert plan.title.endswith("Chỉ số cải cách hành chính năm 2021")
    assert all(t.origin == TaskOrigin.REMEDIATION for t in tasks)
    assert tasks[1].source_ref == "Chỉ số CCHC năm 2021, tiêu chí 1.2: đạt 2/3 điểm"
    assert services.create_remediation_tasks(final.officer_a, final.p, due) == []
    assert Task.objects.count() == Remediation.objects.count() == 2


def test_remediation_waits_for_the_final_result_and_the_units_own_staff(final):
    """As another commune's officer I cannot create tasks for Đắk Tô Re; nobody can before
    the result is final or with a due date in the past."""
    with pytest.raises(PermissionDenied):
        services.create_remediation_tasks(final.officer_b, final.p)
    with pytest.raises(ScoringRefused, match="từ hôm nay trở đi"):
        services.create_remediation_tasks(final.officer_a, final.p, date(2020, 1, 1))
    assert not Task.objects.exists()


def test_the_analysis_keeps_reasons_and_responsibility_per_leaf(final):
    """As the commune I write why 1.2 lost a point and who answers for it."""
    report = services.save_analysis(
        final.officer_a,
        final.p,
        leaves={"1.2": ("Chưa tổ chức hội thi", "Công chức Văn hóa – Xã hội")},
        solutions={"1": {"tasks": "Tổ chức hội thi CCHC", "hosts": "Văn hóa – Xã hội"}},
        fields={"number": "12/BC-UBND", "remediation_due_on": date(2022, 8, 12)},
    )
    score = Score.objects.get(participation=final.p, criterion__code="1.2")
    assert (score.loss_reason, score.responsible) == (
        "Chưa tổ chức hội thi",
        "Công chức Văn hóa – Xã hội",
    )
    assert report.number == "12/BC-UBND" and report.solutions["1"]["hosts"] == "Văn hóa – Xã hội"
    assert report.revision == 1
    with pytest.raises(services.ScoringConflict):
        services.save_analysis(
            final.officer_a, final.p, fields={"number": "x"}, expected_revision=0
        )
    assert score.points == D("2")
