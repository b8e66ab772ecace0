"""The public statistics page: per unit (or a whole area), this month and this year, the
statistics engine's figures, satisfaction from the feedback source, charts, no personal
data."""

import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.core import vnformat
from cchc.dossiers.models import Channel, Status
from cchc.reporting import figures, periods, sources, statistics
from cchc.reporting.tests.factories import dossier, insert, local, procedure_in, spread
from cchc.units.models import Role, UnitKind
from cchc.units.tests.factories import UnitFactory, staff_with_role

from ..statistics_views import SATISFACTION_SOURCE
from .test_portal_procedures_setup import build_places

pytestmark = pytest.mark.django_db

NOW = "2026-03-20 10:00"
MONTH = periods.window("2026-03", "calendar")
YEAR = periods.window("2026", "calendar")
APPLICANT = "Nguyễn Văn Thử"


@pytest.fixture(autouse=True)
def no_satisfaction_source(monkeypatch):
    """The feedback app's satisfaction source is its own to test: here it is absent unless a
    test registers a stand-in."""
    monkeypatch.delitem(sources._registry, SATISFACTION_SOURCE, raising=False)


@pytest.fixture
def frozen():
    with time_machine.travel(local(NOW), tick=False):
        yield


@pytest.fixture
def area(frozen):
    """Cần Thơ with dossiers at Phú Lộc and Hưng Lợi in 2026, a refused one, and the old
    district's dossiers of 2025."""
    city, phuloc, hungloi, centre, old_commune = build_places()
    civil = procedure_in("HOTICH", "Hộ tịch", "1d", name="Đăng ký khai sinh")
    land = procedure_in("DATDAI", "Đất đai", "10d", name="Đăng ký biến động đất đai")
    march = {"first": date(2026, 3, 2), "last": date(2026, 3, 17), "window_end": MONTH.end}
    early_year = {"first": date(2026, 1, 5), "last": date(2026, 2, 20)}
    rows = (
        spread(6, civil, phuloc, "early", **march)
        + spread(3, civil, phuloc, "on_time", channel=Channel.ONLINE, **march)
        + spread(2, land, phuloc, "late", **march)
        + spread(2, land, phuloc, "pending_overdue", channel=Channel.ONLINE, **march)
        + spread(1, land, phuloc, "pending_in_time", channel=Channel.POSTAL, **march)
        + spread(5, civil, phuloc, "early", channel=Channel.ONLINE, **early_year)
        + spread(4, land, phuloc, "on_time", **early_year)
        + spread(4, civil, hungloi, "early", channel=Channel.ONLINE, **march)
        + spread(3, land, hungloi, "late", **early_year)
        + spread(7, civil, old_commune, "early", first=date(2025, 3, 3), last=date(2025, 5, 30))
        + [
            dossier(
                civil,
                phuloc,
                received_at=local("2026-03-10 09:00"),
                status=Status.REFUSED,
                finished_at=local("2026-03-10 09:30"),
            )
        ]
    )
    insert(rows)
    return city, phuloc, hungloi, centre, old_commune


def get(client, **params):
    response = client.get(reverse("portal-statistics"), params)
    assert response.status_code == 200, response.content.decode()[:400]
    return response.text


def figure(text: str, key: str) -> str:
    return re.search(rf'data-figure="{key}">([^<]*)<', text).group(1)


def pct(part: int, whole: int) -> str:
    value = figures.rate(part, whole, 1)
    return "Chưa có số liệu" if value is None else vnformat.percent(value, 1)


def assert_engine_figures(text: str, unit, include_children: bool):
    queryset = statistics.dossiers_of(unit, include_children)
    for key, win in (("thang", MONTH), ("nam", YEAR)):
        counts = statistics.count_total(queryset, win)
        assert figure(text, f"{key}-received") == vnformat.number(counts.received_new)
        assert figure(text, f"{key}-resolved") == vnformat.number(counts.resolved_total)
        assert figure(text, f"{key}-on-time") == pct(counts.resolved_in_time, counts.resolved_total)
        assert figure(text, f"{key}-online") == pct(counts.received_online, counts.received_new)


def test_a_commune_shows_the_engine_figures_of_this_month_and_year(client, area):
    """As a citizen of Phú Lộc I see how many dossiers my commune received and resolved this
    month and this year, how many on time and online — the statistics engine's figures for
    the same unit and calendar windows."""
    city, phuloc, *_ = area
    text = get(client, unit="CT-PHULOC")
    assert_engine_figures(text, phuloc, include_children=False)
    # The figures themselves, worked out by hand: March received 6 + 3 + 2 + 2 + 1 = 14 (the
    # refused one is not counted), 5 of them online; resolved 11, 9 in time.
    assert figure(text, "thang-received") == "14"
    assert figure(text, "thang-resolved") == "11"
    assert figure(text, "thang-on-time") == "81,8%"
    assert figure(text, "thang-online") == "35,7%"
    assert figure(text, "nam-received") == "23"
    assert figure(text, "nam-online") == "43,5%"
    assert '<h2 id="tk-thang">Tháng 3/2026</h2>' in text and "Năm 2026" in text


