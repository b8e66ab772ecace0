"""Who sees which 766 figures. Staff pages: the reform index roles only (403 for others), a
unit out of the user's reach answers 404, the ranking lists only the units the user may see;
the public page needs no login, shows every unit's index, trend and ranking and nothing about
any applicant; a choice that cannot be read answers 400 with its Vietnamese message."""

from datetime import date

import pytest
from django.urls import reverse

from cchc.reporting import sources

from .test_service_index_formulas import month_of_dossiers, rule_set_766, world  # noqa: F401

pytestmark = pytest.mark.django_db

MARCH = {"period": "2025-03"}


@pytest.fixture
def w(client, monkeypatch):
    monkeypatch.delitem(sources._registry, "feedback.satisfaction_rate", raising=False)
    w = world()
    month_of_dossiers(w, w.a)
    month_of_dossiers(w, w.b)
    return w


def page(client, user, name="service-index", **params):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(name), params)


def test_the_officer_sees_the_units_index_with_every_indicator(client, w):
    """As the reform officer of xã Tân Hòa I open its index for March 2025 and read every
    indicator's numerator, denominator and points, the groups, the rule set and the trend."""
    response = page(client, w.officer_a, unit=w.a.pk, **MARCH)
    assert response.status_code == 200
    html = response.content.decode()
    outcome = response.context["outcome"]
    assert outcome.scope.unit == w.a and outcome.window.label == "2025-03"
    assert html.count('data-indicator="') == 14
    assert html.count('data-group="') == 6
    row = html.split('data-indicator="2.1"')[1].split("</tr>")[0]
    assert ">9<" in row and ">12<" in row and "75%" in row and "<strong>15</strong>" in row
    assert "Chưa có số liệu" in html.split('data-indicator="5.1"')[1].split("</tr>")[0]
    assert "phiên bản 1, áp dụng từ ngày 23/06/2022" in html
    assert "Quyết định số 766/QĐ-TTg" in html
    # the trend: twelve months of 2025 (a past year for this clock) and its chart
    assert html.count('data-month="2025-') == 12
    assert "<svg" in html
    # 71,71 in the formulas' test less indicator 1.2, which nobody entered here:
    # 51,97 of 74 points counted
    assert (response.context["summary"].points, response.context["summary"].max) == (
        "51,97",
        "74",
    )
    assert response.context["summary"].index == "70,23"


def test_another_units_figures_are_not_found(client, w):
    """As the reform officer of xã Tân Hòa I cannot open xã Thạnh Xuân's index: 404."""
    assert page(client, w.officer_a, unit=w.b.pk, **MARCH).status_code == 404
    assert page(client, w.officer_a, unit=w.district.pk, **MARCH).status_code == 404
    # the district's officer reaches both communes
    assert page(client, w.district_officer, unit=w.b.pk, **MARCH).status_code == 200


def test_the_wrong_role_is_refused(client, w):
    """As a specialist of xã Tân Hòa, without a reform index role, I am refused: 403."""
    assert page(client, w.specialist_a, unit=w.a.pk, **MARCH).status_code == 403
    assert page(client, w.specialist_a, "service-index-ranking", **MARCH).status_code == 403


