"""Other apps add small panels to the dashboard (reporting does not depend on them): each
registered provider gets the user, the chosen units, the year and today, and its panel is
drawn as a table with a link."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from cchc.dossiers.tests.factories import build_world, user_with
from cchc.units.models import Role

from .. import dashboard

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    calls = []

    def panel(user, units, year, today):
        calls.append((user, [u.code for u in units], year, today.isoformat()))
        if not units:
            return None
        return dashboard.Panel(
            title="Bảng thử nghiệm",
            headers=("Việc", "Số ngày"),
            rows=(("Việc thứ nhất", "3"),),
            link="/danh-sach/",
            link_text="Xem danh sách thử",
        )

    dashboard.register_panel(panel)
    dashboard.register_panel(panel)  # registering twice adds it once
    yield calls
    dashboard._panel_providers.remove(panel)


def test_a_registered_panel_is_drawn_for_the_chosen_units(client, provider):
    """As a district reform officer I see another app's panel for my district and its
    communes, or for one commune when I choose it."""
    w = build_world()
    officer = user_with([Role.REFORM_OFFICER], w.district, username="cchchuyen")
    client.force_login(officer)
    with time_machine.travel("2026-07-15 10:00 +0700"):
        html = client.get(reverse("dashboard")).content.decode()
        client.get(reverse("dashboard"), {"don_vi": w.commune.pk, "nam": 2025})
    assert "Bảng thử nghiệm" in html
    assert '<th scope="row">Việc thứ nhất</th><td class="num">3</td>' in html
    assert '<a href="/danh-sach/">Xem danh sách thử</a>' in html
    (user, units, year, today), (_, chosen, chosen_year, _) = provider
    assert user == officer and units[0] == "TRACU" and "XA01" in units and "XA02" in units
    assert (year, today) == (2026, "2026-07-15")
    assert (chosen, chosen_year) == (["XA01"], 2025)


def test_a_provider_may_have_nothing_to_show(provider):
    """As the dashboard I draw no panel for a provider that returns None."""
    w = build_world()
    officer = user_with([Role.REFORM_OFFICER], w.district, username="cchchuyen")
    shown = dashboard.extra_panels(officer, [], 2026, date(2026, 7, 15))
    assert provider and all(panel.title != "Bảng thử nghiệm" for panel in shown)