def test_the_whole_area_shows_its_subtree_and_compares_its_units(client, area):
    """As a journalist I open the city's statistics (the default): every dossier of the
    units below it counted once, and the communes side by side."""
    city, phuloc, hungloi, *_ = area
    text = get(client)
    assert 'value="CT" selected' in text and "UBND thành phố Cần Thơ (toàn địa bàn)" in text
    assert_engine_figures(text, city, include_children=True)
    assert figure(text, "thang-received") == "18"
    comparison = text.split('id="tk-bd-don-vi"')[1]
    assert "UBND xã Phú Lộc" in comparison and "UBND xã Hưng Lợi" in comparison
    assert "Trung tâm Phục vụ" not in comparison  # no dossiers this year
    assert get(client, unit="CT") == text


def test_charts_are_drawn_inline(client, area):
    """As a citizen I see the year month by month as charts, with the numbers behind them."""
    text = get(client, unit="CT-PHULOC")
    assert "Hồ sơ mới tiếp nhận theo kênh, năm 2026" in text
    assert "Tỷ lệ hồ sơ tiếp nhận trực tuyến, năm 2026" in text
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn, năm 2026" in text
    assert text.count("<svg") >= 3 + text.count('<svg class="icon"')
    assert "<?xml" not in text
    assert 'id="tk-bd-don-vi"' not in text  # a single commune has nothing to compare


def test_satisfaction_waits_for_the_feedback_source(client, area, monkeypatch):
    """As a citizen I read "Chưa có số liệu" for satisfaction until ratings are computed —
    never a made-up figure."""
    text = get(client, unit="CT-PHULOC")
    assert figure(text, "thang-satisfaction") == "Chưa có số liệu"
    assert figure(text, "nam-satisfaction") == "Chưa có số liệu"

    monkeypatch.setitem(
        sources._registry,
        SATISFACTION_SOURCE,
        lambda context, params: sources.Computed(None, "Chưa có phiếu.", percent=True),
    )
    assert figure(get(client, unit="CT-PHULOC"), "nam-satisfaction") == "Chưa có số liệu"


def test_satisfaction_comes_from_the_computed_source(client, area, monkeypatch):
    """As a citizen I see the satisfaction rate the feedback app computes for the same unit,
    scope and window."""
    calls = []

    def rate(context, params):
        calls.append((context.unit.code, context.window.label, params))
        value = Decimal("92.5") if context.window.kind is periods.Kind.MONTH else Decimal("97")
        return sources.Computed(value, "Phiếu đánh giá", percent=True)

    monkeypatch.setitem(sources._registry, SATISFACTION_SOURCE, rate)
    text = get(client, unit="CT")
    assert figure(text, "thang-satisfaction") == "92,5%"
    assert figure(text, "nam-satisfaction") == "97%"
    assert calls == [("CT", "2026-03", {"scope": "all"}), ("CT", "2026", {"scope": "all"})]
    get(client, unit="CT-PHULOC")
    assert calls[-1] == ("CT-PHULOC", "2026", {"scope": "self"})


def test_only_units_of_today_that_receive_dossiers_are_offered(client, area):
    """As a citizen I choose among today's units that receive dossiers; an old unit or an
    unknown code is "not found"."""
    text = get(client)
    for code in ("CT", "CT-PHULOC", "CT-HUNGLOI", "CT-TTPVHCC"):
        assert f'value="{code}"' in text
    assert 'value="TT-PHULOC"' not in text and 'value="TT"' not in text
    assert client.get(reverse("portal-statistics"), {"unit": "TT-PHULOC"}).status_code == 404
    assert client.get(reverse("portal-statistics"), {"unit": "KHONGCO"}).status_code == 404


def test_no_personal_data_and_no_login(client, area):
    """As an applicant I find nothing about me on the public statistics; nobody needs an
    account to read them, and an officer sees the same figures."""
    text = get(client, unit="CT-PHULOC")
    assert APPLICANT not in text and "CT-PHULOC-" not in text
    client.force_login(staff_with_role(Role.REFORM_OFFICER))
    assert figure(get(client, unit="CT-PHULOC"), "nam-received") == figure(text, "nam-received")


def test_queries_do_not_grow_with_the_dossiers(client, area):
    """As the portal, the figures are aggregating queries: more dossiers, the same number of
    queries."""
    city, phuloc, *_ = area
    civil = procedure_in("HOTICH", "Hộ tịch", "1d", name="Đăng ký khai sinh")
    with CaptureQueriesContext(connection) as before:
        get(client, unit="CT")
    insert(spread(40, civil, phuloc, "early", first=date(2026, 1, 5), last=date(2026, 3, 16)))
    with CaptureQueriesContext(connection) as after:
        get(client, unit="CT")
    assert len(after.captured_queries) == len(before.captured_queries)


def test_a_new_system_without_units_says_so(client, frozen):
    """As the first visitor of a fresh installation I read that no unit receives dossiers
    yet."""
    UnitFactory(code="ST", name="UBND tỉnh Sóc Trăng", kind=UnitKind.PROVINCE)
    assert "Chưa có đơn vị nào tiếp nhận hồ sơ" in get(client)
