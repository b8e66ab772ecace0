"""The public pages under /dvc/y-kien/: every form needs its CSRF token, every POST (and the
personal link) is rate-limited per address, no page shows another applicant's data, and a
wrong dossier code, a wrong check value, an unknown token or an unknown feedback code all
get the same answer."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cchc.dossiers.models import Status

from .. import services
from ..models import Feedback, Rating, RatingSource
from .factories import dossier_in, item, local

pytestmark = pytest.mark.django_db

PERSONAL = ("Nguyễn Thị Lan", "0901234567", "084190001234", "lan@example.vn", "Ấp Chợ")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def text(response) -> str:
    return CSRF.sub("", response.content.decode())


def no_personal_data(html: str) -> None:
    for value in PERSONAL:
        assert value not in html, value


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def csrf_post(client, url, data):
    page = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    return client.post(url, {**data, "csrfmiddlewaretoken": token})


FEEDBACK = {
    "content": "regulation",
    "subject": "Thành phần hồ sơ khai sinh",
    "body": "Tôi là Nguyễn Thị Lan, đề nghị hướng dẫn rõ thành phần hồ sơ.",
    "sender_name": "Nguyễn Thị Lan",
    "sender_phone": "0901234567",
}


def test_sending_feedback_needs_the_csrf_token(csrf_client, world):
    """As a citizen I send feedback from the portal with the page's form and receive a code
    to follow it; a POST without the form's token is refused and nothing is recorded."""
    url = reverse("portal-feedback")
    data = {**FEEDBACK, "unit": world.commune.pk}
    assert csrf_client.post(url, data).status_code == 403
    assert not Feedback.objects.exists()
    sent = csrf_post(csrf_client, url, data)
    assert sent.status_code == 302 and sent["Location"] == reverse("feedback-sent")
    code = Feedback.objects.get().code
    page = csrf_client.get(sent["Location"])
    assert code in page.content.decode() and "Hạn trả lời" in page.content.decode()
    assert csrf_client.get(sent["Location"]).status_code == 302  # shown once
    found = Feedback.objects.get()
    assert (found.channel, found.unit, found.sender_phone) == (
        "online",
        world.commune,
        "0901234567",
    )


def test_sending_feedback_is_throttled(client, world):
    """As the portal I accept five submissions per address in ten minutes, then say so."""
    data = {**FEEDBACK, "unit": world.commune.pk}
    codes = [client.post(reverse("portal-feedback"), data).status_code for _ in range(6)]
    assert codes == [302] * 5 + [429]
    assert Feedback.objects.count() == 5
    assert "quá nhiều lần" in client.post(reverse("portal-feedback"), data).content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(reverse("portal-feedback"), data).status_code == 302


def test_a_dossier_is_linked_only_with_its_check_value(client, world):
    """As a citizen naming my dossier I must give its check value; a wrong code and a wrong
    check value get the same message and nothing is recorded."""
    d = dossier_in(world, Status.RETURNED)
    data = {**FEEDBACK, "unit": world.commune.pk}
    answers = set()
    for code, check in ((d.code, "0000"), (d.code[:-1] + "9", "4567")):
        page = client.post(
            reverse("portal-feedback"), {**data, "dossier_code": code, "dossier_check": check}
        )
        assert page.status_code == 400
        answers.add(re.search(r'id="id_dossier_code_error">([^<]+)<', page.content.decode())[1])
    assert answers == {services.WRONG_CODE_OR_CHECK} and not Feedback.objects.exists()
    client.post(
        reverse("portal-feedback"), {**data, "dossier_code": d.code, "dossier_check": "4567"}
    )
    assert Feedback.objects.get().dossier == d


def test_following_and_published_answers_show_no_personal_data(client, world):
    """As a citizen I follow my item by its code and read the published answers: the
    sender's name, phone and words are never shown, only the question as the unit rewrote
    it; an unknown code is 404 with the same words as a mistyped one."""
    found = item(world, body=FEEDBACK["body"], sender_name="Nguyễn Thị Lan")
    found = services.answer(world.reform, found, text="Xem Điều 16 Luật Hộ tịch.")
    services.publish(world.reform, found, public_question="Đề nghị hướng dẫn thành phần hồ sơ.")
    item(world, subject="Chưa công khai")
    answers = client.get(reverse("feedback-answers")).content.decode()
    assert "Đề nghị hướng dẫn thành phần hồ sơ." in answers and "Điều 16" in answers
    assert "Chưa công khai" not in answers
    no_personal_data(answers)
    followed = client.post(reverse("feedback-follow"), {"code": found.code.lower()})
    html = followed.content.decode()
    assert followed.status_code == 200 and "Đã trả lời" in html and "Điều 16" in html
    no_personal_data(html)
    unknown = client.post(reverse("feedback-follow"), {"code": found.code[:-1] + "2"})
    garbage = client.post(reverse("feedback-follow"), {"code": "abc"})
    assert unknown.status_code == garbage.status_code == 404
    assert text(unknown) == text(garbage)


