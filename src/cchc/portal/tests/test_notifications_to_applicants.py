"""Applicants who submitted online are told what happens to their dossier, by e-mail when they
gave an address and by SMS or Zalo when they chose it, with no personal data in the text."""

import pytest
from django.core import mail

from cchc.core.messaging import LoggingBackend
from cchc.dossiers import services

from .online import T0, accepted, lan_applies, later, local, online_world, pdf, png, public_setup  # noqa: F401

pytestmark = pytest.mark.django_db

PERSONAL = ("Nguyễn Thị Lan", "084190001234", "0901234567", "Ấp Chợ")


@pytest.fixture
def apply(online, django_capture_on_commit_callbacks):
    """Submit an application (events delivered as after a real commit)."""

    def submit(channel="email", email="lan@example.vn"):
        with django_capture_on_commit_callbacks(execute=True):
            return lan_applies(online, channel, email)

    return submit


def no_personal_data(text: str) -> bool:
    return not any(value in text for value in PERSONAL)


def test_acceptance_sends_the_code_appointment_and_lookup_link(
    online, apply, django_capture_on_commit_callbacks
):
    """As an applicant who chose SMS and gave an e-mail, I get both when the desk accepts:
    the dossier code, the appointment and the lookup link."""
    application = apply(channel="sms")
    assert len(mail.outbox) == 1 and application.reference in mail.outbox[0].body  # received
    mail.outbox.clear()
    LoggingBackend.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        d = services.accept_online(online.desk, application.dossier, at=local("2026-03-02 09:00"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan@example.vn"]
    assert message.subject == f"Hồ sơ đã được tiếp nhận – {d.code}"
    for expected in (
        d.code,
        application.reference,
        "09:00 ngày 05/03/2026",
        f"https://dichvucong.example.vn/dvc/tra-cuu/{d.code}/",
    ):
        assert expected in message.body
    assert no_personal_data(message.body)
    assert LoggingBackend.sent == [("sms", "0901234567", message.body)]


def test_incomplete_and_refused_applications_are_told_what_and_why(
    online, apply, django_capture_on_commit_callbacks
):
    """As an applicant, I am told which papers to complete, and why an application is refused."""
    first = apply()
    second = apply(channel="zalo", email="")
    mail.outbox.clear()
    LoggingBackend.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.online_incomplete(online.desk, first.dossier, ["Tờ khai có chữ ký", "Ảnh 4x6"])
        services.refuse_online(online.desk, second.dossier, "Không thuộc thẩm quyền của xã")
    assert len(mail.outbox) == 1  # the second gave no e-mail
    body = mail.outbox[0].body
    assert "Cần bổ sung, hoàn thiện: Tờ khai có chữ ký; Ảnh 4x6" in body
    assert first.reference in body and no_personal_data(body)
    [(channel, to, text)] = LoggingBackend.sent
    assert (channel, to) == ("zalo", "0901234567")
    assert "không được tiếp nhận. Lý do: Không thuộc thẩm quyền của xã" in text
    assert second.reference in text and no_personal_data(text)


def test_supplement_result_and_return_are_told(
    online, apply, django_capture_on_commit_callbacks, monkeypatch
):
    """As an applicant I hear when papers are asked for (and by when), when the result is
    ready, and when it was returned, with the link to rate the handling."""
    import cchc.feedback.services as feedback

    monkeypatch.setattr(feedback, "rating_url", lambda d: f"https://dvc.example.vn/danh-gia/{d}/")
    w = online
    application = apply()
    with django_capture_on_commit_callbacks(execute=True):
        d = services.accept_online(w.desk, application.dossier, at=later(10))
        d = services.start_processing(w.desk, d, note="nội bộ: xem kỹ", at=later(20))
        d = services.request_supplement(
            w.specialist, d, "Bản sao CCCD của mẹ", deadline=local("2026-03-16 17:00"), at=later(30)
        )
        d = services.receive_supplement(w.desk, d, at=later(40))
        d = services.mark_result_ready(w.all_roles, d, at=later(50))
        d = services.return_result(w.desk, d, at=later(60))
    subjects = [m.subject.split(" – ")[0] for m in mail.outbox]
    assert subjects == [
        "Đã nhận hồ sơ trực tuyến",
        "Hồ sơ đã được tiếp nhận",
        "Yêu cầu bổ sung giấy tờ",
        "Hồ sơ đã có kết quả",
        "Hồ sơ đã được trả kết quả",
    ]
    bodies = [m.body for m in mail.outbox]
    assert (
        "cần bổ sung giấy tờ: Bản sao CCCD của mẹ. Hạn bổ sung: 17:00 ngày 16/03/2026." in bodies[2]
    )
    assert "Kết quả được trả trực tuyến" in bodies[3]
    assert f"https://dvc.example.vn/danh-gia/{d.pk}/" in bodies[4]
    assert all(no_personal_data(b) and "nội bộ" not in b for b in bodies)


def test_dossiers_taken_in_at_the_desk_send_nothing(online, django_capture_on_commit_callbacks):
    """As an applicant who came to the counter I get my paper receipt, not portal messages."""
    with django_capture_on_commit_callbacks(execute=True):
        d = accepted(online, email="lan@example.vn")
        services.start_processing(online.desk, d, at=later(10))
    assert mail.outbox == [] and LoggingBackend.sent == []


def test_a_failing_mail_server_does_not_undo_the_desk_action(
    online, apply, django_capture_on_commit_callbacks, monkeypatch
):
    """As a desk officer my acceptance stands even if the e-mail cannot be sent."""
    from .. import notifications

    application = apply()

    def down(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(notifications, "send_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        d = services.accept_online(online.desk, application.dossier, at=later(10))
    d.refresh_from_db()
    assert d.status == 2 and d.code
