"""Nobody learns from the lookup whether a dossier code exists: an unknown code, another
applicant's code, the next code in sequence, a wrong check value and an unknown reference all
get the same answer (same status, same text, the same work)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from ..rules import new_reference
from ..services import Submission, new_token, submit_application
from .online import accepted, later, online_world, pdf, png, public_setup  # noqa: F401

pytestmark = pytest.mark.django_db

LAN = {"name": "Nguyễn Thị Lan", "phone": "0901234567", "id_number": "084190001234"}
BINH = {"name": "Trần Văn Bình", "phone": "0987000111", "id_number": "084085005678"}


def look_up(client, key, check):
    return client.post(reverse("portal-lookup"), {"ma_ho_so": key, "so_kiem_tra": check})


def normalised(response, key: str) -> str:
    """The page without what legitimately differs: the per-request CSRF token and the key the
    visitor typed (echoed back in the form)."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", html)
    return html.replace(f'value="{escape(key)}"', 'value=""')


@pytest.fixture
def two_applicants(online):
    w = online
    lan = accepted(w, **LAN)
    binh = accepted(w, at=later(5), **BINH)
    application, _ = submit_application(
        w.procedure,
        Submission(w.commune, "Lê Thị Cúc", "084199009999", "0911222333", "Ấp Mới", "c@x.vn"),
        {w.components[0].pk: pdf(), w.components[1].pk: png()},
        new_token(),
    )
    return lan, binh, application


def sequential(code: str, step: int) -> str:
    head, number = code.rsplit("-", 1)
    return f"{head}-{int(number) + step:04d}"


def test_every_miss_gets_the_same_answer(two_applicants, client):
    """As an applicant I trust that someone trying codes and check values cannot tell a code
    that exists from one that does not, nor learn anything about another applicant."""
    lan, binh, application = two_applicants
    tries = [
        ("unknown code", "H56.30.01-991231-0001", "4567"),
        ("another applicant's code with my digits", binh.code, "4567"),
        ("the next code in sequence", sequential(binh.code, 1), "4567"),
        ("the previous code", sequential(lan.code, -1), "0111"),
        ("wrong check value", lan.code, "0000"),
        ("another applicant's digits", lan.code, "0111"),
        ("unknown reference", new_reference(), "2333"),
        ("another applicant's reference", application.reference, "4567"),
        ("a code typed as garbage", "'; DROP TABLE --", "4567"),
    ]
    answers = {}
    for label, key, check in tries:
        response = look_up(client, key, check)
        answers[label] = (response.status_code, normalised(response, key))
    statuses = {status for status, _ in answers.values()}
    bodies = {body for _, body in answers.values()}
    assert statuses == {404}, answers.keys()
    assert len(bodies) == 1
    body = bodies.pop()
    assert "Không tìm thấy hồ sơ với mã và số kiểm tra đã nhập." in body
    for person in (LAN, BINH):
        for value in person.values():
            assert value not in body
    for hint in ("N. T. L.", "T. V. B.", "Đang giải quyết", "Đăng ký khai sinh"):
        assert hint not in body


def test_a_miss_takes_the_same_work_whether_the_code_exists_or_not(two_applicants, client):
    """As an applicant I trust that the answer's timing does not tell that my code exists:
    one query and the same comparisons either way."""
    lan, _binh, _application = two_applicants
    counts = []
    for key in (lan.code, "H56.30.01-991231-0001"):
        with CaptureQueriesContext(connection) as queries:
            assert look_up(client, key, "0000").status_code == 404
        counts.append([q["sql"].split(" WHERE ")[0] for q in queries.captured_queries])
    assert counts[0] == counts[1] and len(counts[0]) == 1


def test_the_qr_address_reveals_nothing_by_itself(two_applicants, client):
    """As an applicant whose receipt's QR address is guessed, the page only fills in the code:
    a real code and an unknown one give the same page."""
    lan, _binh, _application = two_applicants
    pages = []
    for code in (lan.code, "H56.30.01-991231-0001"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("portal-lookup-code", args=[code]))
        assert response.status_code == 200 and not queries.captured_queries
        pages.append(normalised(response, code))
    assert pages[0] == pages[1]


def test_the_right_pair_still_opens_each_dossier(two_applicants, client):
    """As each applicant my own code and digits open my own dossier, with my initials only."""
    lan, binh, application = two_applicants
    assert "N. T. L." in look_up(client, lan.code, "4567").content.decode()
    assert "T. V. B." in look_up(client, binh.code, "5678").content.decode()
    assert "L. T. C." in look_up(client, application.reference, "9999").content.decode()
