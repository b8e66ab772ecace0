"""The public lookup answers the applicant: status in plain words, appointment, public steps,
what to do now, initials only — and nothing an officer wrote for colleagues."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from cchc.dossiers import services
from cchc.dossiers.printing import receipt

from .online import T0, accepted, later, local, online_world, public_setup  # noqa: F401

pytestmark = pytest.mark.django_db

LAN = {"name": "Nguyễn Thị Lan", "phone": "0901234567", "id_number": "084190001234"}


def look_up(client, key, check):
    return client.post(reverse("portal-lookup"), {"ma_ho_so": key, "so_kiem_tra": check})


def test_an_applicant_sees_status_appointment_and_public_steps(online, client):
    """As Nguyễn Thị Lan I type my dossier code and the last 4 digits of my phone and see that it
    is being processed, when to come back, and the public steps — not who handled it."""
    w = online
    d = accepted(w, **LAN)
    d = services.start_processing(w.desk, d, note="Ghi chú nội bộ cho phòng", at=later(10))
    d = services.assign(w.head, d, w.specialist, at=later(20))
    response = look_up(client, d.code, "4567")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đang giải quyết" in html
    assert "08:00, ngày 05/03/2026" in html  # 3 working days from Mon 02/03 08:00
    assert "N. T. L." in html
    assert "Hồ sơ được tiếp nhận" in html and "Chuyển cơ quan chuyên môn giải quyết" in html
    for hidden in ("Nguyễn Thị Lan", "0901234567", "084190001234", "Ấp Chợ", "lan@example.vn"):
        assert hidden not in html
    for staff in (w.desk, w.head, w.specialist):
        assert str(staff) not in html and staff.username not in html
    assert "Ghi chú nội bộ" not in html and "Phân công" not in html
    # The last 4 digits of the ID number open it too.
    assert look_up(client, d.code, "1234").status_code == 200


def test_a_supplement_request_tells_what_is_missing_and_by_when(online, client):
    """As an applicant asked for a supplement I see each missing paper and the deadline."""
    w = online
    d = services.start_processing(w.desk, accepted(w, **LAN), at=later(10))
    services.request_supplement(
        w.specialist,
        d,
        "Bản sao giấy chứng nhận kết hôn\nGiấy chứng sinh bản chính",
        deadline=local("2026-03-16 17:00"),
        at=later(30),
    )
    html = look_up(client, d.code, "4567").content.decode()
    assert "Đang chờ bổ sung giấy tờ" in html
    assert "Việc ông/bà cần làm: Bổ sung giấy tờ" in html
    assert "<li>Bản sao giấy chứng nhận kết hôn</li>" in html
    assert "<li>Giấy chứng sinh bản chính</li>" in html
    assert "Hạn: 17:00, ngày 16/03/2026" in html


def test_a_result_ready_at_the_desk_asks_the_applicant_to_come(online, client):
    """As an applicant whose result is ready I am told to collect it at the desk."""
    w = online
    d = services.start_processing(w.desk, accepted(w, **LAN), at=later(10))
    d = services.mark_result_ready(w.all_roles, d, at=later(60))
    html = look_up(client, d.code, "4567").content.decode()
    assert "Đã có kết quả" in html and "Việc ông/bà cần làm: Nhận kết quả" in html
    assert "Bộ phận Một cửa – UBND xã Phước Hưng" in html


def returned(w):
    d = services.start_processing(w.desk, accepted(w, **LAN), at=later(10))
    d = services.mark_result_ready(w.all_roles, d, at=later(60))
    return services.return_result(w.desk, d, at=later(90))


def test_a_returned_dossier_offers_the_rating_link(online, client, monkeypatch):
    """As an applicant who got my result I find the link to rate how my dossier was handled; it
    takes me to the feedback app's rating page of my dossier."""
    import cchc.feedback.services as feedback

    asked = []

    def rating_url(dossier):
        asked.append(dossier)
        return f"https://dvc.example.vn/danh-gia/{dossier}/"

    monkeypatch.setattr(feedback, "rating_url", rating_url)
    d = returned(online)
    html = look_up(client, d.code, "4567").content.decode()
    assert "Đã trả kết quả" in html and "Đánh giá mức độ hài lòng" in html
    assert asked == []  # the lookup itself does not ask the feedback app
    link = re.search(r'href="(/dvc/tra-cuu/danh-gia/[^"]+/)"', html).group(1)
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == f"https://dvc.example.vn/danh-gia/{d.pk}/"
    assert asked == [d.pk]


