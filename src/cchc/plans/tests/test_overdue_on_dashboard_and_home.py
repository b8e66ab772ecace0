"""Overdue reform tasks show where people look first: the overdue page, a panel on the
dashboard of the chosen unit(s), and a notice on the home page of those who answer for them."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from .. import services
from ..models import PlanKind, ReformArea
from .factories import plan_world

pytestmark = pytest.mark.django_db

NOW = "2024-07-15 09:00 +0700"


@pytest.fixture
def world():
    w = plan_world()

    def plan_of(unit, officer):
        return services.create_plan(
            officer,
            unit,
            kind=PlanKind.REFORM,
            year=2024,
            number="02/KH-UBND",
            issued_on=date(2024, 1, 12),
            title="Kế hoạch CCHC năm 2024",
            today=date(2024, 1, 12),
        )

    plan = plan_of(w.district, w.officer)
    for title, due, office in (
        ("Tự kiểm tra văn bản QPPL", date(2024, 6, 28), w.justice),
        ("Rà soát, đơn giản hóa TTHC", date(2024, 7, 1), w.home_office),
        ("Báo cáo CCHC năm", date(2024, 12, 13), w.home_office),  # not due yet
    ):
        services.add_task(
            w.officer,
            unit=w.district,
            plan=plan,
            area=ReformArea.DIRECTION,
            title=title,
            due_on=due,
            owner_office=office,
        )
    other = plan_of(w.other, w.outsider)
    services.add_task(
        w.outsider,
        unit=w.other,
        plan=other,
        area=ReformArea.DIRECTION,
        title="Nhiệm vụ của Châu Thành",
        due_on=date(2024, 3, 1),
    )
    return w


def test_the_dashboard_shows_the_units_overdue_tasks(client, world):
    """As the reform officer I open the dashboard and see "Nhiệm vụ CCHC quá hạn" with our two
    overdue tasks, how late they are, and a link to the full list — not another unit's."""
    client.force_login(world.officer)
    with time_machine.travel(NOW):
        html = client.get(reverse("dashboard")).content.decode()
    assert "Nhiệm vụ CCHC quá hạn" in html
    panel = html.split("Nhiệm vụ CCHC quá hạn")[1].split("</section>")[0]
    assert "Tự kiểm tra văn bản QPPL" in panel and "Rà soát, đơn giản hóa TTHC" in panel
    assert '<td class="num">17</td>' in panel  # 28/06 → 15/07
    assert "Báo cáo CCHC năm" not in panel and "Châu Thành" not in panel
    link = f"{reverse('task-overdue')}?don_vi={world.district.pk}&amp;gom=1"
    assert link in panel
    assert "Xem tất cả 2 nhiệm vụ quá hạn" in panel


def test_a_unit_without_overdue_tasks_says_so(client, world):
    """As the reform officer of the commune I see that nothing of ours is overdue."""
    from .factories import user_with

    commune_officer = user_with("reform_officer", world.commune)
    client.force_login(commune_officer)
    with time_machine.travel(NOW):
        html = client.get(reverse("dashboard")).content.decode()
    assert "Không có nhiệm vụ CCHC nào quá hạn." in html


def test_the_overdue_page_lists_them_most_overdue_first(client, world):
    """As the unit leader I open the overdue list and see the oldest first."""
    client.force_login(world.leader)
    with time_machine.travel(NOW):
        html = client.get(reverse("task-overdue")).content.decode()
    assert html.index("Tự kiểm tra văn bản QPPL") < html.index("Rà soát, đơn giản hóa TTHC")
    assert "Nhiệm vụ của Châu Thành" not in html
    assert "<strong>2</strong> nhiệm vụ" in html


def test_the_home_page_warns_those_who_answer_for_overdue_tasks(client, world):
    """As the reform officer, or the head of the office owning an overdue task, I am warned
    on my home page; a colleague of an office with nothing overdue is not."""
    with time_machine.travel(NOW):
        client.force_login(world.officer)
        assert "Có 2 nhiệm vụ CCHC đã quá hạn" in client.get(reverse("home")).content.decode()
        client.force_login(world.head)
        assert "Có 1 nhiệm vụ CCHC đã quá hạn" in client.get(reverse("home")).content.decode()
        client.force_login(world.desk)
        assert "nhiệm vụ CCHC đã quá hạn" not in client.get(reverse("home")).content.decode()
