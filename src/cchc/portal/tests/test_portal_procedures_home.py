"""The portal's front page: the search box, life events as pictures, the most used
procedures of the last 12 months and the ways to look up a dossier or read statistics."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from cchc.reporting.tests.factories import dossier, insert

from .test_portal_procedures_setup import build_catalogue, build_places

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue():
    return build_catalogue(), build_places()


def received(procedure, unit, n: int, days_ago: int):
    at = timezone.now() - timedelta(days=days_ago)
    return [dossier(procedure, unit, received_at=at, due_at=at) for _ in range(n)]


def popular(text: str) -> list[str]:
    block = text.split('class="portal-popular"')[1].split("</ol>")[0]
    return re.findall(r'href="/dvc/thu-tuc/([^/"]+)/"', block)


def test_home_has_a_big_search_box_that_ignores_diacritics(client, catalogue):
    """As a citizen I type what I need in the big box on the front page and get the list."""
    text = client.get(reverse("portal-home")).text
    assert f'action="{reverse("portal-procedures")}"' in text
    assert 'name="q"' in text and 'placeholder="Ví dụ: khai sinh"' in text
    response = client.get(reverse("portal-procedures"), {"q": "dang ky khai sinh"})
    assert "Đăng ký khai sinh" in response.text


def test_life_events_are_picture_tiles(client, catalogue):
    """As a citizen who does not know procedure names I start from "Sinh con" or "Xây, sửa nhà
    ở"; an event without a public procedure is not shown."""
    text = client.get(reverse("portal-home")).text
    tiles = re.findall(r'class="portal-tile" href="/dvc/thu-tuc/\?event=([a-z-]+)"', text)
    assert tiles == ["sinh-con", "xay-sua-nha"]
    assert '<span class="portal-tile-name">Sinh con</span>' in text
    assert "Đi học" not in text


def test_most_used_procedures_by_dossiers_of_the_last_12_months(client, catalogue):
    """As a citizen I see first what most people come for: counted over the dossiers received
    in the last 12 months (older ones and internal procedures do not count)."""
    procedures, (city, phuloc, *_rest) = catalogue
    insert(
        received(procedures["marriage"], phuloc, 3, days_ago=10)
        + received(procedures["birth"], phuloc, 5, days_ago=200)
        + received(procedures["permit"], phuloc, 2, days_ago=300)
        + received(procedures["adoption"], phuloc, 9, days_ago=400)
        + received(procedures["internal"], phuloc, 9, days_ago=5)
    )
    text = client.get(reverse("portal-home")).text
    assert popular(text) == ["HOTICH.X01", "HOTICH.X02", "XAYDUNG.H01"]


def test_the_most_used_list_is_one_query(client, catalogue, django_assert_num_queries):
    """As the portal under load, the most-used list is one aggregating query, whatever the
    number of dossiers."""
    from .. import catalogue_views

    procedures, (city, phuloc, *_rest) = catalogue
    insert(received(procedures["birth"], phuloc, 30, days_ago=3))
    with django_assert_num_queries(1):
        found = catalogue_views.most_used(timezone.now())
    assert [p.code for p in found] == ["HOTICH.X01"] and found[0].dossiers == 30


def test_quick_links_to_lookup_and_statistics(client, catalogue):
    """As a citizen who already submitted I go straight to the dossier lookup, or to the
    statistics, from the front page; no login is needed."""
    text = client.get(reverse("portal-home")).text
    assert f'href="{reverse("portal-lookup")}"' in text
    assert f'href="{reverse("portal-statistics")}"' in text
    assert "Tra cứu hồ sơ" in text
    assert "Nộp hồ sơ trực tuyến: không phải đi lại" in text