def test_staff_pages_need_a_login(client, w):
    """As a visitor I am sent to the log-in page from the staff pages."""
    for name in ("service-index", "service-index-ranking"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_ranking_lists_only_units_the_user_sees_and_ties_share_a_rank(client, w):
    """As the district's reform officer I rank its communes for March 2025: the two with the
    same figures share rank 1; the commune's own officer sees only his commune."""
    response = page(client, w.district_officer, "service-index-ranking", kind="commune", **MARCH)
    assert response.status_code == 200
    rows = response.context["ranking_rows"]
    assert [(r.name, r.rank, r.index) for r in rows] == [
        ("UBND xã Tân Hòa", "1", "70,23"),
        ("UBND xã Thạnh Xuân", "1", "70,23"),
    ]
    html = response.content.decode()
    assert f"?unit={w.a.pk}&amp;period=2025-03" in html
    response = page(client, w.officer_a, "service-index-ranking", kind="commune", **MARCH)
    assert [r.name for r in response.context["ranking_rows"]] == ["UBND xã Tân Hòa"]
    # a kind the user has no unit of is not a choice
    response = page(client, w.officer_a, "service-index-ranking", kind="district", **MARCH)
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2025", "Chỉ số 766 tính theo tháng hoặc quý"),
        ("2025-H1", "Chỉ số 766 tính theo tháng hoặc quý"),
        ("2099-01", "Kỳ tháng 1 năm 2099 chưa bắt đầu."),
        ("quý một", "không hợp lệ"),
    ],
)
def test_a_period_that_cannot_be_read_answers_400(client, w, period, message):
    """As the reform officer who typed a wrong period I see why, in Vietnamese: 400."""
    response = page(client, w.officer_a, unit=w.a.pk, period=period)
    assert response.status_code == 400
    assert message in response.content.decode()
    response = client.get(reverse("service-index-public"), {"unit": w.a.pk, "period": period})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_public_page_needs_no_login_and_shows_no_applicant(client, w):
    """As a citizen I open the 766 page without logging in, choose xã Tân Hòa and March
    2025, and see its index, groups, trend and the ranking of communes — and nobody's name."""
    response = client.get(reverse("service-index-public"), {"unit": w.a.pk, **MARCH})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cán bộ đăng nhập" in html  # the public layout
    assert 'name="viewport"' in html
    assert html.count('data-indicator="') == 14
    assert html.count('data-month="2025-') == 12
    assert [r.name for r in response.context["ranking_rows"]] == [
        "UBND xã Tân Hòa",
        "UBND xã Thạnh Xuân",
    ]
    assert 'aria-current="true"' in html.split(f'data-unit="{w.a.pk}"')[1].split(">")[0]
    assert "Thứ hạng trong các xã, phường, thị trấn" in html
    assert "Nguyễn Văn Thử" not in html  # the applicants of the dossiers
    assert "CTA-TH-2503" not in html  # nor their dossier codes


def test_the_public_page_opens_with_defaults_and_refuses_unknown_units(client, w):
    """As a citizen I get an index straight away, and a unit that does not exist is not
    found."""
    response = client.get(reverse("service-index-public"))
    assert response.status_code == 200
    assert response.context["outcome"].scope.unit == w.province
    assert client.get(reverse("service-index-public"), {"unit": 999999}).status_code == 404
    assert client.get(reverse("service-index-public"), {"unit": "x"}).status_code == 400


def test_the_subtree_choice_is_shown(client, w):
    """As the district's reform officer I ask for the district with its communes and am
    told whose dossiers were counted."""
    response = page(client, w.district_officer, unit=w.district.pk, children="on", **MARCH)
    assert response.status_code == 200
    assert response.context["outcome"].scope.children is True
    assert "UBND huyện Châu Thành A và các đơn vị trực thuộc tiếp nhận" in response.content.decode()
    figure = response.context["outcome"].result.indicator("2.1").figure
    assert (figure.numerator, figure.denominator) == (18, 24)


def test_a_period_before_the_rules_says_so(client, w):
    """As a citizen choosing a month before Quyết định 766 I am told there are no rules."""
    response = client.get(reverse("service-index-public"), {"unit": w.a.pk, "period": "2022-05"})
    assert response.status_code == 200
    assert "Chưa có bộ chỉ số 766 áp dụng cho tháng 5 năm 2022." in response.content.decode()


def test_period_choices_are_recent_months_and_quarters():
    """As a citizen I pick from the latest months and quarters, newest first."""
    from ..service_index_forms import default_period, period_choices

    choices = period_choices(date(2025, 4, 1))
    months, quarters = choices[0][1], choices[1][1]
    assert months[:2] == [("2025-04", "Tháng 4 năm 2025"), ("2025-03", "Tháng 3 năm 2025")]
    assert quarters[:2] == [("2025-Q2", "Quý II năm 2025"), ("2025-Q1", "Quý I năm 2025")]
    assert default_period(date(2025, 4, 1)) == "2025-03"
    assert period_choices(date(2025, 4, 1), "2022-Q4")[0] == (
        "Kỳ đã chọn",
        [("2022-Q4", "Quý IV năm 2022")],
    )
