"""The "Thống kê kết quả giải quyết TTHC" page: the 13-column table of a unit and period, the
records behind each figure, the downloads, and who may see what."""

import io
import json
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from cchc.dossiers.models import Channel
from cchc.units.models import Role
from cchc.workcal.models import CalendarYear

from .factories import build_tree, dossier, insert, local, spread, user_with, xlsx_row

pytestmark = pytest.mark.django_db

FIRST, LAST = date(2022, 12, 15), date(2023, 3, 14)
URL = reverse("dossier-results")


@pytest.fixture
def tree():
    t = build_tree()
    rows = spread(1200, t.civil, t.district, "on_time", first=FIRST, last=LAST)
    insert(rows)
    insert(spread(30, t.land, t.district, "early", first=FIRST, last=LAST, channel=Channel.ONLINE))
    t.late = insert(
        [
            dossier(t.land, t.district, code=f"H56.30-230110-{n:04d}",
                    received_at=local("2023-01-05 08:00"), due_at=local("2023-01-10 17:00"),
                    finished_at=local(f"2023-01-1{n} 09:00"))
            for n in (1, 2)
        ]
    )  # fmt: skip
    t.commune_dossier = insert(
        [
            dossier(t.civil, t.commune, code="H56.30.01-230201-0001",
                    received_at=local("2023-02-01 08:00"), due_at=local("2023-02-01 15:00"),
                    finished_at=local("2023-02-01 10:00"))
        ]
    )[0]  # fmt: skip
    t.officer = user_with([Role.REFORM_OFFICER], t.district, username="cchc_tracu")
    t.neighbour = user_with([Role.REFORM_OFFICER], t.other_district, username="cchc_caungang")
    t.commune_leader = user_with([Role.UNIT_LEADER], t.commune, username="chutich_xa")
    t.desk = user_with([Role.ONE_STOP_OFFICER], t.district, username="motcua_tracu")
    return t


