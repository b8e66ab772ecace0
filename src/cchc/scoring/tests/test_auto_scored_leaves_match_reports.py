"""As a commune's reform officer I find the auto-scored leaves pre-filled with exactly the
ratios the statistics reports show for the same year — dossiers on time, online share,
reports filed on time — and their provenance."""

import json
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from cchc.catalog.models import Level
from cchc.dossiers.models import Channel
from cchc.reporting import periods
from cchc.reporting import services as reporting
from cchc.reporting.models import ReportStatus, ReportType
from cchc.reporting.queries import on_time_stats
from cchc.reporting.statistics import dossier_results
from cchc.reporting.tests.factories import insert, procedure_in, spread
from cchc.workcal.services import LOCAL_TZ

from .. import services
from ..models import Score
from .factories import criteria_set, world

pytestmark = pytest.mark.django_db

AUTO_SET = [
    (
        "1",
        "Chỉ đạo, điều hành",
        [
            (
                "1.1",
                "Báo cáo kiểm soát TTHC đúng hạn",
                {
                    "max": "0.5",
                    "method": "on_time",
                    "source": "reporting.on_time?type=tthc-control",
                },
            )
        ],
    ),
    (
        "2",
        "Cải cách thủ tục hành chính",
        [
            (
                "2.1",
                "Tỷ lệ hồ sơ giải quyết đúng hạn",
                {
                    "max": "4",
                    "method": "proportional",
                    "source": "dossiers.on_time_rate?scope=self",
                },
            ),
            (
                "2.2",
                "Tỷ lệ hồ sơ trực tuyến",
                {
                    "max": "2",
                    "method": "bands",
                    "params": {"bands": [{"min": 0.5, "points": 2}, {"min": 0.2, "points": 1}]},
                    "source": "dossiers.online_rate?scope=self",
                },
            ),
        ],
    ),
]


@pytest.fixture
def commune_year():
    """UBND xã Đắk Tô Re in 2024: 97 dossiers early or on time and 3 late inside the year's
    data window, 30 of the 100 received online, and two more outside the window; of its four
    TTHC-control reports due, one filed on time and one late."""
    w = world()
    if not ReportType.objects.filter(code="tthc-control").exists():
        from cchc.reporting.report_types import load_report_types

        load_report_types()
    procedure = procedure_in("HOTICH", "Hộ tịch", level=Level.COMMUNE)
    first, last = date(2024, 1, 8), date(2024, 11, 29)
    insert(
        spread(60, procedure, w.a, "early", first=first, last=last)
        + spread(7, procedure, w.a, "on_time", first=first, last=last)
        + spread(30, procedure, w.a, "early", first=first, last=last, channel=Channel.ONLINE)
        + spread(3, procedure, w.a, "late", first=first, last=last)
        + spread(2, procedure, w.a, "late", first=date(2024, 12, 20), last=date(2024, 12, 27))
    )
    rtype = ReportType.objects.get(code="tthc-control")
    for label, submitted in (("2024-Q1", "2024-03-15 09:00"), ("2024-H1", "2024-06-25 09:00")):
        instance = reporting.new_instance(rtype, w.a, periods.window(label, rtype.basis))
        instance.status = ReportStatus.SUBMITTED
        instance.submitted_at = datetime.fromisoformat(submitted).replace(tzinfo=LOCAL_TZ)
        instance.save()
    w.set = criteria_set("AUTO-2024", AUTO_SET, year=2024)
    return w


def test_auto_leaves_show_the_ratios_of_the_statistics_reports(commune_year, capsys):
    """As the commune I see 97/100 on time (3,88 of 4), 30% online (1 of 2) and one of four
    reports on time (0 of 0,5), each with where it comes from."""
    w = commune_year
    round_ = services.open_round(
        w.district_officer,
        code="AUTO-2024",
        name="Chỉ số CCHC 2024",
        criteria_set=w.set,
        organiser=w.district,
        units=[w.a],
        year=2024,
    )
    scores = {s.criterion.code: s for s in Score.objects.filter(participation__round=round_)}

    # The 13-column form of the same unit and year, from the engine and from the command.
    window = periods.window("2024", periods.Basis.CUTOFF)
    total = dossier_results(w.a, window).total
    assert (total.resolved_in_time, total.resolved_total) == (97, 100)
    call_command("report", "dossier-results", "--unit", w.a.code, "--period", "2024")
    printed = json.loads(capsys.readouterr().out)["total"]
    on_time = (
        D(printed["resolved_early"] + printed["resolved_on_time"])
        * 100
        / D(printed["resolved_total"])
    )
    assert scores["2.1"].auto_value == on_time.quantize(D("0.01")) == D("97.00")
    assert scores["2.1"].auto_points == scores["2.1"].self_points == D("3.88")
    assert "97/100" in scores["2.1"].auto_provenance

    online = D(printed["received_online"]) * 100 / D(printed["received_total"])
    assert scores["2.2"].auto_value == online.quantize(D("0.01")) == D("30.00")
    assert scores["2.2"].auto_points == D("1")

    [stat] = on_time_stats([w.a], ReportType.objects.get(code="tthc-control"), 2024)
    assert (stat.due, stat.on_time, stat.late) == (4, 1, 1)
    assert scores["1.1"].auto_value == D(stat.rate).quantize(D("0.01")) == D("25.00")
    assert scores["1.1"].auto_points == D("0")
    assert "1/4" in scores["1.1"].auto_provenance


def test_an_overridden_auto_leaf_keeps_its_points_and_needs_a_reason(commune_year):
    """As the commune I may score an auto leaf differently only with a reason; a refresh of
    the data then leaves my points alone."""
    w = commune_year
    round_ = services.open_round(
        w.district_officer,
        code="AUTO-2024",
        name="Chỉ số CCHC 2024",
        criteria_set=w.set,
        organiser=w.district,
        units=[w.a],
        year=2024,
    )
    p = round_.participations.get()
    with pytest.raises(services.ScoringRefused, match="điểm tính từ số liệu của hệ thống là 3,88"):
        services.save_self_assessment(w.officer_a, p, {"2.1": services.SelfEntry("4")})
    p = services.save_self_assessment(
        w.officer_a,
        p,
        {"2.1": services.SelfEntry("4", override_reason="3 hồ sơ trễ do lỗi hệ thống")},
    )
    procedure = procedure_in("HOTICH", "Hộ tịch", level=Level.COMMUNE)
    insert(spread(10, procedure, w.a, "late", first=date(2024, 5, 6), last=date(2024, 5, 10)))
    services.refresh_auto(w.officer_a, p)
    score = Score.objects.get(participation=p, criterion__code="2.1")
    assert score.self_points == D("4") and score.auto_points == D("3.53")
    other = Score.objects.get(participation=p, criterion__code="2.2")
    assert other.self_points == other.auto_points
