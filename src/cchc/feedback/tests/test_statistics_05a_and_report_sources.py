"""The figures of appendix 05a (received, handled on time and late, in progress, by channel
and content) and the named sources the reports, the portal statistics and the 766 index read:
feedback.received / handled / in_progress / surveys / satisfaction_rate — with which the
annual and quarterly report indicators that name them become computed."""

from datetime import date
from decimal import Decimal

import pytest

from cchc.dossiers.models import Status
from cchc.reporting import periods, sources
from cchc.reporting import services as reporting
from cchc.reporting.models import ReportType

from .. import queries, services
from .factories import dossier_in, item, local, rating

pytestmark = pytest.mark.django_db

Q1 = periods.window("2026-Q1", "cutoff")  # 15/12/2025 → 14/03/2026


@pytest.fixture
def figures(world):
    """Feedback of the commune around Q1/2026 (cut-off) and one of its sibling."""
    carried = item(world, at=local("2025-12-10 09:00"), subject="Kỳ trước")  # due 24/12/2025
    services.answer(world.reform, carried, text="Đã trả lời.", at=local("2025-12-26 09:00"))
    old = item(world, at=local("2025-11-03 09:00"), subject="Xong trước kỳ")
    services.answer(world.reform, old, text="Đã trả lời.", at=local("2025-11-10 09:00"))
    on_time = item(world, at=local("2026-01-05 09:00"), channel="phone")
    services.answer(world.reform, on_time, text="Đã trả lời.", at=local("2026-01-16 09:00"))
    item(world, at=local("2026-02-02 09:00"), content="regulation", channel="hotline")  # overdue
    item(world, at=local("2026-03-09 09:00"), content="regulation")  # due 23/03: in time
    after = item(world, at=local("2026-03-10 09:00"), content="other")
    services.answer(world.reform, after, text="Đã trả lời.", at=local("2026-03-16 09:00"))
    item(world, unit=world.sibling, at=local("2026-01-05 09:00"))
    return world


def test_appendix_05a_counts_and_their_identity(figures):
    """As the commune's reform officer I read Q1: 4 received + 1 carried over = 2 handled
    (1 on time, 1 late) + 3 in progress (2 in time, 1 overdue)."""
    stats = queries.feedback_stats([figures.commune.pk], Q1)
    t = stats.total
    assert (t.received, t.carried_over) == (4, 1)
    assert (t.handled_on_time, t.handled_late) == (1, 1)
    assert (t.in_progress_in_time, t.in_progress_overdue) == (2, 1)
    assert t.received + t.carried_over == t.handled + t.in_progress
    channels = {key: c for key, _, c in stats.by_channel}
    assert (channels["hotline"].received, channels["hotline"].in_progress_overdue) == (1, 1)
    assert channels["phone"].handled_on_time == 1 and channels["online"].total == 0
    contents = {key: c for key, _, c in stats.by_content}
    assert contents["regulation"].received == 2 and contents["other"].in_progress_in_time == 1
    assert sum((c for _, _, c in stats.by_channel), queries.FeedbackCounts()) == t


def compute(w, source, unit=None, window=Q1):
    return sources.compute(source, sources.SourceContext(unit or w.commune, window))


def test_feedback_sources_for_the_unit_or_its_subtree(figures):
    """As the quarterly report I read 4 received, 2 handled (1 late), 3 in progress for the
    commune; the district with scope=all adds its commune's and the sibling's items."""
    assert compute(figures, "feedback.received").value == 4
    handled = compute(figures, "feedback.handled")
    assert handled.value == 2 and "đúng hạn 1, quá hạn 1" in handled.provenance
    assert handled.link.startswith("/y-kien/thong-ke/?")
    assert compute(figures, "feedback.handled?timing=late").value == 1
    assert compute(figures, "feedback.in_progress").value == 3
    assert compute(figures, "feedback.received?content=regulation").value == 2
    assert compute(figures, "feedback.received?channel=phone").value == 1
    assert compute(figures, "feedback.received", figures.district).value == 0
    assert compute(figures, "feedback.received?scope=all", figures.district).value == 5
    assert compute(figures, "feedback.received?scope=moon").value is None


