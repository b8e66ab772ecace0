"""Officers narrow a work queue by procedure, sector and received date, on top of the queue."""

from datetime import date
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from cchc.catalog.models import Level
from cchc.catalog.tests.factories import ProcedureFactory, SectorFactory
from cchc.units.tests.factories import PASSWORD

from .. import queries, views
from ..models import Status
from .factories import accept, dossier_in, local, procedure_with_workflow

pytestmark = pytest.mark.django_db

LATER = "2026-03-20 09:00 +0700"  # every dossier below is overdue by then


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def land(world):
    """A second procedure, in its own sector (Đất đai)."""
    return procedure_with_workflow(
        name="Đăng ký biến động đất đai", sector=SectorFactory(code="DD", name="Đất đai")
    )


def overdue_page(client, **params):
    with time_machine.travel(LATER):
        return client.get(reverse("dossier-queues"), {"hang": "overdue", **params})


def test_procedure_filter_lists_only_that_procedures_dossiers(client, world, land):
    """As a desk officer I list only the overdue dossiers of one procedure."""
    birth = accept(world)
    plot = accept(world, procedure=land, at=local("2026-03-03 08:00"))
    html = overdue_page(login(client, world.desk), thu_tuc=land.pk).content.decode()
    assert plot.code in html
    assert birth.code not in html


def test_sector_filter_lists_only_that_sectors_dossiers(client, world, land):
    """As a unit leader I list only the overdue dossiers of the land sector."""
    birth = accept(world)
    plot = accept(world, procedure=land, at=local("2026-03-03 08:00"))
    login(client, world.leader)
    land_html = overdue_page(client, linh_vuc=land.sector_id).content.decode()
    birth_html = overdue_page(client, linh_vuc=world.procedure.sector_id).content.decode()
    assert plot.code in land_html and birth.code not in land_html
    assert birth.code in birth_html and plot.code not in birth_html


@pytest.mark.parametrize(
    ("start", "end"),
    [("03/03/2026", "03/03/2026"), ("2026-03-03", "2026-03-03"), ("03/03/2026", "")],
)
def test_received_date_range_includes_both_whole_days(client, world, start, end):
    """As a desk officer I list the dossiers received from one day to another, typed or picked."""
    first = accept(world, at=local("2026-03-02 16:59"))
    middle = accept(world, at=local("2026-03-03 16:59"))
    last = accept(world, at=local("2026-03-04 08:00"))
    html = overdue_page(login(client, world.desk), tu_ngay=start, den_ngay=end).content.decode()
    assert middle.code in html
    assert first.code not in html
    assert (last.code in html) is (end == "")


def test_filters_combine_with_the_queue(client, world, land):
    """As a desk officer the filters narrow the queue I am on, never widen it."""
    plot_overdue = accept(world, procedure=land, at=local("2026-03-03 08:00"))
    ready = dossier_in(world, Status.RESOLVED)  # world.procedure, waiting at the desk
    login(client, world.desk)
    overdue = overdue_page(
        client, thu_tuc=land.pk, tu_ngay="01/03/2026", den_ngay="31/03/2026"
    ).content.decode()
    assert plot_overdue.code in overdue and ready.code not in overdue
    with time_machine.travel(LATER):
        waiting = client.get(
            reverse("dossier-queues"),
            {"hang": "awaiting_return", "linh_vuc": world.procedure.sector_id},
        ).content.decode()
        other_sector = client.get(
            reverse("dossier-queues"), {"hang": "awaiting_return", "linh_vuc": land.sector_id}
        ).content.decode()
    assert ready.code in waiting and plot_overdue.code not in waiting
    assert ready.code not in other_sector


