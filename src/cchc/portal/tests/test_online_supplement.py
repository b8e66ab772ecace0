"""An applicant whose online dossier the desk found incomplete sends the missing papers from the
lookup page: only the applicant who looked it up, only while the desk's request is pending,
every upload rule applies, and a refused send changes nothing."""

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from cchc.dossiers import services
from cchc.dossiers.models import Attachment, Dossier, HistoryEntry, Status

from .. import queries
from ..services import Submission, new_token, submit_application
from .online import lan_applies, later, online_world, pdf, png, public_setup  # noqa: F401
from .test_submission_upload_rules import BAD_FILES, bad_file, stored_files

pytestmark = pytest.mark.django_db

MISSING = ["Tờ khai có chữ ký của người đi đăng ký", "Ảnh giấy chứng sinh rõ nét"]


@pytest.fixture(autouse=True)
def now_is_a_quarter_to_nine():
    """The applicant's sends happen at 08:45 on T0's day: after the desk's request (08:30),
    before the desk's later actions in the tests (09:00, 09:30)."""
    with time_machine.travel(later(45), tick=True):
        yield


@pytest.fixture
def incomplete(online, django_capture_on_commit_callbacks):
    """An online application the desk found incomplete (events delivered as after a commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        application = lan_applies(online)
        services.online_incomplete(online.desk, application.dossier, MISSING, at=later(30))
    mail.outbox.clear()
    return application


def look_up(client, application):
    return client.post(
        reverse("portal-lookup"), {"ma_ho_so": application.reference, "so_kiem_tra": "4567"}
    )


def supplement_token(html: str) -> str | None:
    found = re.search(r'name="token" value="([^"]+)"', html)
    return found.group(1) if found else None


def send(client, token, files=(), note="", **extra):
    data = {"token": token, "noi_dung": note}
    if files:
        data["tep"] = list(files)
    return client.post(reverse("portal-lookup-supplement"), data, **extra)


def snapshot(dossier):
    return (
        Dossier.objects.filter(pk=dossier.pk).values().get(),
        HistoryEntry.objects.filter(dossier=dossier).count(),
        Attachment.objects.filter(dossier=dossier).count(),
    )


def test_the_applicant_sends_the_missing_papers_and_the_desk_checks_again(
    online, incomplete, client, settings, django_capture_on_commit_callbacks
):
    """As Nguyễn Thị Lan, told my online dossier is incomplete, I look it up, attach the two
    papers with a note, and the desk finds them on the dossier and accepts it."""
    page = look_up(client, incomplete).content.decode()
    assert "Việc ông/bà cần làm: Bổ sung, hoàn thiện hồ sơ" in page
    assert "Gửi giấy tờ bổ sung" in page and 'enctype="multipart/form-data"' in page
    token = supplement_token(page)
    before = len(stored_files(settings))
    with django_capture_on_commit_callbacks(execute=True):
        response = send(
            client,
            token,
            [pdf("to-khai-co-chu-ky.pdf"), png("giay-chung-sinh-ro.png")],
            "Gửi lại tờ khai đã ký",
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal-lookup-supplemented")
    assert (
        "Bộ phận Một cửa đã nhận giấy tờ bổ sung"
        in client.get(response["Location"]).content.decode()
    )

    dossier = Dossier.objects.get(pk=incomplete.dossier_id)
    assert dossier.status == Status.SUBMITTED and dossier.code is None
    last = HistoryEntry.objects.filter(dossier=dossier).latest("id")
    assert (last.action, last.actor_id) == ("supplement_online", None)
    assert last.note == "to-khai-co-chu-ky.pdf; giay-chung-sinh-ro.png\nGửi lại tờ khai đã ký"
    sent = Attachment.objects.filter(dossier=dossier).order_by("-id")[:2]
    assert {a.original_name for a in sent} == {"to-khai-co-chu-ky.pdf", "giay-chung-sinh-ro.png"}
    assert all(a.uploaded_by_id is None for a in sent)
    assert len(stored_files(settings)) == before + 2
    [message] = mail.outbox
    assert message.subject == f"Đã nhận hồ sơ bổ sung, hoàn thiện – {incomplete.reference}"
    assert "Nguyễn Thị Lan" not in message.body and "0901234567" not in message.body

    page = look_up(client, incomplete).content.decode()
    assert "Đã nộp trực tuyến, đang chờ Bộ phận Một cửa kiểm tra" in page
    assert "Đã gửi giấy tờ bổ sung, hoàn thiện hồ sơ trực tuyến" in page  # the timeline
    assert supplement_token(page) is None and "Việc ông/bà cần làm" not in page
    accepted = services.accept_online(online.desk, dossier, at=later(90))
    assert accepted.status == Status.RECEIVED and accepted.code


def test_the_form_is_offered_only_while_the_desk_asks(online, incomplete, client):
    """As an applicant I see the completion form only while the desk's request is open: not
    before it, not after I answered it, not once my dossier is accepted."""
    w = online
    other = Submission(
        w.commune, "Trần Văn Bình", "084190005678", "0907654567", "Ấp Mới", email="b@example.vn"
    )
    fresh, _ = submit_application(
        w.procedure, other, {w.components[0].pk: pdf(), w.components[1].pk: png()}, new_token()
    )
    assert supplement_token(look_up(client, fresh).content.decode()) is None
    token = supplement_token(look_up(client, incomplete).content.decode())
    assert send(client, token, [pdf()]).status_code == 302
    assert supplement_token(look_up(client, incomplete).content.decode()) is None
    # The desk asks again: the form is back, with a new token.
    dossier = Dossier.objects.get(pk=incomplete.dossier_id)
    services.online_incomplete(w.desk, dossier, ["Bản sao CCCD"], at=later(60))
    again = supplement_token(look_up(client, incomplete).content.decode())
    assert again and again != token
    services.accept_online(w.desk, Dossier.objects.get(pk=dossier.pk), at=later(90))
    accepted_page = client.post(
        reverse("portal-lookup"),
        {"ma_ho_so": Dossier.objects.get(pk=dossier.pk).code, "so_kiem_tra": "4567"},
    ).content.decode()
    assert supplement_token(accepted_page) is None


def test_a_used_token_is_refused_and_changes_nothing(online, incomplete, client):
    """As the operator, the same completion posted twice (a reload, a double click) is
    refused the second time with a plain message: nothing is added."""
    token = supplement_token(look_up(client, incomplete).content.decode())
    assert send(client, token, [pdf()]).status_code == 302
    before = snapshot(incomplete.dossier)
    again = send(client, token, [pdf()])
    assert again.status_code == 409
    assert "Hồ sơ vừa được Bộ phận Một cửa cập nhật" in again.content.decode()
    assert snapshot(incomplete.dossier) == before


def test_a_desk_action_in_between_is_a_conflict(online, incomplete, client):
    """As an applicant who kept the page open while the desk asked for something else, my send
    is refused and I am told to look the dossier up again."""
    token = supplement_token(look_up(client, incomplete).content.decode())
    dossier = Dossier.objects.get(pk=incomplete.dossier_id)
    services.online_incomplete(online.desk, dossier, ["Bản sao CCCD"], at=later(60))
    before = snapshot(dossier)
    response = send(client, token, [pdf()])
    assert response.status_code == 409
    assert "Vui lòng tra cứu lại hồ sơ để xem yêu cầu mới nhất" in response.content.decode()
    assert snapshot(dossier) == before


def test_forged_expired_and_foreign_tokens_change_nothing(online, incomplete, client, monkeypatch):
    """As the operator, nobody sends papers into a dossier they did not look up: a made-up,
    altered or expired token gets the same "look it up again" page and nothing is written."""
    token = supplement_token(look_up(client, incomplete).content.decode())
    before = snapshot(incomplete.dossier)
    forged = queries.signing.dumps([incomplete.dossier_id, 1], salt="another-salt")
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in ("", "abc", forged, altered):
        response = send(client, bad, [pdf()])
        assert response.status_code == 400
        assert "Phiên bổ sung hồ sơ đã hết hạn hoặc không hợp lệ" in response.content.decode()
    monkeypatch.setattr(queries, "SUPPLEMENT_MAX_AGE", -1)  # every token is now too old
    assert send(client, token, [pdf()]).status_code == 400
    assert snapshot(incomplete.dossier) == before


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_every_upload_rule_refuses_the_completion(online, incomplete, client, settings, case):
    """As the operator I accept in a completion only what I accept in an application: one bad
    file sends the form back with the reason and nothing is kept, not even the good file."""
    token = supplement_token(look_up(client, incomplete).content.decode())
    before, files = snapshot(incomplete.dossier), len(stored_files(settings))
    upload, message = bad_file(case)
    response = send(client, token, [pdf(), upload])
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and f"Tệp “{upload.name}”" in html
    assert supplement_token(html) == token  # the form again, ready for another try
    assert snapshot(incomplete.dossier) == before and len(stored_files(settings)) == files


def test_too_big_too_many_or_nothing_is_refused(online, incomplete, client, settings):
    """As the operator I refuse a file over the size limit, more than ten files at once, and a
    send with neither a file nor a note."""
    settings.CCHC_ATTACHMENT_MAX_BYTES = 1024
    token = supplement_token(look_up(client, incomplete).content.decode())
    before, files_before = snapshot(incomplete.dossier), len(stored_files(settings))
    cases = {
        "Tệp quá lớn": [pdf(size=2048)],
        "tối đa 10 tệp": [pdf(f"to-{n}.pdf") for n in range(11)],
        "Vui lòng đính kèm giấy tờ bổ sung hoặc ghi rõ nội dung bổ sung": [],
    }
    for message, files in cases.items():
        response = send(client, token, files)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert snapshot(incomplete.dossier) == before
    assert len(stored_files(settings)) == files_before


def test_a_note_alone_is_enough(online, incomplete, client):
    """As an applicant whose missing item is an explanation, I can send a note without a file."""
    token = supplement_token(look_up(client, incomplete).content.decode())
    assert send(client, token, note="Tên cha mẹ ghi theo giấy kết hôn").status_code == 302
    last = HistoryEntry.objects.filter(dossier=incomplete.dossier).latest("id")
    assert (last.action, last.note) == ("supplement_online", "Tên cha mẹ ghi theo giấy kết hôn")


def test_sending_is_throttled_and_needs_the_csrf_token(online, incomplete, settings):
    """As the operator, completions count against the submission limit of the address, and a
    post from another site (no CSRF token) is refused."""
    settings.CCHC_SUBMIT_RATE = "1/3600"
    client = Client(REMOTE_ADDR="203.0.113.30")
    token = supplement_token(look_up(client, incomplete).content.decode())
    first = send(client, token, note="Đã ký tờ khai")
    assert first.status_code == 302
    refused = send(client, token, note="Lần nữa")
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    strict = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.31")
    before = snapshot(incomplete.dossier)
    assert send(strict, token, note="Từ trang khác").status_code == 403
    assert snapshot(incomplete.dossier) == before


def test_the_completed_page_shows_no_dossier_data(online, incomplete, client):
    """As anyone opening the confirmation address, I learn nothing about any dossier."""
    html = client.get(reverse("portal-lookup-supplemented")).content.decode()
    assert incomplete.reference not in html and "N. T. L." not in html
    assert client.post(reverse("portal-lookup-supplemented")).status_code == 405
    assert client.get(reverse("portal-lookup-supplement")).status_code == 405


def test_the_desk_queue_tells_waiting_from_completed(online, incomplete, client):
    """As the desk officer, my online queue shows which dossiers wait for the applicant and which
    the applicant has completed, so I check those first."""
    from cchc.units.tests.factories import PASSWORD

    desk = Client()
    desk.login(username=online.desk.username, password=PASSWORD)
    queue = reverse("dossier-queues") + "?hang=online"
    assert "Chờ người nộp bổ sung" in desk.get(queue).content.decode()
    token = supplement_token(look_up(client, incomplete).content.decode())
    assert send(client, token, [pdf()]).status_code == 302
    html = desk.get(queue).content.decode()
    assert "Người nộp đã bổ sung" in html and "Chờ người nộp bổ sung" not in html


def test_a_refusal_of_the_services_is_shown_on_the_form(online, incomplete, client, monkeypatch):
    """As an applicant whose file the services refuse after the form accepted it (a rule the
    form does not know), I see the reason on the form and nothing is written."""
    from django.core.exceptions import ValidationError

    def refuse(*args, **kwargs):
        raise ValidationError({"files": "Tệp bị từ chối."})

    monkeypatch.setattr(services, "supplement_online", refuse)
    token = supplement_token(look_up(client, incomplete).content.decode())
    response = send(client, token, [pdf()])
    assert response.status_code == 400
    assert "Tệp bị từ chối." in response.content.decode()