def show(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def q1(tree, **extra):
    return {"unit": tree.district.pk, "period": "2023-Q1", **extra}


def link_of(response, label: str, column_index: int) -> str:
    """The link behind figure `column_index` (0 = column 3) of the row `label`."""
    row = next(r for r in response.context["rows"] if r["label"] == label)
    return row["cells"][column_index][1]


def test_the_page_shows_the_13_column_table_in_vietnamese_numbers(client, tree):
    """As the district reform officer I see my Q1 form with a row per sector, Vietnamese
    numbers, the total row, the footnote and the shares of the narrative."""
    response = show(client, tree.officer, **q1(tree))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Biểu số 06a/VPCP/KSTT" in html
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI UBND HUYỆN TRÀ CÚ" in html
    for header in ("Số hồ sơ nhận giải quyết", "Số hồ sơ đã giải quyết", "Trong hạn", "(13)"):
        assert header in html
    assert [r["label"] for r in response.context["rows"]] == ["Đất đai", "Hộ tịch"]
    assert ">1.232</a>" in html  # the total received, linked
    assert "Tổng cộng" in html
    assert "Ghi chú: Số liệu tính từ hồ sơ" in html
    assert "trực tuyến: 30, đạt 2,4% so với tổng số hồ sơ đã tiếp nhận" in html
    assert "quá hạn: 2, chiếm 0,2%" in html


def test_a_figure_links_to_exactly_the_dossiers_behind_it(client, tree):
    """As the district reform officer I click the late figure of the land sector and see the
    two late dossiers, each linking to its dossier page."""
    response = show(client, tree.officer, **q1(tree))
    link = link_of(response, "Đất đai", 7)  # column 10: resolved late
    assert parse_qs(urlparse(link).query)["column"] == ["resolved_late"]
    records = client.get(link)
    assert records.status_code == 200
    html = records.content.decode()
    assert "Đã giải quyết quá hạn" in html and "Đất đai" in html
    for late in tree.late:
        assert late.code in html
        assert reverse("dossier-detail", args=[late.pk]) in html
    assert tree.commune_dossier.code not in html
    assert [d.code for d in records.context["dossiers"]] == [d.code for d in tree.late]


def test_the_records_list_pages_by_50_without_counting_them_all(client, tree):
    """As the district reform officer the 1.200 on-time civil-status dossiers come 50 a page
    with a next-page link, and the list never runs COUNT(*) over the table."""
    first = show(client, tree.officer, **q1(tree))
    link = link_of(first, "Hộ tịch", 6)  # column 9: on time
    with CaptureQueriesContext(connection) as queries:
        page_one = client.get(link)
    assert len(page_one.context["dossiers"]) == 50 and page_one.context["has_next"]
    assert "Trang sau ›" in page_one.content.decode()
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    last = client.get(f"{link}&trang=24")
    assert len(last.context["dossiers"]) == 50 and not last.context["has_next"]
    assert ">1151</td>" in last.content.decode()  # numbering continues across pages


def test_the_roll_up_shows_level_headings_and_the_communes(client, tree):
    """As the district reform officer I can see the form by unit with my communes."""
    response = show(client, tree.officer, **q1(tree, by="unit", children="on"))
    html = response.content.decode()
    assert "Biểu số 06b/VPCP/KSTT" in html
    assert "Cấp xã" in html and "UBND xã Tập Sơn" in html
    labels = [r["label"] for r in response.context["rows"]]
    assert labels[:2] == ["Cấp huyện", "UBND huyện Trà Cú"]
    link = link_of(response, "UBND xã Phước Hưng", 0)
    assert tree.commune_dossier.code in client.get(link).content.decode()


def test_a_malformed_period_shows_the_vietnamese_error_in_the_form(client, tree):
    """As a reform officer who typed "2023-Q5" I see why, next to the period box."""
    response = show(client, tree.officer, **q1(tree, period="2023-Q5"))
    assert response.status_code == 200
    assert "Kỳ báo cáo “2023-Q5” không hợp lệ" in response.content.decode()
    assert "results" not in response.context


def test_a_quick_choice_fills_the_period(client, tree):
    """As a reform officer I press "Quý này" instead of typing the period."""
    response = show(client, tree.officer, unit=tree.district.pk, period="", quick="2023-Q1")
    assert response.context["form"].cleaned_data["period"] == "2023-Q1"
    assert response.context["results"].total.received_total == 1232
    labels = [label for label, _value in response.context["quick"]]
    assert labels == ["Quý này", "Quý trước", "6 tháng", "Năm"]


def test_the_report_editors_figure_links_open_the_records(client, tree):
    """As a reform officer the figure links of my report (unit, period, column, window,
    children) open the records behind the figure on this page."""
    late_in_commune = dossier(
        tree.civil, tree.commune, code="H56.30.01-230301-0009",
        received_at=local("2023-03-01 08:00"), due_at=local("2023-03-01 15:00"),
        finished_at=local("2023-03-02 10:00"),
    )  # fmt: skip
    insert([late_in_commune])
    client.force_login(tree.officer)
    records = reverse("dossier-results-records")
    params = {"unit": tree.district.pk, "period": "2023-Q1", "column": "resolved_late"}
    own = client.get(records, {**params, "window": "cutoff"})
    assert [d.code for d in own.context["dossiers"]] == [d.code for d in tree.late]
    with_children = client.get(records, {**params, "window": "cutoff", "children": "1"})
    codes = [d.code for d in with_children.context["dossiers"]]
    assert codes == [d.code for d in tree.late] + [late_in_commune.code]


def test_the_first_visit_shows_the_form_for_my_units_only(client, tree):
    """As a commune leader I can only pick my commune; nothing is computed before I ask."""
    response = show(client, tree.commune_leader)
    assert response.status_code == 200
    choices = [value for value, _label in response.context["form"].fields["unit"].widget.choices]
    assert choices == [tree.commune.pk]
    assert "results" not in response.context


def test_another_units_figures_are_not_found(client, tree):
    """As the Cầu Ngang reform officer I cannot read Trà Cú's figures or records (404)."""
    assert show(client, tree.neighbour, **q1(tree)).status_code == 404
    assert show(client, tree.commune_leader, **q1(tree)).status_code == 404
    records = reverse("dossier-results-records")
    assert client.get(records, {**q1(tree), "column": "resolved_late"}).status_code == 404
    download = reverse("dossier-results-download", args=["xlsx"])
    assert client.get(download, q1(tree)).status_code == 404


def test_a_one_stop_officer_may_not_see_statistics(client, tree):
    """As a one-stop desk officer I have no statistics page (403); signed out, I log in."""
    assert show(client, tree.desk, **q1(tree)).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_the_downloads_open_as_xlsx_docx_and_json(client, tree):
    """As the district reform officer I download the form as XLSX, DOCX and JSON."""
    page = show(client, tree.officer, **q1(tree))
    links = dict(page.context["downloads"])
    xlsx = client.get(links["XLSX"])
    assert xlsx.status_code == 200
    assert 'filename="bieu-06a-TRACU-2023-Q1.xlsx"' in xlsx["Content-Disposition"]
    assert xlsx_row(xlsx.content, "Tổng cộng")[2:6] == (1232, 30, 1202, 0)
    docx = client.get(links["DOCX"])
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Số mới tiếp nhận trong kỳ: 1.232" in text
    data = json.loads(client.get(links["JSON"]).content)
    assert data["total"]["resolved_late"] == 2 and data["unit"]["code"] == "TRACU"


def test_an_unconfirmed_calendar_year_is_announced_in_a_banner(client, tree):
    """As a reform officer I am warned that the window's calendar is not confirmed."""
    html = show(client, tree.officer, **q1(tree)).content.decode()
    assert "Lịch làm việc năm 2022, 2023 chưa được xác nhận" in html
    for year in (2022, 2023):
        CalendarYear.objects.create(year=year, notice_ref="TB 1", confirmed_at=timezone.now())
    assert "chưa được xác nhận" not in show(client, tree.officer, **q1(tree)).content.decode()


def test_an_htmx_request_gets_only_the_form_and_table(client, tree):
    """As a reform officer the page updates in place when I change the choice."""
    client.force_login(tree.officer)
    response = client.get(URL, q1(tree), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "Tổng cộng" in html