@pytest.mark.parametrize(
    "params",
    [
        {"tu_ngay": "32/13/2026"},
        {"den_ngay": "hôm qua"},
        {"tu_ngay": "31/12/9999", "den_ngay": "31/12/9999"},
        {"tu_ngay": "01/01/0001"},
        {"tu_ngay": "2026-02-30"},
    ],
)
def test_bad_dates_show_a_message_and_are_ignored(client, world, params):
    """As a desk officer who mistypes a date I read what is wrong and still see my queue."""
    dossier = accept(world)
    response = overdue_page(login(client, world.desk), **params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày không hợp lệ; dùng dạng ngày/tháng/năm" in html
    assert dossier.code in html


def test_reversed_range_shows_a_message_and_keeps_the_start(client, world):
    """As a desk officer who swaps the two dates I am told so instead of getting an empty list."""
    dossier = accept(world)
    html = overdue_page(
        login(client, world.desk), tu_ngay="01/03/2026", den_ngay="01/02/2026"
    ).content.decode()
    assert "“Đến ngày” phải sau hoặc trùng “Từ ngày”." in html
    assert dossier.code in html


def test_unknown_procedure_or_sector_is_reported_not_a_500(client, world):
    """As a desk officer following a stale link I get a message, not an error page."""
    dossier = accept(world)
    response = overdue_page(login(client, world.desk), thu_tuc="999999", linh_vuc="x")
    assert response.status_code == 200
    assert "Lựa chọn không hợp lệ." in response.content.decode()
    assert dossier.code in response.content.decode()


def test_pagination_links_keep_the_filters(client, world, land, monkeypatch):
    """As a desk officer I page through a filtered queue without losing my filters."""
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    first = accept(world, procedure=land, at=local("2026-03-02 08:00"))
    second = accept(world, procedure=land, at=local("2026-03-03 08:00"))
    login(client, world.desk)
    params = {"thu_tuc": land.pk, "tu_ngay": "01/03/2026", "den_ngay": "2026-03-31", "q": "Lan"}
    html = unescape(overdue_page(client, **params).content.decode())
    assert first.code in html and second.code not in html
    next_link = html.split('<nav class="pagination"')[1].split("Trang sau")[0]
    for part in [
        "hang=overdue",
        f"thu_tuc={land.pk}",
        "tu_ngay=01%2F03%2F2026",
        "den_ngay=2026-03-31",
        "q=Lan",
        "trang=2",
    ]:
        assert part in next_link
    page_two = overdue_page(client, **params, trang="2").content.decode()
    assert second.code in page_two and first.code not in page_two


def test_procedure_choices_are_those_of_the_users_levels_and_cheap(
    world, django_assert_num_queries
):
    """As a commune officer I choose among commune procedures, not the province's, in three small queries."""
    ProcedureFactory(name="Cấp giấy phép xây dựng cấp tỉnh", level=Level.PROVINCE)
    queries.unit_levels(world.desk)  # warm the per-user unit cache (one query)
    with django_assert_num_queries(3):
        choices = queries.queue_filter_choices(world.desk)
    names = [name for _pk, name in choices["procedures"]]
    assert world.procedure.name in names
    assert "Cấp giấy phép xây dựng cấp tỉnh" not in names
    assert (world.procedure.sector_id, world.procedure.sector.name) in choices["sectors"]
    assert queries.unit_levels(world.district_leader) == {Level.DISTRICT, Level.COMMUNE}
    assert queries.unit_levels(world.partner_specialist) == {Level.DISTRICT}


def test_filter_queue_bounds_are_local_days(world):
    """As a desk officer "từ ngày 02/03" includes a dossier entered at 06:30 that morning (Vietnam time)."""
    early = accept(world, at=local("2026-03-02 06:30"))  # 23:30 UTC on 01/03
    rows = queries.visible_dossiers(world.desk)
    assert list(
        queries.filter_queue(rows, received_from=date(2026, 3, 2), received_to=date(2026, 3, 2))
    ) == [early]
    assert not queries.filter_queue(rows, received_to=date(2026, 3, 1)).exists()
    assert not queries.filter_queue(rows, received_from=date(2026, 3, 3)).exists()
