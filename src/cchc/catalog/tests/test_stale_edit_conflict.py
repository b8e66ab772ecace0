"""Two people editing the same procedure: the second, stale save is refused."""

import pytest
from django.urls import reverse

from ..models import Procedure
from .factories import ProcedureFactory


def form_data(procedure: Procedure, **changes) -> dict:
    data = {
        "code": procedure.code,
        "name": procedure.name,
        "sector": procedure.sector_id,
        "level": procedure.level,
        "online_mode": procedure.online_mode,
        "legacy_online_level": "",
        "inter_agency": procedure.inter_agency,
        "fee": "",
        "decision_ref": procedure.decision_ref,
        "published_on": "2020-01-01",
        "active": "on",
        "revision": procedure.revision,
        "processing_time": "",
        "effective_from": "",
        "legal_basis": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_stale_edit_is_refused_with_a_conflict_message_and_changes_nothing(client, reform_officer):
    """As a reform officer who opened the edit page before a colleague saved, my save is
    refused with an explanation instead of silently overwriting their change."""
    procedure = ProcedureFactory(name="Đăng ký khai sinh")
    client.force_login(reform_officer)
    url = reverse("procedure-edit", args=[procedure.pk])
    mine = form_data(procedure, fee="10000")  # loaded now, saved later
    colleague = form_data(procedure, name="Đăng ký khai sinh (sửa đổi)")
    assert client.post(url, colleague).status_code == 302

    response = client.post(url, mine)
    assert response.status_code == 409
    page = response.content.decode()
    assert "vừa được người khác cập nhật" in page
    assert 'value="10000"' in page  # what I typed is still on the form
    procedure.refresh_from_db()
    assert procedure.name == "Đăng ký khai sinh (sửa đổi)"
    assert procedure.fee is None


@pytest.mark.django_db
def test_fresh_edit_saves_and_a_new_time_becomes_a_version(client, reform_officer):
    """As a reform officer, saving a fresh copy stores my changes; a new processing time
    starts on the date I give."""
    procedure = ProcedureFactory(name="Đăng ký kết hôn", processing_time="3d")
    client.force_login(reform_officer)
    url = reverse("procedure-edit", args=[procedure.pk])
    response = client.post(
        url, form_data(procedure, fee="20,5", processing_time="2d", effective_from="2024-01-01")
    )
    assert response.status_code == 400
    assert "Số tiền &#x27;20,5&#x27; không hợp lệ" in response.content.decode()
    response = client.post(
        url, form_data(procedure, fee="20.000", processing_time="2d", effective_from="2024-01-01")
    )
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.fee == 20000
    assert procedure.updated_by == reform_officer
    assert [v.processing_time for v in procedure.versions.order_by("effective_from")] == [
        "3d",
        "2d",
    ]


@pytest.mark.django_db
def test_field_errors_are_vietnamese_and_next_to_the_field(client, reform_officer):
    """As a reform officer, a mistake is explained in Vietnamese beside the field and what I
    typed is kept."""
    procedure = ProcedureFactory()
    client.force_login(reform_officer)
    response = client.post(
        reverse("procedure-edit", args=[procedure.pk]),
        form_data(procedure, name="", processing_time="ba ngay", code="mã có dấu"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_name_error">Trường này là bắt buộc.' in page
    assert "Thời hạn &#x27;ba ngay&#x27; không hợp lệ" in page
    assert "Mã thủ tục chỉ gồm chữ không dấu" in page
    assert 'value="ba ngay"' in page
    assert Procedure.objects.get(pk=procedure.pk).name == procedure.name


@pytest.mark.django_db
def test_new_procedure_from_the_form(client, reform_officer):
    """As a reform officer, I add a procedure with its first processing time."""
    sector = ProcedureFactory().sector
    client.force_login(reform_officer)
    data = form_data(
        Procedure(
            code="MOI.1",
            name="Thủ tục mới",
            sector=sector,
            level="commune",
            online_mode="none",
            inter_agency="none",
        ),
        processing_time="0,5d",
    )
    response = client.post(reverse("procedure-create"), data)
    assert response.status_code == 302
    created = Procedure.objects.get(code="MOI.1")
    assert created.processing_time_on() == "0.5d"
    assert created.name_folded == "thu tuc moi"
