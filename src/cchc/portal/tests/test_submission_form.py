"""A citizen submits an application online: the form follows the procedure's components list,
the dossier arrives at the desk as status 1 with the uploaded papers."""

import os

import pytest
from django.urls import reverse

from cchc.catalog.models import OnlineMode
from cchc.dossiers import queries as dossier_queries
from cchc.dossiers.models import Attachment, Channel, Dossier, HistoryEntry, Status

from ..models import OnlineApplication
from .online import form_data, online_world, pdf, public_setup, token_of  # noqa: F401

pytestmark = pytest.mark.django_db


def submit_url(w):
    return reverse("portal-submit", args=[w.procedure.code])


def test_the_form_has_one_upload_per_component_and_the_applicant_details(online, client):
    """As a citizen I see one upload field per paper of the procedure, the mandatory ones
    marked, with my details, how to be notified and how to get the result."""
    w = online
    response = client.get(submit_url(w))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đăng ký khai sinh" in html
    for component in w.components:
        assert f'name="tp_{component.pk}"' in html and component.name in html
    assert html.count('type="file"') == 3
    assert f'name="tp_{w.components[0].pk}" accept=' in html
    assert "Giấy tờ tùy thân của người đi đăng ký (nếu có)" in html
    for label in ("Họ và tên người nộp", "Số định danh cá nhân", "Số điện thoại", "Thư điện tử"):
        assert label in html
    for choice in ("Tin nhắn SMS", "Zalo", "Qua dịch vụ bưu chính công ích", "Trực tuyến"):
        assert choice in html
    # Only the commune with a one-stop desk takes it in.
    assert "UBND xã Phước Hưng" in html and "UBND xã Tập Sơn" not in html
    assert 'name="token"' in html and 'name="csrfmiddlewaretoken"' in html


@pytest.mark.parametrize("case", ["not online", "inactive", "unknown"])
def test_procedures_not_offered_online_have_no_form(online, client, case):
    """As a citizen I cannot submit online a procedure the province does not offer online."""
    w = online
    code = w.procedure.code
    if case == "not online":
        w.procedure.online_mode = OnlineMode.NONE
        w.procedure.save()
    elif case == "inactive":
        w.procedure.active = False
        w.procedure.save()
    else:
        code = "1.999999.000.00.00.H56"
    assert client.get(reverse("portal-submit", args=[code])).status_code == 404
    assert client.post(reverse("portal-submit", args=[code]), {}).status_code == 404


def test_a_complete_application_arrives_at_the_desk_as_status_1(online, client, settings):
    """As a citizen I send my birth registration with its two papers; it arrives at the desk of
    Phước Hưng as a new online dossier without a code or a clock, and I get my reference."""
    w = online
    token = token_of(client.get(submit_url(w)).content.decode())
    response = client.post(submit_url(w), form_data(w, token, noi_dung="Khai sinh cho con thứ hai"))
    html = response.content.decode()
    assert response.status_code == 201
    application = OnlineApplication.objects.get()
    d = application.dossier
    assert application.reference in html
    assert "Mã tra cứu" in html and "https://dichvucong.example.vn/dvc/tra-cuu/" in html
    assert "084190001234" not in html and "0901234567" not in html
    assert (d.status, d.channel, d.code, d.due_at) == (Status.SUBMITTED, Channel.ONLINE, None, None)
    assert d.unit == w.commune and d.return_channel == "online"
    assert d.applicant_name == "Nguyễn Thị Lan" and d.applicant_id_number == "084190001234"
    assert d.request == "Khai sinh cho con thứ hai"
    assert (application.email, application.phone, application.notify_channel) == (
        "lan@example.vn",
        "0901234567",
        "email",
    )
    components = list(d.components.order_by("order").values_list("name", "submitted", "form"))
    assert components == [
        ("Tờ khai đăng ký khai sinh", True, "electronic"),
        ("Giấy chứng sinh", True, "electronic"),
        ("Giấy tờ tùy thân của người đi đăng ký", False, "electronic"),
    ]
    files = list(Attachment.objects.filter(dossier=d).order_by("component__order"))
    assert [(f.original_name, f.component.name) for f in files] == [
        ("to-khai.pdf", "Tờ khai đăng ký khai sinh"),
        ("giay-chung-sinh.png", "Giấy chứng sinh"),
    ]
    for stored in files:
        assert stored.uploaded_by is None
        assert stored.file.path.startswith(str(settings.MEDIA_ROOT))
        assert "to-khai" not in stored.file.name and os.path.exists(stored.file.path)
    assert list(HistoryEntry.objects.filter(dossier=d).values_list("action", "actor")) == [
        ("submit", None)
    ]
    assert d in dossier_queries.online_waiting(w.desk)


