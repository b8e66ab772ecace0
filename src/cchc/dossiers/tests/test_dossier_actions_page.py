"""The dossier page's action panel: only the allowed actions, each a POST that changes the
dossier through the services, or is refused with nothing changed."""

import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.units.tests.factories import PASSWORD

from .. import services
from ..actions import available_actions
from ..models import Attachment, Dossier, HistoryAction, Status
from .factories import dossier_in

A = HistoryAction
pytestmark = pytest.mark.django_db
CONFLICT = "Hồ sơ vừa được người khác cập nhật; vui lòng tải lại trang và thực hiện lại."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def panel_actions(response) -> set[str]:
    return set(re.findall(r'data-action="([a-z_]+)"', response.content.decode()))


def snapshot(dossier):
    d = Dossier.objects.get(pk=dossier.pk)
    return (d.status, d.revision, d.current_step_id, d.history.count(), d.due_at)


def act(client, dossier, action, **data):
    data.setdefault("revision", Dossier.objects.get(pk=dossier.pk).revision)
    return client.post(reverse("dossier-action", args=[dossier.pk, action]), data)


def test_panel_shows_only_the_actions_allowed_for_the_role(client, world):
    """As a specialist or a desk officer I see only the buttons I may use on this dossier now."""
    d = dossier_in(world, Status.PROCESSING)
    page = login(client, world.specialist).get(reverse("dossier-detail", args=[d.pk]))
    assert panel_actions(page) == {
        A.FORWARD,
        A.SEND_BACK,
        A.FORWARD_TO_UNIT,
        A.REQUEST_SUPPLEMENT,
        A.REQUEST_PAYMENT,
        A.RESULT_READY,
    }
    page = login(client, world.desk).get(reverse("dossier-detail", args=[d.pk]))
    assert panel_actions(page) == {A.ASSIGN, A.FORWARD, A.SEND_BACK, A.WITHDRAW, A.RESULT_READY}
    assert panel_actions(page) == set(available_actions(world.desk, d))
    assert 'name="revision"' in page.content.decode()


def test_posting_forward_moves_the_step_and_appends_history(client, world):
    """As a specialist I forward the appraised dossier to the leader with a note."""
    d = dossier_in(world, Status.PROCESSING)
    before = snapshot(d)
    response = act(login(client, world.specialist), d, A.FORWARD, note="Đã thẩm định")
    assert response.status_code == 302
    assert response["Location"] == reverse("dossier-detail", args=[d.pk])
    after = Dossier.objects.get(pk=d.pk)
    assert after.current_step.order == 3 and after.revision == before[1] + 1
    last = after.history.order_by("-id").first()
    assert (
        last.action == A.FORWARD and last.note == "Đã thẩm định" and last.actor == world.specialist
    )
    page = client.get(response["Location"])
    assert "Đã chuyển hồ sơ sang bước tiếp theo." in page.content.decode()


def test_second_supplement_request_is_refused_with_400(client, world):
    """As a specialist I cannot ask the applicant for a supplement a second time."""
    d = dossier_in(world, Status.AWAITING_SUPPLEMENT)
    d = services.receive_supplement(world.desk, d)
    login(client, world.specialist)
    assert A.REQUEST_SUPPLEMENT not in panel_actions(
        client.get(reverse("dossier-detail", args=[d.pk]))
    )
    before = snapshot(d)
    response = act(client, d, A.REQUEST_SUPPLEMENT, missing="Bản sao sổ hộ khẩu")
    assert response.status_code == 400
    assert "không được yêu cầu lần thứ hai" in response.content.decode()
    assert snapshot(d) == before


def test_supplement_request_offers_the_printed_form(client, world):
    """As a specialist, after asking for a supplement I am offered Mẫu 02 to print."""
    d = dossier_in(world, Status.PROCESSING)
    response = act(
        login(client, world.specialist), d, A.REQUEST_SUPPLEMENT, missing="CCCD\n\nSổ hộ khẩu"
    )
    assert response.status_code == 302
    d = Dossier.objects.get(pk=d.pk)
    assert d.status == Status.AWAITING_SUPPLEMENT
    assert d.history.order_by("-id").first().note == "CCCD\nSổ hộ khẩu"
    html = client.get(response["Location"]).content.decode()
    assert "In Mẫu 02" in html and reverse("dossier-print", args=[d.pk, "02"]) in html


def test_stale_revision_gives_409_and_changes_nothing(client, world):
    """As a specialist whose page is out of date, my action is refused instead of overwriting."""
    d = dossier_in(world, Status.PROCESSING)
    stale = d.revision
    services.assign(world.desk, d, world.specialist)
    before = snapshot(d)
    response = act(login(client, world.specialist), d, A.FORWARD, revision=stale)
    assert response.status_code == 409
    assert CONFLICT in response.content.decode()
    assert snapshot(d) == before


@pytest.mark.parametrize("action", [A.FORWARD, A.WITHDRAW, A.STOP, A.RETURN, "unknown"])
def test_outsider_gets_404_and_nothing_changes(client, world, action):
    """As an officer of another commune I cannot act on, or detect, this dossier."""
    d = dossier_in(world, Status.PROCESSING)
    before = snapshot(d)
    response = act(login(client, world.outsider), d, action, reason="x", via="desk")
    assert response.status_code == 404
    assert snapshot(d) == before


