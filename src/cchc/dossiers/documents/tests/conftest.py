"""Realistic contexts: a birth registration at a commune one-stop desk, March 2026."""

from datetime import date, datetime

import pytest

from cchc.core.documents import Signature
from cchc.dossiers.documents import (
    Applicant,
    ExtensionContext,
    HandOverRow,
    Issuer,
    ProcessTrailContext,
    ReceiptComponent,
    ReceiptContext,
    RefusalContext,
    RegisterContext,
    RegisterRow,
    StopNoticeContext,
    SupplementItem,
    SupplementRequestContext,
)

CODE = "000.00.27.H56-260305-0007"


@pytest.fixture
def desk():
    return Issuer(name="Bộ phận Một cửa", parent_body="UBND xã Đại An", place="Đại An")


@pytest.fixture
def office():
    return Issuer(name="Phòng Tư pháp", parent_body="UBND huyện Trà Cú", place="Trà Cú")


@pytest.fixture
def applicant():
    return Applicant(
        name="Nguyễn Thị Hồng Nhung",
        id_number="084190012345",
        address="Ấp Chợ, xã Đại An, huyện Trà Cú, tỉnh Trà Vinh",
        phone="0912 345 678",
        email="nhung.nguyen@example.vn",
    )


@pytest.fixture
def receipt(desk, applicant):
    return ReceiptContext(
        issuer=desk,
        number="125/GTN-BPMC",
        dossier_code=CODE,
        applicant=applicant,
        request="Đăng ký khai sinh",
        procedure_code="1.001193.000.00.00.H56",
        components=[
            ReceiptComponent("Tờ khai đăng ký khai sinh", 1, "original"),
            ReceiptComponent("Giấy chứng sinh", 1, "original"),
            ReceiptComponent("Giấy chứng nhận kết hôn của cha, mẹ", 1, "certified_copy"),
        ],
        processing_time="03 ngày làm việc",
        received_at=datetime(2026, 3, 5, 10, 30),
        due_at=datetime(2026, 3, 10, 10, 30),
        return_place="Bộ phận Một cửa UBND xã Đại An",
        receiving_officer="Trần Văn Bình",
        register_book="01/2026",
        register_entry="0007",
        authorised_person="Lê Văn Tâm",
        lookup_url=f"https://dichvucong.travinh.gov.vn/tra-cuu?ma={CODE}",
    )


@pytest.fixture
def supplement(desk, applicant):
    return SupplementRequestContext(
        issuer=desk,
        number="08/PBS-BPMC",
        issued_on=date(2026, 3, 5),
        applicant=applicant,
        request="Đăng ký khai sinh",
        items=[
            SupplementItem("Giấy chứng sinh (bản chính)", "Hồ sơ mới nộp bản chụp"),
            SupplementItem(
                "Văn bản ủy quyền có chứng thực", "Người nộp không phải cha, mẹ của trẻ"
            ),
        ],
        guiding_officer="Trần Văn Bình",
        contact="Bộ phận Một cửa UBND xã Đại An, điện thoại 0294 3871 234",
        dossier_code=CODE,
        received_at=datetime(2026, 3, 5, 10, 30),
        deadline=date(2026, 3, 20),
    )


@pytest.fixture
def refusal(desk, applicant):
    return RefusalContext(
        issuer=desk,
        number="03/PTC-BPMC",
        issued_on=date(2026, 2, 4),
        applicant=applicant,
        request="Cấp Giấy phép xây dựng nhà ở riêng lẻ",
        reason="Thủ tục thuộc thẩm quyền giải quyết của UBND huyện Trà Cú.",
        receiving_officer="Trần Văn Bình",
    )


@pytest.fixture
def extension(office):
    return ExtensionContext(
        issuer=office,
        number="15/TP-XL",
        issued_on=date(2026, 3, 9),
        addressee="Bà Nguyễn Thị Hồng Nhung",
        received_on=date(2026, 3, 5),
        procedure="Đăng ký khai sinh có yếu tố nước ngoài",
        dossier_code=CODE,
        original_due_at=datetime(2026, 3, 10, 10, 30),
        reason="Cần xác minh thông tin với cơ quan đại diện ở nước ngoài",
        new_due_at=datetime(2026, 3, 17, 16, 0),
        signer=Signature("Trưởng phòng", "Phạm Minh Đức"),
        recipients=["Như trên", "Bộ phận Một cửa UBND huyện", "Lưu: VT"],
    )


@pytest.fixture
def stop_notice(office):
    return StopNoticeContext(
        issuer=office,
        number="02/TB-TP",
        issued_on=date(2026, 3, 12),
        addressee="Bà Nguyễn Thị Hồng Nhung",
        applicant="bà Nguyễn Thị Hồng Nhung",
        procedure="Đăng ký khai sinh có yếu tố nước ngoài",
        dossier_code=CODE,
        received_on=date(2026, 3, 5),
        reason="Người yêu cầu xin rút hồ sơ để bổ sung giấy tờ nước ngoài",
        stopped_on=date(2026, 3, 12),
        signer=Signature("Trưởng phòng", "Phạm Minh Đức"),
        requested_by_applicant=True,
        request_date=date(2026, 3, 11),
    )


@pytest.fixture
def trail(office):
    return ProcessTrailContext(
        issuer=office,
        dossier_code=CODE,
        handling_unit="Phòng Tư pháp huyện Trà Cú",
        coordinating_units=["Công an huyện Trà Cú", "UBND xã Đại An"],
        received_at=datetime(2026, 3, 5, 10, 30),
        due_at=datetime(2026, 3, 10, 10, 30),
        receipt_number="125/GTN-BPMC",
        rows=[
            HandOverRow(
                "Bộ phận Một cửa",
                "Trần Văn Bình",
                "Phòng Tư pháp",
                "Lê Thị Mai",
                datetime(2026, 3, 5, 14, 0),
                "early",
            ),
            HandOverRow(
                "Phòng Tư pháp",
                "Lê Thị Mai",
                "Lãnh đạo UBND huyện",
                "Phạm Minh Đức",
                datetime(2026, 3, 9, 9, 15),
                "on_time",
                "Trình ký",
            ),
            HandOverRow(
                "Lãnh đạo UBND huyện",
                "Phạm Minh Đức",
                "Bộ phận Một cửa",
                "Trần Văn Bình",
                datetime(2026, 3, 11, 8, 0),
                "late",
            ),
        ],
    )


@pytest.fixture
def register(desk):
    return RegisterContext(
        issuer=desk,
        sector="Hộ tịch",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        book="Quyển số: 01/2026",
        rows=[
            RegisterRow(
                CODE,
                "Đăng ký khai sinh",
                "Nguyễn Thị Hồng Nhung",
                "Ấp Chợ, xã Đại An",
                "0912 345 678",
                "UBND xã Đại An",
                datetime(2026, 3, 5, 10, 30),
                datetime(2026, 3, 10, 10, 30),
                datetime(2026, 3, 9, 15, 45),
                "counter",
            ),
            RegisterRow(
                "000.00.27.H56-260306-0001",
                "Đăng ký kết hôn",
                "Thạch Sô Phia",
                "Ấp Xoài Xiêm, xã Đại An",
                "",
                "UBND xã Đại An",
                datetime(2026, 3, 6, 8, 5),
                datetime(2026, 3, 11, 8, 5),
                None,
                None,
            ),
        ],
    )