def test_a_forged_or_broken_rating_link_is_not_found(online, client, monkeypatch):
    """As the operator, a made-up rating link leads nowhere, and a failing feedback app gives a
    404 instead of an error page."""
    import cchc.feedback.services as feedback

    d = returned(online)
    link = re.search(
        r'href="(/dvc/tra-cuu/danh-gia/[^"]+/)"', look_up(client, d.code, "4567").content.decode()
    ).group(1)
    forged = link.replace(":", "x", 1)
    assert client.get(forged).status_code == 404
    assert client.get(reverse("portal-lookup-rating", args=[f"{d.pk}"])).status_code == 404

    def broken(dossier):
        raise RuntimeError("no rating today")

    monkeypatch.setattr(feedback, "rating_url", broken)
    assert client.get(link).status_code == 404
    assert look_up(client, d.code, "4567").status_code == 200


def test_an_online_application_is_found_by_its_reference_before_it_has_a_code(online, client):
    """As an applicant who submitted online, my reference shows that my papers are incomplete
    and what to add, before the desk gave a code."""
    from ..services import Submission, new_token, submit_application
    from .online import pdf, png

    w = online
    application, _ = submit_application(
        w.procedure,
        Submission(w.commune, "Nguyễn Thị Lan", "084190001234", "0901234567", "Ấp Chợ", "l@x.vn"),
        {w.components[0].pk: pdf(), w.components[1].pk: png()},
        new_token(),
        at=T0,
    )
    html = look_up(client, application.reference.lower(), "4567").content.decode()
    assert "Đã nộp trực tuyến, đang chờ Bộ phận Một cửa kiểm tra" in html
    assert application.reference in html and "N. T. L." in html
    services.online_incomplete(w.desk, application.dossier, ["Tờ khai có chữ ký", "Ảnh 4x6"])
    html = look_up(client, application.reference, "1234").content.decode()
    assert "Cần bổ sung, hoàn thiện hồ sơ" in html
    assert "<li>Tờ khai có chữ ký</li>" in html and "<li>Ảnh 4x6</li>" in html


def test_a_refusal_shows_its_reason(online, client):
    """As an applicant refused at intake I read the reason the desk gave."""
    from ..services import Submission, new_token, submit_application
    from .online import pdf, png

    w = online
    application, _ = submit_application(
        w.procedure,
        Submission(w.commune, "Nguyễn Thị Lan", "084190001234", "0901234567", "Ấp Chợ", "l@x.vn"),
        {w.components[0].pk: pdf(), w.components[1].pk: png()},
        new_token(),
    )
    services.refuse_online(w.desk, application.dossier, "Không thuộc thẩm quyền của xã")
    html = look_up(client, application.reference, "4567").content.decode()
    assert "Không được tiếp nhận" in html and "Không thuộc thẩm quyền của xã" in html
    assert "Hẹn trả kết quả" not in html


def test_the_receipt_qr_code_opens_the_lookup_with_the_code_filled_in(online, client):
    """As an applicant I scan the QR code of my receipt and land on the lookup with my code
    typed in; the page shows nothing about the dossier until I add the check value."""
    w = online
    d = accepted(w, **LAN)
    url = receipt(d).lookup_url
    assert url == f"https://dichvucong.example.vn/dvc/tra-cuu/{d.code}/"
    response = client.get(url.removeprefix("https://dichvucong.example.vn"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{d.code}"' in html
    assert "N. T. L." not in html and "Đang giải quyết" not in html and "05/03/2026" not in html


def test_a_lookup_takes_two_indexed_queries(online, client, django_assert_num_queries):
    """As the operator I keep the public lookup cheap: the dossier by its code with its public
    steps (one statement on PostgreSQL, a second one elsewhere); a miss stops after the first."""
    w = online
    d = services.start_processing(w.desk, accepted(w, **LAN), at=later(10))
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        response = look_up(client, d.code, "4567")
    assert response.status_code == 200
    with django_assert_num_queries(1):
        assert look_up(client, d.code, "0000").status_code == 404


def test_a_malformed_check_value_is_a_400_with_a_message(online, client):
    """As an applicant who typed letters in the check box I am told to type 4 digits."""
    response = look_up(client, "H56.30.01-260302-0001", "45a7")
    assert response.status_code == 400
    assert "Vui lòng nhập đúng 4 chữ số." in response.content.decode()
