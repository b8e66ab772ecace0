"""The page "Bảng điều khiển" shows a unit's charts with their numbers, to those who may see it."""

import pytest
import time_machine
from django.urls import reverse

from cchc.dossiers.models import Channel, Dossier, Status
from cchc.dossiers.tests.factories import build_world, local, user_with
from cchc.units.models import Role
from cchc.units.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NOW = "2026-07-15 10:00 +0700"


@pytest.fixture
def world(db):
    w = build_world()
    w.reform = user_with([Role.REFORM_OFFICER], w.commune, username="cchcxa")
    w.district_reform = user_with([Role.REFORM_OFFICER], w.district, username="cchchuyen")
    w.sibling_reform = user_with([Role.REFORM_OFFICER], w.sibling, username="cchcxakhac")
    rows = []
    for number in range(1300):  # 1.300 at the counter in February: "1.300" on the page
        rows.append(dossier(w, number, "2026-02-03 08:00", Channel.COUNTER))
    for number in range(1300, 1302):
        rows.append(dossier(w, number, "2026-02-04 08:00", Channel.ONLINE))
    rows.append(dossier(w, 1302, "2026-02-04 08:00", Channel.COUNTER, status=Status.REFUSED))
    overdue = dossier(w, 1303, "2026-07-01 08:00", Channel.COUNTER, status=Status.PROCESSING)
    overdue.finished_at, overdue.current_office = None, w.spec_office
    rows.append(overdue)
    rows.append(dossier(w, 1304, "2026-03-02 08:00", Channel.ONLINE, unit=w.sibling))
    Dossier.objects.bulk_create(rows)
    return w


def dossier(w, number, received, channel, status=Status.RETURNED, unit=None):
    unit = unit or w.commune
    at = local(received)
    return Dossier(
        code=f"PAGE-{number:05d}",
        procedure=w.procedure,
        unit=unit,
        handling_unit=unit,
        channel=channel,
        status=status,
        received_at=at,
        due_at=at.replace(day=at.day + 3),
        finished_at=at.replace(day=at.day + 2),
    )


def get(client, user, **params):
    assert client.login(username=user.username, password=PASSWORD)
    with time_machine.travel(NOW):
        return client.get(reverse("dashboard"), params)


def test_reform_officer_sees_charts_with_the_numbers_behind_them(client, world):
    """As a commune's reform officer I open the dashboard and read each chart and its numbers."""
    page = get(client, world.reform)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<svg") == 4  # channels, online share, on time, overdue by office
    assert "<?xml" not in html
    assert "Hồ sơ mới tiếp nhận theo kênh, năm 2026" in html
    assert '<th scope="row">Tháng 2/2026</th><td class="num">1.300</td>' in html
    assert "0,2%" in html  # online share of February: 2 of 1.302
    assert "Công chức Tư pháp" in html  # overdue at the specialist office
    assert reverse("dossier-queues") + "?hang=overdue" in html
    assert "Chưa có số liệu đánh giá sự hài lòng" in html
    assert "UBND xã Tập Sơn" not in html  # another commune is not offered


def test_the_district_sees_its_communes_side_by_side(client, world):
    """As the district's reform officer I compare my communes and can narrow to one of them."""
    html = get(client, world.district_reform).content.decode()
    assert "Kết quả giải quyết hồ sơ của các đơn vị, năm 2026" in html
    assert "UBND xã Tập Sơn" in html
    assert html.count("<svg") == 5
    commune = get(client, world.district_reform, don_vi=world.commune.pk, nam=2026).content.decode()
    assert "Kết quả giải quyết hồ sơ của các đơn vị" not in commune
    assert "UBND xã Phước Hưng – năm 2026" in commune


def test_htmx_request_gets_the_content_only(client, world):
    """As a reform officer changing the year I get the charts swapped in, not a whole page."""
    assert client.login(username=world.reform.username, password=PASSWORD)
    with time_machine.travel(NOW):
        page = client.get(reverse("dashboard"), {"nam": 2025}, HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<html" not in html
    assert "năm 2025" in html


def test_another_units_officer_gets_404(client, world):
    """As a reform officer of another commune I cannot open this commune's dashboard."""
    assert get(client, world.sibling_reform, don_vi=world.commune.pk).status_code == 404


def test_one_stop_officer_gets_403(client, world):
    """As a one-stop desk officer I have no dashboard."""
    assert get(client, world.desk).status_code == 403


def test_the_page_needs_few_queries(client, world, django_assert_max_num_queries):
    """As a district leader I get the whole dashboard of my district quickly."""
    assert client.login(username=world.district_reform.username, password=PASSWORD)
    # 20 for the figures and charts, 1 for the panel of overdue reform tasks (plans).
    with time_machine.travel(NOW), django_assert_max_num_queries(21):
        page = client.get(reverse("dashboard"), {"don_vi": world.district.pk, "gom": "on"})
    assert page.status_code == 200
    assert "Kết quả giải quyết hồ sơ của các đơn vị" in page.content.decode()
