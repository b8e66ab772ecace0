"""Searching the catalogue the way people type: with or without diacritics, any case."""

import pytest
from django.urls import reverse

from ..queries import ProcedureFilters, search_procedures
from .factories import ProcedureFactory


def names(q: str) -> set[str]:
    return set(search_procedures(ProcedureFilters(q=q)).values_list("name", flat=True))


@pytest.fixture
def catalogue(db):
    ProcedureFactory(code="1.001193", name="Đăng ký khai sinh")
    ProcedureFactory(code="1.000894", name="Đăng ký kết hôn")
    ProcedureFactory(code="2.000001", name="Đính chính Giấy chứng nhận đã cấp")
    ProcedureFactory(code="2.000002", name="Hòa giải tranh chấp đất đai")
    ProcedureFactory(code="3.000001", name="Chứng thực di chúc")


def test_search_without_diacritics_finds_the_vietnamese_name(catalogue):
    """As a one-stop officer typing fast, "dang ky khai sinh" finds "Đăng ký khai sinh"."""
    assert names("dang ky khai sinh") == {"Đăng ký khai sinh"}
    assert names("DANG KY") == {"Đăng ký khai sinh", "Đăng ký kết hôn"}
    assert names("khai sinh đăng ký") == {"Đăng ký khai sinh"}  # words in any order


def test_d_with_stroke_matches_d_in_both_cases(catalogue):
    """As a user, "Đ", "đ" and "d" are the same letter when searching."""
    assert names("đất đai") == {"Hòa giải tranh chấp đất đai"}
    assert names("DAT DAI") == {"Hòa giải tranh chấp đất đai"}
    assert names("ĐÍNH CHÍNH") == names("dinh chinh") == {"Đính chính Giấy chứng nhận đã cấp"}
    everything_with_d = {
        "Đăng ký khai sinh",
        "Đăng ký kết hôn",
        "Đính chính Giấy chứng nhận đã cấp",
        "Hòa giải tranh chấp đất đai",
        "Chứng thực di chúc",
    }
    assert names("Đ") == names("đ") == names("d") == everything_with_d
    assert names("Đăng") == names("dang") == {"Đăng ký khai sinh", "Đăng ký kết hôn"}


def test_search_by_code_prefix(catalogue):
    """As a specialist with a national procedure code, I can type the code."""
    assert names("1.001193") == {"Đăng ký khai sinh"}
    assert names("2.0000") == {"Đính chính Giấy chứng nhận đã cấp", "Hòa giải tranh chấp đất đai"}


def test_search_box_on_the_page_has_a_label_and_works_without_javascript(
    client, specialist, catalogue
):
    """As a user without JavaScript, the search form submits normally and shows the matches."""
    client.force_login(specialist)
    response = client.get(reverse("procedure-list"), {"q": "chung thuc"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_q">' in page
    assert "Chứng thực di chúc" in page and "Đăng ký khai sinh" not in page


def test_htmx_request_gets_only_the_results(client, specialist, catalogue):
    """As a user typing in the search box, the results update in place (htmx partial)."""
    client.force_login(specialist)
    response = client.get(reverse("procedure-list"), {"q": "ket hon"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Đăng ký kết hôn" in page
    assert "<html" not in page


def test_the_procedure_named_exactly_as_typed_comes_first(db):
    """As a desk officer typing a procedure's full name I get that procedure as the first result."""
    ProcedureFactory(code="A1", name="Cấp bản sao trích lục khai sinh")
    ProcedureFactory(code="A2", name="Đăng ký khai sinh có yếu tố nước ngoài")
    ProcedureFactory(code="A3", name="Đăng ký khai sinh")
    found = list(
        search_procedures(ProcedureFilters(q="dang ky khai sinh")).values_list("code", flat=True)
    )
    assert found == ["A3", "A2"]