def test_the_link_page_shows_only_the_procedure_and_dates(client, world):
    """As whoever holds the personal link I see the procedure's name and the dates — no
    name, phone, identity number, address or dossier code — and I rate once."""
    d = dossier_in(world, Status.RETURNED)
    url = reverse("rating-link", args=[services.invite(d).token])
    html = client.get(url).content.decode()
    assert world.procedure.name in html and "02/03/2026" in html
    no_personal_data(html)
    assert d.code not in html
    posted = client.post(url, {"i6": "2", "staff_satisfaction": "2", "result_satisfaction": "2"})
    assert posted.status_code == 302 and posted["Location"] == url
    assert Rating.objects.get().source == RatingSource.LINK
    assert "Cảm ơn" in client.get(url).content.decode()
    again = client.post(url, {"i6": "0", "staff_satisfaction": "0", "result_satisfaction": "0"})
    assert again.status_code == 200 and Rating.objects.get().score_6 == 2


def test_unknown_tokens_look_alike(client, world):
    """As someone guessing links I get the same 404 page for any unknown token."""
    dossier_in(world, Status.RETURNED)
    pages = [client.get(reverse("rating-link", args=[t])) for t in ("abc", "x" * 43)]
    assert [p.status_code for p in pages] == [404, 404]
    assert text(pages[0]) == text(pages[1])
    survey = client.get(reverse("survey-public", args=["khong-co"]))
    assert survey.status_code == 404


def test_the_kiosk_refuses_wrong_codes_and_check_values_alike(client, world):
    """As someone trying codes at the kiosk I cannot tell a wrong code from a wrong check
    value, nor a sequential code of another applicant from a code that does not exist."""
    d = dossier_in(world, Status.RETURNED)
    neighbour = dossier_in(world, Status.RETURNED)  # the next code of the day
    url = reverse("rating-kiosk")
    answers = [
        client.post(url, {"code": code, "check": check})
        for code, check in (
            (d.code, "9999"),
            (neighbour.code, "0000"),
            (d.code[:-4] + "9999", "4567"),
        )
    ]
    assert [a.status_code for a in answers] == [400, 400, 400]
    assert len({text(a) for a in answers}) == 1
    assert services.WRONG_CODE_OR_CHECK in text(answers[0])
    for page in answers:
        no_personal_data(page.content.decode())


def test_the_kiosk_opens_the_rating_and_returns_to_the_start(client, world):
    """As a citizen at the kiosk I type my code and check value, answer, and the kiosk is
    ready for the next person; my rating is marked as given at the kiosk."""
    d = dossier_in(world, Status.RETURNED)
    form = client.post(reverse("rating-kiosk"), {"code": d.code, "check": "4567"})
    html = form.content.decode()
    assert form.status_code == 200 and 'name="kiosk" value="1"' in html
    no_personal_data(html)
    action = re.search(r'action="(/dvc/y-kien/danh-gia/[^"]+/)"', html)[1]
    done = client.post(
        action, {"kiosk": "1", "i6": "2", "staff_satisfaction": "1", "result_satisfaction": "2"}
    )
    assert done.status_code == 302 and done["Location"] == reverse("rating-kiosk")
    assert Rating.objects.get().source == RatingSource.KIOSK
    assert "Mời người tiếp theo" in client.get(done["Location"]).content.decode()


def test_the_kiosk_is_throttled_per_address(client, world):
    """As the kiosk I allow ten tries per address in five minutes, then ask to wait; the
    right code is refused too while the address waits."""
    d = dossier_in(world, Status.RETURNED)
    url = reverse("rating-kiosk")
    codes = [client.post(url, {"code": d.code, "check": "0000"}).status_code for _ in range(10)]
    assert codes == [400] * 10
    blocked = client.post(url, {"code": d.code, "check": "4567"})
    assert blocked.status_code == 429 and "quá nhiều lần" in blocked.content.decode()


def test_rating_forms_need_the_csrf_token(csrf_client, world):
    """As the portal I refuse a rating posted without the page's token."""
    d = dossier_in(world, Status.RETURNED)
    url = reverse("rating-link", args=[services.invite(d).token])
    data = {"i6": "2", "staff_satisfaction": "2", "result_satisfaction": "2"}
    assert csrf_client.post(url, data).status_code == 403
    assert (
        csrf_client.post(reverse("rating-kiosk"), {"code": d.code, "check": "4567"}).status_code
        == 403
    )
    assert not Rating.objects.exists()
    assert csrf_post(csrf_client, url, data).status_code == 302


def test_answering_a_survey_online(client, world):
    """As a citizen with the campaign's link I answer while it runs and am thanked; the page
    asks for no personal data."""
    from datetime import date

    import time_machine

    survey = services.create_survey(
        world.reform,
        world.commune,
        title="Khảo sát hài lòng",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31),
        template="informal_costs",
    )
    url = reverse("survey-public", args=[survey.token])
    first, _, last = survey.questions.all()
    with time_machine.travel(local("2026-03-10 09:00")):
        assert "Gửi phiếu" in client.get(url).content.decode()
        done = client.post(url, {f"q{first.pk}": "0", f"q{last.pk}": "2"})
        assert done.status_code == 200 and "Cảm ơn" in done.content.decode()
    with time_machine.travel(local("2026-04-10 09:00")):
        closed = client.get(url).content.decode()
    assert "không nhận phiếu" in closed and "Gửi phiếu" not in closed
    assert survey.responses.count() == 1
