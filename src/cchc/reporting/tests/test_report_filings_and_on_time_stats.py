"""The recipient sees which of its units have filed — on time, late or not yet — and the
on-time statistics per unit and report type count the due reports (they feed the index)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cchc.units.models import UnitKind
from cchc.units.tests.factories import UnitFactory

from .. import queries, services
from ..models import ReportStatus, ReportType
from .factories import local
from .test_report_editor import TYPE, _fresh_calendar_cache, report_world  # noqa: F401

pytestmark = pytest.mark.django_db


def filed(unit, period, submitted: str | None, status=ReportStatus.SUBMITTED):
    """A report of `unit` for `period`, submitted at local time `submitted` (or a draft)."""
    rtype = ReportType.objects.get(code=TYPE)
    instance = services.new_instance(rtype, unit, services.window_for(rtype, period))
    if submitted:
        instance.status, instance.submitted_at = status, local(submitted)
    instance.save()
    return instance


@pytest.fixture
def world():
    w = report_world(dossiers=False)
    w.tt_q1 = filed(w.district, "2025-Q1", "2025-03-18 16:30")  # the due day: on time
    # 06:00 local on the 19th is still the 18th in UTC: late all the same.
    w.mt_q1 = filed(w.other, "2025-Q1", "2025-03-19 06:00")
    return w


def test_filings_show_on_time_late_and_missing(client, world):
    """As the province's appraiser I see, for Q1/2025, the districts that filed to the
    provincial office on time or late, and the office's own report to the province missing —
    then, past the due date, as late."""
    rtype = ReportType.objects.get(code=TYPE)
    rows = queries.filings(world.office, rtype, "2025-Q1", today=date(2025, 3, 18))
    states = {r.unit.code: (r.timeliness, r.label) for r in rows}
    assert states == {"TT": ("on_time", "Đúng hạn"), "MT": ("late", "Trễ hạn")}
    own = queries.filings(world.province, rtype, "2025-Q1", today=date(2025, 3, 18))
    assert {r.unit.code: r.label for r in own} == {"ST-VP": "Chưa gửi"}
    later = queries.filings(world.province, rtype, "2025-Q1", today=date(2025, 3, 19))
    assert {r.unit.code: r.label for r in later}["ST-VP"] == "Chưa gửi, quá hạn"
    # The district's commune files to the district, not to the province.
    assert [r.unit.code for r in queries.filings(world.district, rtype, "2025-Q1")] == ["TT-PHULOC"]

    client.force_login(world.recipient)
    with time_machine.travel("2025-03-20 09:00 +0700"):
        response = client.get(
            reverse("report-filings"),
            {"don_vi": world.office.pk, "loai": TYPE, "ky": "2025-Q1"},
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đúng hạn: 1" in html and "Trễ hạn: 1" in html
    assert "16:30 18/03/2025" in html
    assert reverse("report-detail", args=[world.tt_q1.pk]) in html
    assert 'aria-label="Tiếp nhận báo cáo của UBND huyện Thạnh Trị"' in html


def test_filings_are_the_recipients_page(client, world):
    """As a district's reform officer I see my communes' filings, but not the province's."""
    client.force_login(world.officer)
    own = client.get(
        reverse("report-filings"), {"don_vi": world.district.pk, "loai": TYPE, "ky": "2025-Q1"}
    )
    assert own.status_code == 200 and "UBND thị trấn Phú Lộc" in own.content.decode()
    province = client.get(reverse("report-filings"), {"don_vi": world.province.pk})
    assert province.status_code == 404
    client.force_login(world.desk)  # sees the district, holds no recipient role
    assert client.get(reverse("report-filings")).status_code == 403


def test_on_time_statistics_per_unit_and_type(client, world):
    """As the province I count, per district and report type, the reports due in 2025 so far,
    filed on time, filed late and not filed — the figures the reform index scores."""
    filed(world.district, "2025-H1", "2025-06-20 09:00")  # late
    filed(world.other, "2025-H1", None)  # a draft: not filed
    filed(world.district, "2025-9M", "2025-07-01 08:00")  # filed before it was due
    filed(world.district, "2024", "2024-12-10 08:00")  # another year
    units = [world.district, world.other, world.office, world.province]
    rtype = ReportType.objects.get(code=TYPE)
    with time_machine.travel("2025-07-01 10:00 +0700"):
        today = timezone.localdate()
        stats = {s.unit.code: s for s in queries.on_time_stats(units, rtype, 2025, today=today)}
    assert set(stats) == {"TT", "MT", "ST-VP"}  # the province does not file this report
    tt, mt, office = stats["TT"], stats["MT"], stats["ST-VP"]
    assert (tt.due, tt.on_time, tt.late, tt.not_submitted) == (3, 2, 1, 0)
    assert (mt.due, mt.on_time, mt.late, mt.not_submitted) == (2, 0, 1, 1)
    assert (office.due, office.on_time, office.late, office.not_submitted) == (2, 0, 0, 2)
    assert tt.rate == 66.67 and office.rate == 0

    client.force_login(world.recipient)
    with time_machine.travel("2025-07-01 10:00 +0700"):
        page = client.get(reverse("report-stats"), {"nam": 2025, "loai": TYPE})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-unit="TT" data-type="tthc-control"' in html and "66,67%" in html
    client.force_login(world.outsider)  # another district sees only itself
    with time_machine.travel("2025-07-01 10:00 +0700"):
        own = client.get(reverse("report-stats"), {"nam": 2025}).content.decode()
    assert 'data-unit="MT"' in own and 'data-unit="TT"' not in own


def test_a_unit_that_no_longer_exists_has_nothing_due():
    """As the province I am not shown a dissolved district as missing reports after its end."""
    w = report_world(dossiers=False)
    gone = UnitFactory(
        code="CU",
        name="UBND huyện Cũ",
        kind=UnitKind.DISTRICT,
        parent=w.province,
        valid_to=date(2025, 6, 30),
    )
    rtype = ReportType.objects.get(code=TYPE)
    codes = [r.unit.code for r in queries.filings(w.office, rtype, "2025-9M", date(2025, 9, 20))]
    assert "CU" not in codes and "TT" in codes
    stats = queries.on_time_stats([gone], rtype, 2025, today=date(2025, 12, 31))
    assert stats[0].due == 2  # Q1 and 6 months only
