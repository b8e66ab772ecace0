"""The desk downloads Mẫu 07 (Sổ theo dõi hồ sơ) of one unit, sector and period as XLSX."""

import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cchc.catalog.tests.factories import SectorFactory
from cchc.units.tests.factories import PASSWORD

from .. import services
from .factories import COMPONENTS, accept, applicant, local, procedure_with_workflow

pytestmark = pytest.mark.django_db

MARCH = {"tu_ngay": "01/03/2026", "den_ngay": "31/03/2026"}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def register_of(client, unit, sector, **period):
    return client.get(
        reverse("dossier-register"),
        {"don_vi": unit.pk, "linh_vuc": sector.pk, **(period or MARCH)},
    )


def codes_in(response) -> list[str]:
    """The dossier codes of the register's rows (column B of the rows numbered in column A)."""
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [row[1] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]


@pytest.fixture
def land(world):
    return procedure_with_workflow(
        name="Đăng ký biến động đất đai", sector=SectorFactory(code="DD", name="Đất đai")
    )


def test_register_lists_exactly_the_sectors_dossiers_of_the_period(client, world, land):
    """As a desk officer I download this month's register of one sector with each dossier's code."""
    second = accept(world, at=local("2026-03-10 09:00"))
    first = accept(world, at=local("2026-03-02 08:00"))
    accept(world, at=local("2026-02-27 10:00"))  # before the period
    accept(world, at=local("2026-04-01 08:00"))  # after the period
    accept(world, procedure=land, at=local("2026-03-05 08:00"))  # another sector
    elsewhere = services.accept_at_desk(
        world.outsider,
        world.sibling,
        world.procedure,
        applicant(name="Trần Văn Bình"),
        COMPONENTS,
        received_at=local("2026-03-04 08:00"),
    )
    response = register_of(login(client, world.desk), world.commune, world.procedure.sector)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="mau-07-so-theo-doi-20260301-20260331.xlsx"' in response["Content-Disposition"]
    assert codes_in(response) == [first.code, second.code]
    assert elsewhere.code not in codes_in(response)
    cells = {
        v for row in load_workbook(io.BytesIO(response.content)).active.values for v in row if v
    }
    assert f"Lĩnh vực: {world.procedure.sector.name}" in cells
    assert "Từ ngày 01/03/2026 đến ngày 31/03/2026" in cells


def test_register_of_the_last_day_includes_the_whole_local_day(client, world):
    """As a desk officer a register ending on 02/03 includes what I received at 16:59 that day."""
    dossier = accept(world, at=local("2026-03-02 16:59"))
    response = register_of(
        login(client, world.desk),
        world.commune,
        world.procedure.sector,
        tu_ngay="2026-03-02",
        den_ngay="02/03/2026",
    )
    assert codes_in(response) == [dossier.code]


def test_officer_of_another_commune_gets_404_for_this_communes_register(client, world):
    """As an officer of a neighbouring commune I cannot download this commune's register."""
    accept(world)
    response = register_of(login(client, world.outsider), world.commune, world.procedure.sector)
    assert response.status_code == 404


def test_district_leader_downloads_a_communes_register(client, world):
    """As a district leader I download the register of one of my communes."""
    dossier = accept(world)
    response = register_of(
        login(client, world.district_leader), world.commune, world.procedure.sector
    )
    assert codes_in(response) == [dossier.code]


def test_a_specialist_may_not_print_the_register(client, world):
    """As a specialist I have no register to print: that is the desk's and the leaders' book."""
    response = login(client, world.specialist).get(reverse("dossier-register"))
    assert response.status_code == 403


def test_form_defaults_to_this_month_and_offers_only_reachable_units(client, world):
    """As a desk officer I open the page and find this month already filled in."""
    login(client, world.desk)
    with time_machine.travel("2026-02-14 10:00 +0700"):
        html = client.get(reverse("dossier-register")).content.decode()
    assert 'value="01/02/2026"' in html and 'value="28/02/2026"' in html
    assert world.commune.name in html
    assert world.sibling.name not in html
    assert "Sổ theo dõi hồ sơ" in html


def test_bad_dates_show_the_form_with_a_message(client, world):
    """As a desk officer who mistypes a date I get the form back with what is wrong, not a 500."""
    response = register_of(
        login(client, world.desk),
        world.commune,
        world.procedure.sector,
        tu_ngay="31/02/2026",
        den_ngay="01/01/0001",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Ngày không hợp lệ; dùng dạng ngày/tháng/năm" in response.content.decode()


def test_register_costs_the_same_queries_for_one_or_many_dossiers(client, world):
    """As a desk officer printing a busy month I wait no longer per dossier (no N+1)."""
    login(client, world.desk)
    accept(world, at=local("2026-03-02 08:00"))
    with CaptureQueriesContext(connection) as one:
        register_of(client, world.commune, world.procedure.sector)
    for day in (3, 4, 5):
        accept(world, at=local(f"2026-03-0{day} 08:00"))
    with CaptureQueriesContext(connection) as four:
        response = register_of(client, world.commune, world.procedure.sector)
    assert len(codes_in(response)) == 4
    assert len(four) == len(one)


def test_menu_offers_the_register_to_the_desk(client, world):
    """As a desk officer I reach the register from the menu."""
    html = login(client, world.desk).get(reverse("dossier-queues")).content.decode()
    assert f'href="{reverse("dossier-register")}"' in html
