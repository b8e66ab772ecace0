"""Demo units, offices and one account per role (loaded by `cchc demo`).

A pre-2025 province (Sóc Trăng, with Thạnh Trị district and its ten communes — the
structure the seeds were written in) and a post-2025 province-level city (Cần Thơ, which
Sóc Trăng merged into on 1 July 2025) with commune-level units. The succession links are
illustrative demo data, not a legal record of the 2025 merger.
"""

from datetime import date

from django.db import transaction

from .models import Office, OfficeKind, Role, RoleGrant, Unit, UnitKind, User

DEMO_PASSWORD = "demo12345"
PRE_END = date(2025, 6, 30)
POST_START = date(2025, 7, 1)

# code, name, kind, parent, identifier, valid_from, valid_to
UNITS = [
    ("ST", "UBND tỉnh Sóc Trăng", UnitKind.PROVINCE, None, "000.00.00.H55", None, PRE_END),
    (
        "ST-SNV",
        "Sở Nội vụ tỉnh Sóc Trăng",
        UnitKind.DEPARTMENT,
        "ST",
        "000.00.12.H55",
        None,
        PRE_END,
    ),
    (
        "ST-VP",
        "Văn phòng UBND tỉnh Sóc Trăng",
        UnitKind.DEPARTMENT,
        "ST",
        "000.00.01.H55",
        None,
        PRE_END,
    ),
    ("TT", "UBND huyện Thạnh Trị", UnitKind.DISTRICT, "ST", "000.00.29.H55", None, PRE_END),
    ("TT-PHULOC", "UBND thị trấn Phú Lộc", UnitKind.COMMUNE, "TT", "000.01.29.H55", None, PRE_END),
    (
        "TT-HUNGLOI",
        "UBND thị trấn Hưng Lợi",
        UnitKind.COMMUNE,
        "TT",
        "000.02.29.H55",
        None,
        PRE_END,
    ),
    ("TT-THANHTRI", "UBND xã Thạnh Trị", UnitKind.COMMUNE, "TT", "000.03.29.H55", None, PRE_END),
    ("TT-THANHTAN", "UBND xã Thạnh Tân", UnitKind.COMMUNE, "TT", "000.04.29.H55", None, PRE_END),
    ("TT-LAMTAN", "UBND xã Lâm Tân", UnitKind.COMMUNE, "TT", "000.05.29.H55", None, PRE_END),
    ("TT-LAMKIET", "UBND xã Lâm Kiết", UnitKind.COMMUNE, "TT", "000.06.29.H55", None, PRE_END),
    ("TT-TUANTUC", "UBND xã Tuân Tức", UnitKind.COMMUNE, "TT", "000.07.29.H55", None, PRE_END),
    ("TT-VINHTHANH", "UBND xã Vĩnh Thành", UnitKind.COMMUNE, "TT", "000.08.29.H55", None, PRE_END),
    ("TT-VINHLOI", "UBND xã Vĩnh Lợi", UnitKind.COMMUNE, "TT", "000.09.29.H55", None, PRE_END),
    ("TT-CHAUHUNG", "UBND xã Châu Hưng", UnitKind.COMMUNE, "TT", "000.10.29.H55", None, PRE_END),
    ("CT", "UBND thành phố Cần Thơ", UnitKind.PROVINCE, None, "000.00.00.H13", POST_START, None),
    (
        "CT-SNV",
        "Sở Nội vụ thành phố Cần Thơ",
        UnitKind.DEPARTMENT,
        "CT",
        "000.00.12.H13",
        POST_START,
        None,
    ),
    (
        "CT-TTPVHCC",
        "Trung tâm Phục vụ hành chính công thành phố Cần Thơ",
        UnitKind.SERVICE_CENTRE,
        "CT",
        "000.00.50.H13",
        POST_START,
        None,
    ),
    ("CT-PHULOC", "UBND xã Phú Lộc", UnitKind.COMMUNE, "CT", "000.01.00.H13", POST_START, None),
    ("CT-HUNGLOI", "UBND xã Hưng Lợi", UnitKind.COMMUNE, "CT", "000.02.00.H13", POST_START, None),
    ("CT-LAMTAN", "UBND xã Lâm Tân", UnitKind.COMMUNE, "CT", "000.03.00.H13", POST_START, None),
    ("CT-VINHLOI", "UBND xã Vĩnh Lợi", UnitKind.COMMUNE, "CT", "000.04.00.H13", POST_START, None),
    (
        "CT-NINHKIEU",
        "UBND phường Ninh Kiều",
        UnitKind.COMMUNE,
        "CT",
        "000.05.00.H13",
        POST_START,
        None,
    ),
    (
        "CT-CAIRANG",
        "UBND phường Cái Răng",
        UnitKind.COMMUNE,
        "CT",
        "000.06.00.H13",
        POST_START,
        None,
    ),
]