def test_return_by_post_needs_an_address_that_the_desk_sees(online, client):
    """As a citizen who wants the result by post I must give the address, and the desk reads it
    with my request."""
    w = online
    token = token_of(client.get(submit_url(w)).content.decode())
    refused = client.post(submit_url(w), form_data(w, token, nhan_ket_qua="post"))
    assert refused.status_code == 400
    assert "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính." in refused.content.decode()
    assert not Dossier.objects.exists()
    response = client.post(
        submit_url(w),
        form_data(w, token, nhan_ket_qua="post", dia_chi_nhan="Số 5, ấp Chợ, Phước Hưng"),
    )
    assert response.status_code == 201
    d = Dossier.objects.get()
    assert d.return_channel == "post"
    assert "Địa chỉ nhận kết quả qua bưu chính: Số 5, ấp Chợ, Phước Hưng" in d.request


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ho_ten", "   ", "Vui lòng nhập họ và tên."),
        ("so_dinh_danh", "08419", "Số định danh gồm 9 đến 13 chữ số"),
        ("dien_thoai", "09012", "Số điện thoại gồm 10 chữ số"),
        ("email", "", "Vui lòng nhập thư điện tử để nhận thông báo."),
        ("email", "khong-phai-email", "Địa chỉ thư điện tử không hợp lệ."),
        ("don_vi", "999999", "Vui lòng chọn nơi nộp hồ sơ trong danh sách."),
    ],
)
def test_bad_details_are_refused_with_a_message_and_nothing_is_saved(
    online, client, field, value, message
):
    """As a citizen I am told in Vietnamese what to correct, and nothing is sent yet."""
    w = online
    token = token_of(client.get(submit_url(w)).content.decode())
    response = client.post(submit_url(w), form_data(w, token, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Dossier.objects.exists() and not OnlineApplication.objects.exists()


def test_the_sibling_commune_without_a_desk_cannot_be_chosen(online, client):
    """As a citizen I can only send my application to a unit that takes it in online."""
    w = online
    token = token_of(client.get(submit_url(w)).content.decode())
    response = client.post(submit_url(w), form_data(w, token, don_vi=str(w.sibling.pk)))
    assert response.status_code == 400 and not Dossier.objects.exists()


def test_sms_notification_needs_no_email(online, client):
    """As a citizen without e-mail I choose SMS and give only my phone number."""
    w = online
    token = token_of(client.get(submit_url(w)).content.decode())
    response = client.post(submit_url(w), form_data(w, token, email="", thong_bao_qua="sms"))
    assert response.status_code == 201
    assert OnlineApplication.objects.get().notify_channel == "sms"


def test_uploads_are_never_served_from_the_web_root(online, client, settings):
    """As the operator I keep applicants' files out of reach: MEDIA_ROOT is not under the
    static root and no URL serves it."""
    w = online
    token = token_of(client.get(submit_url(w)).content.decode())
    client.post(submit_url(w), form_data(w, token, **{f"tp_{w.components[0].pk}": pdf("a.pdf")}))
    stored = Attachment.objects.first()
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
    assert client.get("/media/" + stored.file.name).status_code == 404
    assert client.get("/" + stored.file.name).status_code == 404