def test_every_feedback_source_is_registered():
    """As the reporting module I find every figure the templates name."""
    for name in (
        "feedback.received",
        "feedback.handled",
        "feedback.in_progress",
        "feedback.surveys",
        "feedback.satisfaction_rate",
    ):
        assert sources.is_registered(name), name


@pytest.fixture
def rated(world):
    dossiers = [dossier_in(world, Status.RETURNED) for _ in range(4)]
    rating(dossiers[0], at=local("2026-03-10 09:00"), satisfaction=(2, 2))
    rating(dossiers[1], at=local("2026-03-11 09:00"), satisfaction=(1, 1))
    rating(dossiers[2], at=local("2026-03-12 09:00"), satisfaction=(2, 0))  # not satisfied
    rating(dossiers[3], at=local("2026-03-16 09:00"), satisfaction=(2, 2))  # Q2
    survey = services.create_survey(
        world.reform,
        world.commune,
        title="Khảo sát",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31),
        template="informal_costs",
    )
    first, _, last = survey.questions.all()
    for n, happy in enumerate((2, 2, 0)):
        services.answer_survey(
            survey.token, {first.pk: 0, last.pk: happy}, today=date(2026, 3, 2 + n)
        )
    return world


def test_satisfaction_rate_is_exact(rated):
    """As the 766 index and the portal I read the commune's Q1 satisfaction: 2 of 3 rated
    dossiers satisfied — 66,67%, parts rated 3 / satisfied 2; with the surveys 4 of 6."""
    rate = compute(rated, "feedback.satisfaction_rate")
    assert (rate.value, rate.percent) == (Decimal("66.67"), True)
    assert rate.parts == {"rated": 3, "satisfied": 2}
    assert "2/3 = 66,67%" in rate.provenance
    assert rate.link.startswith("/y-kien/danh-gia/?")
    both = compute(rated, "feedback.satisfaction_rate?forms=all")
    assert (both.value, both.parts) == (Decimal("66.67"), {"rated": 6, "satisfied": 4})
    assert compute(rated, "feedback.surveys").value == 6  # 3 ratings + 3 survey forms
    nothing = compute(rated, "feedback.satisfaction_rate", rated.sibling)
    assert nothing.value is None and nothing.parts == {"rated": 0, "satisfied": 0}
    district = compute(rated, "feedback.satisfaction_rate?scope=all", rated.district)
    assert district.parts == {"rated": 3, "satisfied": 2}


@pytest.fixture
def report_types(db):
    if not ReportType.objects.filter(code="reform-annual").exists():
        from cchc.reporting.report_types import load_report_types

        load_report_types()


def rows_of(instance):
    return {row.indicator.code: row for row in reporting.indicator_rows(instance)}


def test_the_annual_and_quarterly_reports_read_these_sources(rated, figures, report_types):
    """As the reform officer I open the commune's 2026 annual report and its Q1 TTHC-control
    report: the survey count, the satisfaction rate and the feedback figures are computed
    and cannot be typed over."""
    annual = reporting.open_report(rated.reform, "reform-annual", rated.commune, "2026")
    rows = rows_of(annual)
    assert rows["I.5.1"].computed and rows["I.5.1"].display == "7"  # 4 ratings + 3 forms
    assert rows["I.5.3"].computed and rows["I.5.3"].display == "75"  # 3 of 4
    # 15/12/2025 → 14/12/2026: four received; three answered in it (one received before).
    assert rows["III.4.1"].computed and rows["III.4.1"].display == "4"
    assert rows["III.4.2"].computed and rows["III.4.2"].display == "3"
    with pytest.raises(reporting.ReportRefused, match="I.5.3"):
        reporting.save_report(rated.reform, annual, values={"I.5.3": ("100", "")})
    quarterly = reporting.open_report(rated.reform, "tthc-control", rated.commune, "2026-Q1")
    rows = rows_of(quarterly)
    assert [rows[c].display for c in ("I.5.1", "I.5.2", "I.5.3")] == ["4", "2", "3"]
    assert all(rows[c].computed for c in ("I.5.1", "I.5.2", "I.5.3"))