SUCCESSORS = {
    "ST": ["CT"],
    "TT-PHULOC": ["CT-PHULOC"],
    "TT-THANHTRI": ["CT-PHULOC"],
    "TT-THANHTAN": ["CT-PHULOC"],
    "TT-HUNGLOI": ["CT-HUNGLOI"],
    "TT-CHAUHUNG": ["CT-HUNGLOI"],
    "TT-LAMTAN": ["CT-LAMTAN"],
    "TT-LAMKIET": ["CT-LAMTAN"],
    "TT-TUANTUC": ["CT-LAMTAN"],
    "TT-VINHTHANH": ["CT-VINHLOI"],
    "TT-VINHLOI": ["CT-VINHLOI"],
}

DISTRICT_OFFICES = [
    ("MOTCUA", "Bộ phận Tiếp nhận và Trả kết quả", OfficeKind.ONE_STOP),
    ("VP", "Văn phòng HĐND và UBND", OfficeKind.CLERICAL),
    ("LD", "Lãnh đạo UBND", OfficeKind.LEADERSHIP),
    ("NOIVU", "Phòng Nội vụ", OfficeKind.SPECIALIST),
    ("TUPHAP", "Phòng Tư pháp", OfficeKind.SPECIALIST),
    ("TNMT", "Phòng Tài nguyên và Môi trường", OfficeKind.SPECIALIST),
    ("KTHT", "Phòng Kinh tế và Hạ tầng", OfficeKind.SPECIALIST),
    ("LDTBXH", "Phòng Lao động – Thương binh và Xã hội", OfficeKind.SPECIALIST),
    ("TCKH", "Phòng Tài chính – Kế hoạch", OfficeKind.SPECIALIST),
]
COMMUNE_OFFICES = [
    ("MOTCUA", "Bộ phận Một cửa", OfficeKind.ONE_STOP),
    ("LD", "Lãnh đạo UBND", OfficeKind.LEADERSHIP),
    ("VPTK", "Văn phòng – Thống kê", OfficeKind.CLERICAL),
    ("TPHT", "Tư pháp – Hộ tịch", OfficeKind.SPECIALIST),
    ("DCXD", "Địa chính – Xây dựng", OfficeKind.SPECIALIST),
    ("VHXH", "Văn hóa – Xã hội", OfficeKind.SPECIALIST),
]
PROVINCE_OFFICES = [
    ("CCHC", "Phòng Cải cách hành chính", OfficeKind.SPECIALIST),
    ("VP", "Văn phòng", OfficeKind.CLERICAL),
]

