"""Shared set-up of the portal's catalogue and statistics tests, and where their pages sit."""

from datetime import date

from django.urls import reverse

from cchc.catalog.models import Level, LifeEvent, OnlineMode
from cchc.catalog.tests.factories import ProcedureFactory, SectorFactory
from cchc.units.models import OfficeKind, UnitKind
from cchc.units.tests.factories import OfficeFactory, UnitFactory

POST_REFORM = date(2025, 7, 1)
PRE_END = date(2025, 6, 30)


def build_places():
    """A post-2025 city (Cần Thơ) with two communes holding a one-stop desk and a public
    service centre, and a pre-2025 district whose commune ended on 30/06/2025."""
    city = UnitFactory(
        code="CT", name="UBND thành phố Cần Thơ", kind=UnitKind.PROVINCE, valid_from=POST_REFORM
    )
    phuloc = UnitFactory(
        code="CT-PHULOC",
        name="UBND xã Phú Lộc",
        kind=UnitKind.COMMUNE,
        parent=city,
        valid_from=POST_REFORM,
    )
    hungloi = UnitFactory(
        code="CT-HUNGLOI",
        name="UBND xã Hưng Lợi",
        kind=UnitKind.COMMUNE,
        parent=city,
        valid_from=POST_REFORM,
    )
    centre = UnitFactory(
        code="CT-TTPVHCC",
        name="Trung tâm Phục vụ hành chính công thành phố Cần Thơ",
        kind=UnitKind.SERVICE_CENTRE,
        parent=city,
        valid_from=POST_REFORM,
    )
    for unit in (phuloc, hungloi):
        OfficeFactory(unit=unit, code="MOTCUA", name="Bộ phận Một cửa", kind=OfficeKind.ONE_STOP)
    district = UnitFactory(
        code="TT", name="UBND huyện Thạnh Trị", kind=UnitKind.DISTRICT, valid_to=PRE_END
    )
    old_commune = UnitFactory(
        code="TT-PHULOC",
        name="UBND thị trấn Phú Lộc",
        kind=UnitKind.COMMUNE,
        parent=district,
        valid_to=PRE_END,
    )
    OfficeFactory(unit=old_commune, code="MOTCUA", name="Bộ phận Một cửa", kind=OfficeKind.ONE_STOP)
    return city, phuloc, hungloi, centre, old_commune


def build_catalogue():
    """Public procedures at the three levels, an abolished and an internal one, and two life
    events."""
    civil = SectorFactory(code="HOTICH", name="Hộ tịch")
    building = SectorFactory(code="XAYDUNG", name="Xây dựng")
    adoption = SectorFactory(code="NUOICONNUOI", name="Nuôi con nuôi")
    p = {
        "birth": ProcedureFactory(
            code="HOTICH.X01",
            name="Đăng ký khai sinh",
            sector=civil,
            level=Level.COMMUNE,
            online_mode=OnlineMode.FULL,
            postal=True,
            fee=None,
            processing_time="0d@15:00",
        ),
        "marriage": ProcedureFactory(
            code="HOTICH.X02",
            name="Đăng ký kết hôn",
            sector=civil,
            level=Level.COMMUNE,
            online_mode=OnlineMode.PARTIAL,
            postal=False,
            processing_time="0d@15:00",
        ),
        "permit": ProcedureFactory(
            code="XAYDUNG.H01",
            name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            sector=building,
            level=Level.DISTRICT,
            online_mode=OnlineMode.NONE,
            postal=True,
            fee=75000,
            processing_time="15d",
        ),
        "adoption": ProcedureFactory(
            code="NUOICONNUOI.T02",
            name="Đăng ký lại việc nuôi con nuôi có yếu tố nước ngoài",
            sector=adoption,
            level=Level.PROVINCE,
            online_mode=OnlineMode.NONE,
            postal=False,
            fee=4500000,
            processing_time="5d",
        ),
        "abolished": ProcedureFactory(
            code="VANHOA.H04",
            name="Cấp giấy phép kinh doanh karaoke",
            level=Level.DISTRICT,
            online_mode=OnlineMode.FULL,
            active=False,
        ),
        "internal": ProcedureFactory(
            code="NOIBO.X01",
            name="Đăng ký khai sinh cho cán bộ (nội bộ)",
            sector=civil,
            level=Level.COMMUNE,
            online_mode=OnlineMode.FULL,
            internal=True,
        ),
    }
    birth_event = LifeEvent.objects.create(
        code="sinh-con", name="Sinh con", description="Khai sinh cho trẻ.", icon="baby", order=1
    )
    birth_event.procedures.set([p["birth"], p["internal"]])
    house = LifeEvent.objects.create(
        code="xay-sua-nha", name="Xây, sửa nhà ở", icon="house", order=2
    )
    house.procedures.set([p["permit"]])
    empty = LifeEvent.objects.create(code="di-hoc", name="Đi học", icon="info", order=3)
    empty.procedures.set([p["abolished"]])
    return p


def test_the_pages_sit_where_the_public_menu_points(db):
    """As a citizen I reach the portal's catalogue and statistics at the addresses the public
    menu links to."""
    assert reverse("portal-home") == "/dvc/"
    assert reverse("portal-procedures") == "/dvc/thu-tuc/"
    assert reverse("portal-procedure", args=["1.001193.000.00.00.H56"]) == (
        "/dvc/thu-tuc/1.001193.000.00.00.H56/"
    )
    assert (
        reverse("portal-blank-form", args=["HOTICH.X01", 7]) == "/dvc/thu-tuc/HOTICH.X01/mau-don/7/"
    )
    assert reverse("portal-statistics") == "/dvc/thong-ke/"