def test_empty_reason_is_a_field_error(client, world):
    """As a desk officer recording a withdrawal, I must type the applicant's reason."""
    d = dossier_in(world, Status.PROCESSING)
    before = snapshot(d)
    response = act(login(client, world.desk), d, A.WITHDRAW, reason="   ")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng nhập lý do." in html and 'aria-invalid="true"' in html
    assert snapshot(d) == before


def test_action_outside_the_role_is_403(client, world):
    """As a specialist I cannot stop a dossier, even by forging the form."""
    d = dossier_in(world, Status.PROCESSING)
    before = snapshot(d)
    assert act(login(client, world.specialist), d, A.STOP, reason="x").status_code == 403
    assert snapshot(d) == before


def test_return_of_an_unfinished_dossier_is_not_offered_and_refused(client, world):
    """As a desk officer I cannot return a result that does not exist yet."""
    d = dossier_in(world, Status.PROCESSING)
    login(client, world.desk)
    assert A.RETURN not in panel_actions(client.get(reverse("dossier-detail", args=[d.pk])))
    before = snapshot(d)
    response = act(client, d, A.RETURN, via="desk")
    assert response.status_code == 400
    assert "Hồ sơ chưa có kết quả, không thể trả kết quả." in response.content.decode()
    assert snapshot(d) == before


def test_return_of_a_resolved_dossier_closes_it(client, world):
    """As a desk officer I hand the result over by post and the dossier is closed."""
    d = dossier_in(world, Status.RESOLVED)
    login(client, world.desk)
    assert A.RETURN in panel_actions(client.get(reverse("dossier-detail", args=[d.pk])))
    assert act(client, d, A.RETURN, via="post").status_code == 302
    d = Dossier.objects.get(pk=d.pk)
    assert d.status == Status.RETURNED and d.returned_via == "post"


def test_upload_works_for_the_desk_and_not_for_an_outsider(client, world):
    """As a desk officer I attach a scan; an officer of another commune cannot."""
    d = dossier_in(world, Status.PROCESSING)
    url = reverse("dossier-attachment-upload", args=[d.pk])
    pdf = SimpleUploadedFile("to_khai.pdf", b"%PDF-1.7 ...")
    response = login(client, world.desk).post(url, {"file": pdf})
    assert response.status_code == 302
    assert Attachment.objects.filter(dossier=d, original_name="to_khai.pdf").count() == 1
    other = SimpleUploadedFile("x.pdf", b"%PDF-1.7 ...")
    assert login(client, world.outsider).post(url, {"file": other}).status_code in (403, 404)
    assert Attachment.objects.filter(dossier=d).count() == 1


def test_leader_extends_with_extra_working_days_and_is_offered_form_04(client, world):
    """As a leader I give the applicant a new appointment two working days later (Mẫu 04)."""
    d = dossier_in(world, Status.PROCESSING)  # due Thu 05/03/2026 08:00
    login(client, world.leader)
    with time_machine.travel("2026-03-03 09:00 +0700"):
        page = client.get(reverse("dossier-detail", args=[d.pk]))
        assert A.EXTEND in panel_actions(page)
        missing = act(client, d, A.EXTEND, reason="Cần xác minh")
        assert missing.status_code == 400
        assert "Vui lòng nhập thời gian gia hạn" in missing.content.decode()
        assert "Cần xác minh</textarea>" in missing.content.decode()
        response = act(client, d, A.EXTEND, reason="Cần xác minh", extra="2d")
    assert response.status_code == 302 and response["Location"].endswith("?in_mau=04")
    after = Dossier.objects.get(pk=d.pk)
    assert after.extension_used and after.due_at > d.due_at


def test_service_refusal_is_shown_on_the_page(client, world):
    """As a desk officer at the last step, forwarding further is refused with the reason."""
    d = dossier_in(world, Status.PROCESSING)
    d = services.forward(world.all_roles, services.forward(world.all_roles, d))
    before = snapshot(d)
    response = act(login(client, world.desk), d, A.FORWARD)
    assert response.status_code == 400
    assert "Đây là bước cuối của quy trình" in response.content.decode()
    assert snapshot(d) == before


def test_assign_lists_officers_of_the_unit(client, world):
    """As a desk officer I give the appraisal step to the specialist of my commune."""
    d = dossier_in(world, Status.PROCESSING)
    page = login(client, world.desk).get(reverse("dossier-detail", args=[d.pk])).content.decode()
    assert f'value="{world.specialist.pk}"' in page
    assert f'value="{world.outsider.pk}"' not in page
    assert act(client, d, A.ASSIGN, assignee=world.specialist.pk).status_code == 302
    assert Dossier.objects.get(pk=d.pk).current_step.assignee == world.specialist


@pytest.mark.parametrize("status", list(Status))
def test_every_offered_form_renders(client, world, status):
    """As an officer holding every role I see a working form for each action offered."""
    d = dossier_in(world, status)
    page = login(client, world.all_roles).get(reverse("dossier-detail", args=[d.pk]))
    assert page.status_code == 200
    assert panel_actions(page) == set(available_actions(world.all_roles, d))