# username, full name, position, role, unit, office code
ACCOUNTS = [
    (
        "motcua",
        "Nguyễn Thị Lan",
        "Công chức Bộ phận Một cửa",
        Role.ONE_STOP_OFFICER,
        "TT",
        "MOTCUA",
    ),
    ("chuyenvien", "Trần Văn Hùng", "Chuyên viên Phòng Tư pháp", Role.SPECIALIST, "TT", "TUPHAP"),
    ("truongphong", "Lê Thị Hồng", "Trưởng phòng Tư pháp", Role.OFFICE_HEAD, "TT", "TUPHAP"),
    ("lanhdao", "Phạm Minh Tuấn", "Phó Chủ tịch UBND huyện", Role.UNIT_LEADER, "TT", "LD"),
    (
        "cchc",
        "Võ Thị Thu",
        "Chuyên viên Phòng Nội vụ phụ trách CCHC",
        Role.REFORM_OFFICER,
        "TT",
        "NOIVU",
    ),
    ("thamdinh", "Đặng Quốc Bảo", "Chuyên viên Sở Nội vụ", Role.APPRAISER, "ST-SNV", "CCHC"),
    ("quantri", "Huỳnh Văn Tâm", "Quản trị hệ thống", Role.ADMINISTRATOR, "ST", None),
    (
        "cchc.phuloc",
        "Lý Thị Mai",
        "Công chức Văn phòng – Thống kê",
        Role.REFORM_OFFICER,
        "CT-PHULOC",
        "VPTK",
    ),
    (
        "motcua.phuloc",
        "Thạch Văn Sang",
        "Công chức Bộ phận Một cửa",
        Role.ONE_STOP_OFFICER,
        "CT-PHULOC",
        "MOTCUA",
    ),
    (
        "chuyenvien.phuloc",
        "Trần Thị Bích Ngọc",
        "Công chức Tư pháp – Hộ tịch",
        Role.SPECIALIST,
        "CT-PHULOC",
        "TPHT",
    ),
    (
        "truongphong.phuloc",
        "Nguyễn Hoàng Phúc",
        "Phụ trách bộ phận Tư pháp – Hộ tịch",
        Role.OFFICE_HEAD,
        "CT-PHULOC",
        "TPHT",
    ),
    (
        "lanhdao.phuloc",
        "Sơn Thị Kim Hoa",
        "Phó Chủ tịch UBND xã",
        Role.UNIT_LEADER,
        "CT-PHULOC",
        "LD",
    ),
]


@transaction.atomic
def load_demo_units() -> list[tuple[str, str, str]]:
    """Create the demo units, offices and accounts; return (username, role label, unit) rows."""
    units: dict[str, Unit] = {}
    for code, name, kind, parent, identifier, valid_from, valid_to in UNITS:
        units[code], _ = Unit.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "parent": units.get(parent),
                "identifier": identifier,
                "valid_from": valid_from,
                "valid_to": valid_to,
            },
        )
    for code, successor_codes in SUCCESSORS.items():
        units[code].successors.set([units[c] for c in successor_codes])
    for unit in units.values():
        offices = {UnitKind.DISTRICT: DISTRICT_OFFICES, UnitKind.COMMUNE: COMMUNE_OFFICES}.get(
            unit.kind, PROVINCE_OFFICES
        )
        for code, name, kind in offices:
            Office.objects.update_or_create(
                unit=unit, code=code, defaults={"name": name, "kind": kind}
            )
    for username, full_name, position, role, unit_code, office_code in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "position": position}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        if role == Role.ADMINISTRATOR:
            user.is_staff = user.is_superuser = True
        user.save()
        unit = units[unit_code]
        office = Office.objects.filter(unit=unit, code=office_code).first() if office_code else None
        RoleGrant.objects.update_or_create(
            user=user, unit=unit, role=role, defaults={"office": office}
        )
        if role == Role.ADMINISTRATOR:
            RoleGrant.objects.get_or_create(user=user, unit=units["CT"], role=role)
    return demo_logins()


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role label, unit name) of each demo account, for the run command to print."""
    names = dict(Unit.objects.filter(code__in=[a[4] for a in ACCOUNTS]).values_list("code", "name"))
    return [
        (username, role.label, names.get(unit_code, unit_code))
        for username, _, _, role, unit_code, _ in ACCOUNTS
    ]
