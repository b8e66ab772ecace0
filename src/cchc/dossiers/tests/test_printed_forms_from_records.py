"""The desk prints the official forms straight from the dossier's records."""

import pytest

from cchc.dossiers import printing, services
from cchc.dossiers.models import IntakeRecord

from .factories import accept, applicant, docx_text, later

pytestmark = pytest.mark.django_db


def test_receipt_carries_the_code_times_components_and_officer(world):
    """As a desk officer I hand the applicant a receipt with the code, the appointment and the papers."""
    dossier = accept(world)
    printed = printing.print_form(dossier, "01")
    text = docx_text(printed.content)
    assert printed.filename == f"mau-01-giay-tiep-nhan-{dossier.code}.docx"
    assert dossier.code in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "08 giờ 00 phút, ngày 02/03/2026" in text  # received
    assert "08 giờ 00 phút, ngày 05/03/2026" in text  # due: 3 working days later
    assert "Tờ khai đăng ký khai sinh" in text and "Giấy chứng sinh" in text
    assert "3 ngày làm việc" in text
    assert str(world.desk) in text
    assert "Phước Hưng, ngày 02 tháng 3 năm 2026" in text


def test_process_trail_has_one_row_per_hand_over_with_its_timeliness(world):
    """As a leader I read on the control slip who handed the dossier to whom, when, and on time or not."""
    actor = world.all_roles
    dossier = accept(world)
    dossier = services.start_processing(actor, dossier, at=later(30))
    dossier = services.forward(actor, dossier, at=later(60))
    text = docx_text(printing.print_form(dossier, "06").content)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    hand_overs = [
        e
        for e in dossier.history.all()
        if e.receiver_unit_id or e.receiver_user_id or e.receiver_office_id
    ]
    assert hand_overs, "the services record hand-overs"
    assert len(printing.process_trail(dossier).rows) == len(hand_overs)
    assert "Trước hạn" in text or "Đúng hạn" in text
    assert str(world.specialist) in text or "Công chức Tư pháp" in text


def test_forms_that_do_not_apply_are_not_offered(world):
    """As a desk officer I am offered only the forms that fit the dossier's path."""
    dossier = accept(world)
    assert printing.available_forms(dossier) == ["01", "06"]
    assert printing.print_form(dossier, "04") is None
    assert printing.print_form(dossier, "99") is None
    actor = world.all_roles
    dossier = services.start_processing(actor, dossier, at=later(10))
    dossier = services.request_supplement(
        actor, dossier, "Bản sao CCCD của người mẹ\nGiấy xác nhận cư trú", at=later(20)
    )
    assert "02" in printing.available_forms(dossier)
    text = docx_text(printing.print_form(dossier, "02").content)
    assert "Bản sao CCCD của người mẹ" in text and "Giấy xác nhận cư trú" in text


def test_extension_and_stop_notices_quote_the_reason_and_both_appointments(world):
    """As an office head I sign an apology with the original and the new appointment; a stop notice gives the reason."""
    actor = world.all_roles
    dossier = services.start_processing(actor, accept(world), at=later(10))
    dossier = services.extend(actor, dossier, "Cần xác minh thực địa", extra="2d", at=later(20))
    text = docx_text(printing.print_form(dossier, "04").content)
    assert "Cần xác minh thực địa" in text
    assert "08 giờ 00 phút, ngày 05/03/2026" in text  # original appointment
    stopped = services.stop(actor, dossier, "Người nộp không bổ sung đúng hạn", at=later(30))
    assert "Người nộp không bổ sung đúng hạn" in docx_text(
        printing.print_form(stopped, "05").content
    )


def test_intake_outcomes_without_a_dossier_print_mau_02_and_03(world):
    """As a desk officer I give an incomplete applicant Mẫu 02 and a refused one Mẫu 03, without a dossier code."""
    incomplete = services.record_incomplete(
        world.desk, world.commune, world.procedure, applicant(), ["Tờ khai có chữ ký"], at=later(0)
    )
    refused = services.refuse_at_intake(
        world.desk,
        world.commune,
        world.procedure,
        applicant(),
        "Không thuộc thẩm quyền của xã",
        at=later(5),
    )
    assert isinstance(incomplete, IntakeRecord) and isinstance(refused, IntakeRecord)
    assert "Tờ khai có chữ ký" in docx_text(printing.intake_form(incomplete).content)
    assert "Không thuộc thẩm quyền của xã" in docx_text(printing.intake_form(refused).content)
