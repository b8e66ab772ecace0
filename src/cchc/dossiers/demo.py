"""The demo dossier history: 2021 to `today` for the demo units, the same every time.

`load_demo_dossiers(today, scale)` writes, from one fixed seed (`random.Random`, never the
global generator), what the one-stop desks of the demo units would have recorded:

- UBND huyện Thạnh Trị and its ten communes, 01/01/2021 – 30/06/2025: `PRE_VOLUMES` dossiers
  (the district itself 50,500 at scale 1), all closed by 30/06/2025 17:00 (the district level
  ends then; its desk took its last dossiers on `PRE_LAST_INTAKE`).
- The post-2025 communes, 01/07/2025 – the day before `today`: `POST_YEARLY` a year, plus a
  live window (`LIVE`, not scaled) and, at UBND xã Phú Lộc, `SCRIPTS`: dossiers placed so that
  every queue of the demo accounts has something in it (due today, due tomorrow, overdue,
  waiting for a supplement or a payment, result waiting at the desk, new online ones).

Every dossier follows a path of `transitions.TRANSITIONS` (checked with `transitions.target`
for each step, so the generator cannot invent one) and is written as the services would write
it: one `HistoryEntry` per action (actor, unit, time, from → to, hand-over giver and receiver),
`DossierStep` rows planned from the version's workflow with their own due times, components
with digitisation flags, codes from `services.format_code` with per-unit-per-day numbers and
the matching `DossierCodeCounter` rows. Every deadline comes from the calendar engine's bulk
path (`WorkCalendar.add_many`); the generator only chooses how many working minutes each
action takes.

Speed: ~830,000 rows (full scale) go in through `executemany` on the connection's cursor in id
order (ids assigned here; PostgreSQL sequences reset at the end). Django's `bulk_create`
prepares each value field by field and costs ~80 µs a row on the 2-core demo machine, which
would make `make run` wait minutes. History stays append-only: this only inserts.
"""

from __future__ import annotations

import functools
import random
from bisect import bisect_right
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

import numpy as np
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from cchc.catalog.models import OnlineMode, Procedure
from cchc.core.text import fold
from cchc.units.models import Office, OfficeKind, Role, RoleGrant, Unit, UnitKind, User
from cchc.workcal import services as workcal
from cchc.workcal.duration import Duration, DurationKind
from cchc.workcal.engine import classify as classify_times

from . import transitions
from .models import (
    ApplicantKind,
    Channel,
    ComponentForm,
    Dossier,
    DossierCodeCounter,
    DossierComponent,
    DossierStep,
    HistoryAction,
    HistoryEntry,
    IntakeOutcome,
    IntakeRecord,
    ReturnChannel,
    Status,
)
from .services import format_code

A = HistoryAction
SEED = 20210104  # the first working day of the history

PRE_FIRST = date(2021, 1, 1)
PRE_LAST_INTAKE = date(2025, 6, 20)
PRE_END = datetime(2025, 6, 30, 17, 0)  # local time; every pre-2025 dossier is closed by then
POST_FIRST = date(2025, 7, 1)

# Dossiers received 01/01/2021 – 30/06/2025 at scale 1.
PRE_VOLUMES = {
    "TT": 50_500,
    "TT-PHULOC": 500,
    "TT-HUNGLOI": 450,
    "TT-THANHTRI": 350,
    "TT-THANHTAN": 300,
    "TT-LAMTAN": 300,
    "TT-LAMKIET": 250,
    "TT-TUANTUC": 300,
    "TT-VINHTHANH": 250,
    "TT-VINHLOI": 300,
    "TT-CHAUHUNG": 300,
}
# Post-2025 communes: dossiers a year at scale 1, and a live window that is never scaled down.
POST_YEARLY = {"CT-PHULOC": 2_400, "CT-HUNGLOI": 500, "CT-LAMTAN": 400, "CT-VINHLOI": 400}
LIVE = {"CT-PHULOC": 150, "CT-HUNGLOI": 20, "CT-LAMTAN": 20, "CT-VINHLOI": 20}
LIVE_DAYS = 15  # working days before `today`
DESK_UNIT = "CT-PHULOC"
# (what the dossier shows the desk on `today`, how many) — see _script().
SCRIPTS = [
    ("due_today", 4),
    ("due_tomorrow", 3),
    ("overdue", 5),
    ("awaiting_supplement", 2),
    ("awaiting_payment", 2),
    ("submitted", 2),
    ("received", 2),
    ("resolved", 2),
]

ONLINE_SHARE = {2021: 0.05, 2022: 0.12, 2023: 0.20, 2024: 0.30, 2025: 0.40, 2026: 0.50}
LATE_SHARE = {2021: 0.06, 2022: 0.05, 2023: 0.04, 2024: 0.03, 2025: 0.025, 2026: 0.02}
DIGITISED_SHARE = {2021: 0.15, 2022: 0.35, 2023: 0.6, 2024: 0.8, 2025: 0.9, 2026: 0.97}
E_RESULT_SHARE = {2021: 0.1, 2022: 0.2, 2023: 0.35, 2024: 0.5, 2025: 0.65, 2026: 0.8}
POSTAL_SHARE = 0.03
SUPPLEMENT_DEADLINE = "10d"
EXTENSION_EXTRA = ("2d", "3d", "5d")

# Relative volume of each sector (chứng thực and land are the bulk of a one-stop desk).
SECTOR_WEIGHTS = {
    "CHUNGTHUC": 10,
    "DATDAI": 6,
    "HOTICH": 5,
    "HKD": 3,
    "XAYDUNG": 2,
    "BTXH": 2,
    "NCC": 1.2,
    "TUPHAP": 1,
    "LDTBXH": 1,
    "HTX": 0.5,
    "KNTC": 0.1,
}
# Sector -> specialist office code (district, commune).
DISTRICT_OFFICE = {
    "DATDAI": "TNMT",
    "TNMT": "TNMT",
    "XAYDUNG": "KTHT",
    "GTVT": "KTHT",
    "CONGTHUONG": "KTHT",
    "NONGNGHIEP": "KTHT",
    "HKD": "TCKH",
    "HTX": "TCKH",
    "TAICHINH": "TCKH",
    "BTXH": "LDTBXH",
    "NCC": "LDTBXH",
    "TREEM": "LDTBXH",
    "PCTNXH": "LDTBXH",
    "LDTBXH": "LDTBXH",
    "TIENLUONG": "LDTBXH",
    "NOIVU": "NOIVU",
    "TONGIAO": "NOIVU",
    "TDKT": "NOIVU",
    "HANHCHINH": "NOIVU",
    "TUPHAP": "TUPHAP",
    "CHUNGTHUC": "TUPHAP",
    "HOTICH": "TUPHAP",
    "NUOICONNUOI": "TUPHAP",
}
COMMUNE_OFFICE = {
    **dict.fromkeys(["TUPHAP", "CHUNGTHUC", "HOTICH", "NUOICONNUOI"], "TPHT"),
    **dict.fromkeys(
        ["DATDAI", "TNMT", "XAYDUNG", "GTVT", "NONGNGHIEP", "CONGTHUONG", "HKD", "HTX"], "DCXD"
    ),
    **dict.fromkeys(
        ["BTXH", "NCC", "TREEM", "PCTNXH", "LDTBXH", "GDDT", "VANHOA", "YTE", "TTTT"], "VHXH"
    ),
}

# -- Vietnamese names, places, papers (invented combinations, no real people) ----------------

FAMILY = [
    ("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 6), ("Huỳnh", 5), ("Võ", 4),
    ("Phan", 4), ("Trương", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 1.5), ("Hồ", 1.5),
    ("Ngô", 1.3), ("Dương", 1), ("Lý", 1.5), ("Lâm", 1.5), ("Châu", 1), ("Tô", 0.8),
    ("Thạch", 3), ("Sơn", 2), ("Kim", 1.5), ("Danh", 1), ("Triệu", 0.7), ("Quách", 0.6),
    ("Đinh", 0.8), ("Mai", 0.8), ("Cao", 0.7), ("Tăng", 0.5), ("Lưu", 0.6), ("La", 0.5),
]  # fmt: skip
MALE_MIDDLE = ["Văn", "Văn", "Văn", "Minh", "Hoàng", "Quốc", "Thanh", "Hữu", "Công", "Đức", "Tấn", "Phước", "Chí", "Trung"]  # fmt: skip
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Mỹ", "Thu", "Bích", "Hồng", "Diễm", "Yến", "Cẩm"]  # fmt: skip
MALE_GIVEN = [
    "An", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Hải", "Hào", "Hiếu", "Hoà", "Hùng",
    "Huy", "Khang", "Khải", "Khoa", "Kiệt", "Lâm", "Lộc", "Long", "Luân", "Minh", "Nam",
    "Nghĩa", "Nhân", "Phát", "Phong", "Phúc", "Quang", "Sang", "Sơn", "Tài", "Tâm", "Thái",
    "Thành", "Thắng", "Thiện", "Thịnh", "Toàn", "Trí", "Trọng", "Tuấn", "Tùng", "Vinh", "Vũ",
    "Sóc", "Sa Rết", "Sa Rinh", "Chanh Đa", "Sô Phia",
]  # fmt: skip
FEMALE_GIVEN = [
    "Anh", "Ánh", "Châu", "Diễm", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
    "Hoa", "Hồng", "Hương", "Huyền", "Khánh", "Lan", "Liên", "Linh", "Loan", "Mai", "My",
    "Nga", "Ngân", "Ngọc", "Nhi", "Nhung", "Oanh", "Phượng", "Quyên", "Tâm", "Thảo", "Thơ",
    "Thu", "Thủy", "Tiên", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến",
    "Sa Phone", "Sa Ly", "Thi Da",
]  # fmt: skip
HAMLET_A = ["Tân", "Phú", "Hưng", "Vĩnh", "Trung", "Thạnh", "Long", "An", "Mỹ", "Xuân", "Kiết", "Tuân"]  # fmt: skip
HAMLET_B = ["Lộc", "Hòa", "Thành", "Phước", "Lợi", "Điền", "Nghĩa", "Quới", "Thới", "Bình", "Hiệp", "Tức"]  # fmt: skip
COMPANY_WORDS = ["Phát Đạt", "Thành Công", "Minh Phú", "Hưng Thịnh", "Tân Tiến", "Nông Phát", "Mê Kông", "Sông Hậu", "Lúa Vàng", "Phú Gia"]  # fmt: skip
COMPANY_TRADES = ["Thương mại Dịch vụ", "Xây dựng", "Nông sản", "Vật liệu xây dựng", "Thủy sản", "Vận tải"]  # fmt: skip
MOBILE_PREFIXES = ["032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079", "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096", "097", "098"]  # fmt: skip

PAPERS = {
    "CHUNGTHUC": ["Bản chính giấy tờ cần chứng thực", "Bản sao cần chứng thực"],
    "HOTICH": ["Tờ khai theo mẫu", "Giấy tờ làm căn cứ đăng ký hộ tịch"],
    "DATDAI": [
        "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất",
        "Giấy chứng nhận quyền sử dụng đất đã cấp",
        "Hợp đồng, văn bản về chuyển quyền sử dụng đất",
    ],
    "XAYDUNG": [
        "Đơn đề nghị cấp giấy phép xây dựng",
        "Bản vẽ thiết kế xây dựng",
        "Giấy tờ hợp pháp về đất đai",
    ],
    "HKD": ["Giấy đề nghị đăng ký hộ kinh doanh", "Biên bản họp thành viên hộ gia đình"],
    "HTX": ["Giấy đề nghị đăng ký hợp tác xã", "Điều lệ hợp tác xã"],
    "BTXH": ["Tờ khai đề nghị trợ giúp xã hội", "Giấy xác nhận khuyết tật hoặc giấy tờ liên quan"],
    "NCC": ["Bản khai cá nhân", "Giấy tờ làm căn cứ xác nhận người có công"],
}
GENERIC_PAPERS = ["Đơn đề nghị theo mẫu", "Giấy tờ chứng minh theo quy định của thủ tục"]
SUPPLEMENT_NOTES = [
    "Bổ sung bản sao giấy tờ chứng minh quyền sử dụng đất",
    "Bổ sung bản vẽ sơ đồ thửa đất có chữ ký của các hộ liền kề",
    "Bổ sung văn bản ủy quyền có chứng thực",
    "Tờ khai ghi chưa đúng thông tin, đề nghị khai lại",
    "Bổ sung giấy tờ chứng minh nơi cư trú",
]
PAYMENT_NOTE = "Thông báo nộp tiền sử dụng đất, lệ phí trước bạ"
WITHDRAW_NOTES = ["Người nộp hồ sơ xin rút để bổ sung thêm giấy tờ", "Người nộp hồ sơ không còn nhu cầu giải quyết"]  # fmt: skip
STOP_NOTE = "Quá thời hạn bổ sung hồ sơ nhưng người nộp không bổ sung"
STOP_PROCESSING_NOTE = "Có tranh chấp phát sinh trong quá trình giải quyết, tạm dừng theo quy định"
STOP_PAYMENT_NOTE = "Người nộp hồ sơ không thực hiện nghĩa vụ tài chính trong thời hạn"
REFUSE_NOTE = "Hồ sơ không đủ điều kiện giải quyết theo quy định"
REFUSE_INTAKE_NOTE = "Thủ tục không thuộc thẩm quyền giải quyết của đơn vị"
SEND_BACK_NOTE = "Đề nghị thẩm định lại, làm rõ nội dung trước khi trình ký"
EXTENSION_NOTE = "Cần xác minh thêm thông tin tại địa phương nên chưa trả kết quả đúng hẹn"
INCOMPLETE_MISSING = ["Thiếu đơn đề nghị theo mẫu", "Thiếu bản sao giấy tờ chứng minh"]


# -- what the generator knows about units, staff and procedures -----------------------------


@dataclass
class _Version:
    id: int
    processing_time: str
    steps: list  # (order, name, budget, office_kind)
    shares: list  # fraction of the processing time spent in each step


@dataclass
class _Procedure:
    id: int
    name: str
    sector: str
    online: bool
    postal: bool
    fee: bool
    versions: list  # (effective_from, _Version), sorted

    def version_on(self, day: date) -> _Version:
        """As `Procedure.version_on`: the version in force, or the first one."""
        chosen = self.versions[0][1]
        for effective_from, version in self.versions:
            if effective_from <= day:
                chosen = version
        return chosen


@dataclass
class _Staff:
    desk: list
    leader: int
    heads: dict  # office id -> user id (office head, else the leader)
    specialists: dict  # office id -> [user id]
    office_by_code: dict  # office code -> office id
    default_office: dict  # office kind -> office id when unique (as services._offices_by_kind)


@dataclass
class _Unit:
    unit: Unit
    code: str
    pre: bool  # a pre-2025 unit
    cal: object
    staff: _Staff
    pools: dict  # channel -> (procedures, cumulative weights)
    office_map: dict


class _D:
    """One planned dossier."""

    __slots__ = (
        "procedure", "version", "channel", "submitted", "received", "due", "W", "seed",
        "script", "events", "runs", "pause", "extend", "applicant", "year", "digitised",
        "e_result", "return_channel", "paid_online", "live", "late", "accept_delay",
        "due_paused", "due_extended", "supplement_deadline",
    )  # fmt: skip

    def __init__(self):
        self.pause = None  # (minutes paused, event index of the request, of the resumption)
        self.extend = None  # (event index, extra duration text)
        self.script = None
        self.live = False
        self.late = 0
        self.events = []
        self.runs = []
        self.due_paused = self.due_extended = self.supplement_deadline = None


# -- planning ----------------------------------------------------------------------------------


def _scaled(n: float, scale: float) -> int:
    return max(1, round(n * scale)) if n else 0


def plan_volumes(today: date | None = None, scale: float = 1.0) -> dict[str, int]:
    """How many dossiers each demo unit gets (pure: writes nothing, reads nothing)."""
    today = today or timezone.localdate()
    volumes = {code: _scaled(n, scale) for code, n in PRE_VOLUMES.items()}
    if today > POST_FIRST + timedelta(days=31):
        years = (today - POST_FIRST).days / 365.25
        for code, per_year in POST_YEARLY.items():
            volumes[code] = _scaled(per_year * years, scale) + LIVE.get(code, 0)
            if code == DESK_UNIT:
                volumes[code] += sum(n for _, n in SCRIPTS)
    return volumes


def _day_weight(day: date) -> float:
    weight = 1 + 0.06 * (day.year - 2021)
    weight *= {1: 1.25, 2: 0.8, 12: 1.15}.get(day.month, 1.0)
    if day.year == 2021 and 7 <= day.month <= 9:
        weight *= 0.45  # the 2021 lockdown in the Mekong delta
    return weight * (1.15 if day.weekday() == 0 else 1.0)


def _allocate(rng: random.Random, days: list[date], total: int) -> list[int]:
    """`total` dossiers over `days`, proportional to `_day_weight`, exactly."""
    if not days or total <= 0:
        return [0] * len(days)
    weights = [_day_weight(d) for d in days]
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    rest = total - sum(counts)
    order = sorted(range(len(days)), key=lambda i: (counts[i] - exact[i], rng.random()))
    for i in order[:rest]:
        counts[i] += 1
    return counts


def _working_days(cal, first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if cal.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _choose(rng: random.Random, items, cumulative):
    return items[bisect_right(cumulative, rng.random() * cumulative[-1])]


def _share(table: dict, year: int) -> float:
    return table.get(year, table[max(table)] if year > max(table) else table[min(table)])


# -- applicants ----------------------------------------------------------------------------------

_FAMILY_NAMES = [f for f, _ in FAMILY]
_FAMILY_CUM = list(accumulate(w for _, w in FAMILY))


def _person(rng: random.Random) -> tuple[str, bool]:
    female = rng.random() < 0.5
    family = _choose(rng, _FAMILY_NAMES, _FAMILY_CUM)
    middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
    given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    return f"{family} {middle} {given}", female


def _applicant(rng: random.Random, where: str, province_code: str, online: bool) -> dict:
    if rng.random() < 0.06:
        if rng.random() < 0.5:
            name = f"Công ty TNHH {rng.choice(COMPANY_TRADES)} {rng.choice(COMPANY_WORDS)}"
        else:
            name = f"Hộ kinh doanh {_person(rng)[0]}"
        kind, id_number = ApplicantKind.ORGANISATION.value, f"22{rng.randrange(10**8):08d}"
    else:
        name, female = _person(rng)
        born = rng.randint(1945, 2006)
        century = (0 if born < 2000 else 2) + (1 if female else 0)
        kind = ApplicantKind.PERSON.value
        id_number = f"{province_code}{century}{born % 100:02d}{rng.randrange(10**6):06d}"
    hamlet = f"Ấp {rng.choice(HAMLET_A)} {rng.choice(HAMLET_B)}"
    if rng.random() < 0.3:
        hamlet += f" {rng.randint(1, 3)}"
    email = ""
    if online and rng.random() < 0.5:
        email = f"{fold(name).replace(' ', '.')[-24:].strip('.')}{rng.randint(1, 999)}@example.com"
    return {
        "applicant_kind": kind,
        "applicant_name": name,
        "applicant_id_number": id_number,
        "applicant_phone": f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**7):07d}",
        "applicant_email": email,
        "applicant_address": f"{hamlet}, {where}",
    }


# -- context: staff, procedures --------------------------------------------------------------


def _generated_user(rng, username: str, position: str) -> int:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=_person(rng)[0], position=position)
        user.set_unusable_password()
        user.save()
    return user.pk


def _staff_for(rng: random.Random, unit: Unit) -> _Staff:
    """The unit's accounts by role; missing roles get generated staff (no password)."""
    offices = list(Office.objects.filter(unit=unit).order_by("code"))
    by_code = {o.code: o.pk for o in offices}
    kinds = Counter(o.kind for o in offices)
    default = {o.kind: o.pk for o in offices if kinds[o.kind] == 1}
    grants = list(RoleGrant.objects.filter(unit=unit).order_by("user__username"))

    def holders(role, office=None):
        return [
            g.user_id
            for g in grants
            if g.role == role and (office is None or g.office_id == office)
        ]

    prefix = f"cb.{unit.code.lower()}"
    level = "huyện" if unit.kind == UnitKind.DISTRICT else unit.name.split()[1]
    desk = holders(Role.ONE_STOP_OFFICER) or [
        _generated_user(rng, f"{prefix}.motcua", "Công chức Bộ phận Một cửa")
    ]
    leaders = holders(Role.UNIT_LEADER)
    leader = (
        leaders[0]
        if leaders
        else _generated_user(rng, f"{prefix}.lanhdao", f"Phó Chủ tịch UBND {level}")
    )
    heads, specialists = {}, {}
    for office in offices:
        if office.kind not in (OfficeKind.SPECIALIST, OfficeKind.CLERICAL):
            continue
        found = holders(Role.SPECIALIST, office.pk)
        if not found:
            title = "Chuyên viên" if unit.kind == UnitKind.DISTRICT else "Công chức"
            found = [
                _generated_user(rng, f"{prefix}.{office.code.lower()}", f"{title} {office.name}")
            ]
        specialists[office.pk] = found
        head = holders(Role.OFFICE_HEAD, office.pk)
        if head:
            heads[office.pk] = head[0]
        elif unit.kind == UnitKind.DISTRICT and office.kind == OfficeKind.SPECIALIST:
            heads[office.pk] = _generated_user(
                rng,
                f"{prefix}.{office.code.lower()}.tp",
                f"Trưởng phòng {office.name.removeprefix('Phòng ')}",
            )
        else:
            heads[office.pk] = leader
    _grant(unit, by_code, desk, Role.ONE_STOP_OFFICER, "MOTCUA")
    _grant(unit, by_code, [leader], Role.UNIT_LEADER, "LD")
    for office_id, users in specialists.items():
        for user_id in users:
            RoleGrant.objects.get_or_create(
                user_id=user_id, unit=unit, role=Role.SPECIALIST, defaults={"office_id": office_id}
            )
        if heads[office_id] != leader:
            RoleGrant.objects.get_or_create(
                user_id=heads[office_id],
                unit=unit,
                role=Role.OFFICE_HEAD,
                defaults={"office_id": office_id},
            )
    return _Staff(desk, leader, heads, specialists, by_code, default)


def _grant(unit, by_code, users, role, office_code):
    for user_id in users:
        RoleGrant.objects.get_or_create(
            user_id=user_id, unit=unit, role=role, defaults={"office_id": by_code.get(office_code)}
        )


def _procedures(levels: tuple[str, ...], cache: dict) -> list[_Procedure]:
    if levels in cache:
        return cache[levels]
    rows = (
        Procedure.objects.filter(level__in=levels, internal=False, active=True)
        .select_related("sector")
        .prefetch_related("versions__steps")
        .order_by("code")
    )
    result = []
    for p in rows:
        versions = []
        for v in sorted(p.versions.all(), key=lambda v: v.effective_from):
            steps = [(s.order, s.name, s.budget, s.office_kind) for s in v.steps.all()]
            if not steps:
                steps = [(1, "Giải quyết hồ sơ", v.processing_time, OfficeKind.SPECIALIST.value)]
            weights = [_weight_minutes(b) for _, _, b, _ in steps]
            total = sum(weights) or 1
            versions.append(
                (
                    v.effective_from,
                    _Version(v.id, v.processing_time, steps, [w / total for w in weights]),
                )
            )
        if versions:
            result.append(
                _Procedure(
                    p.id,
                    p.name,
                    p.sector.code,
                    p.online_mode != OnlineMode.NONE,
                    p.postal,
                    bool(p.fee),
                    versions,
                )
            )
    cache[levels] = result
    return result


def _weight_minutes(budget: str) -> float:
    """How much of the processing time a step takes, for splitting the time actually spent."""
    d = Duration.parse(budget)
    if d.kind is DurationKind.CALENDAR_DAYS:
        return float(d.amount) * 480 * 5 / 7
    if d.kind is DurationKind.SAME_DAY:
        return 480.0
    return float(d.working_minutes(480)) or 1.0


def _pools(rng: random.Random, procedures: list[_Procedure]) -> dict:
    """Weighted pools per channel: sector weight × a Zipf-like popularity, seeded."""
    order = list(procedures)
    rng.shuffle(order)
    weights = {
        p.id: SECTOR_WEIGHTS.get(p.sector, 0.3) / (rank + 1) ** 0.8 for rank, p in enumerate(order)
    }

    def pool(items):
        items = sorted(items, key=lambda p: p.id)
        return items, list(accumulate(weights[p.id] for p in items))

    return {
        Channel.COUNTER: pool(procedures),
        Channel.ONLINE: pool([p for p in procedures if p.online]),
        Channel.POSTAL: pool([p for p in procedures if p.postal]),
    }


# -- the event plan of one dossier ---------------------------------------------------------

# An event: [action, offset (working minutes after acceptance; None: the online submission),
# actor id, history step (run index), run started, run finished, note, time, previous assignee].
AT = 7
# A run of a workflow step: [order, name, budget, office kind, office id, assignee id,
# event that starts it, event that finishes it, paused while it ran, due, due after the pause].
R_START, R_FINISH, R_PAUSED, R_DUE, R_DUE_PAUSED = 6, 7, 8, 9, 10


class _Plan:
    """Builds one dossier's actions with their offsets in working minutes from acceptance."""

    def __init__(self, d: _D):
        self.d = d
        self.offset = 0
        d.events, d.runs, d.pause, d.extend = [], [], None, None

    def event(self, action, actor, *, step=None, start=None, finish=None, note="", extra=None):
        d = self.d
        d.events.append([action, self.offset, actor, step, start, finish, note, None, extra])
        index = len(d.events) - 1
        if start is not None:
            d.runs[start][R_START] = index
        if finish is not None:
            d.runs[finish][R_FINISH] = index
        return index

    def advance(self, minutes) -> None:
        self.offset += max(1, int(minutes))

    def run(self, order, name, budget, kind, office, assignee=None) -> int:
        self.d.runs.append(
            [order, name, budget, kind, office, assignee, None, None, False, None, None]
        )
        return len(self.d.runs) - 1


def _office_for_kind(ctx: _Unit, kind: str, sector: str) -> int | None:
    if kind == OfficeKind.SPECIALIST:
        fallback = "VP" if "VP" in ctx.staff.office_by_code else "VPTK"
        return ctx.staff.office_by_code.get(ctx.office_map.get(sector, fallback))
    return ctx.staff.default_office.get(kind)


def _side_path(d: _D, ctx: _Unit, rng: random.Random) -> str | None:
    if d.script in ("awaiting_supplement", "awaiting_payment"):
        return d.script.removeprefix("awaiting_")
    if d.script is not None:
        return None
    boost = 2 if d.live else 1
    payment = 0.3 if d.procedure.sector == "DATDAI" else (0.01 if d.procedure.fee else 0)
    x = rng.random()
    for name, rate in (
        ("supplement", 0.05 * boost),
        ("payment", payment * boost),
        ("extend", 0.01 if d.W >= 3 * 480 else 0),
        ("send_back", 0.015),
        ("withdraw", 0.008),
        ("refuse", 0.004),
        ("stop", 0.002),
    ):
        if x < rate:
            return name
        x -= rate
    return None


def _total_minutes(d: _D, rng: random.Random) -> int:
    """Working minutes the dossier's processing takes (pauses excluded)."""
    W = d.W
    if d.script in ("due_today", "due_tomorrow"):
        return W - 1
    if d.script == "overdue":
        return W + (d.late + rng.randint(1, 3)) * 480
    if d.script == "resolved":
        return int(W * 0.4)
    late = _share(LATE_SHARE, d.year) * (2.5 if d.live else 1)
    x = rng.random()
    if x < late:
        return W + rng.randint(1, 5) * 480
    if x < late + 0.27:
        return W - rng.randint(0, min(W - 1, 200))
    return int(W * rng.uniform(0.15, 0.8))


def _plan_dossier(d: _D, ctx: _Unit, squeeze: float = 1.0) -> None:
    """Choose what happens to `d` and when (offsets in working minutes from its acceptance).

    `squeeze` < 1 shortens every wait (pre-2025 dossiers that would end after 30/06/2025)."""
    rng = random.Random(d.seed)
    staff = ctx.staff
    plan = _Plan(d)
    desk = staff.desk[d.seed % len(staff.desk)]
    if d.channel == Channel.ONLINE:
        plan.event(A.SUBMIT, None)
        d.events[-1][1] = None
        if d.script is None and rng.random() < 0.03:
            plan.event(A.REFUSE_INTAKE, desk, note=REFUSE_INTAKE_NOTE)
            return
    steps = d.version.steps
    total = max(len(steps) * 2, int(_total_minutes(d, rng) * squeeze))
    jittered = [share * rng.uniform(0.8, 1.2) for share in d.version.shares]
    spread = sum(jittered)
    minutes = [max(1, int(total * x / spread)) for x in jittered]
    if d.script == "received":
        minutes[0] = max(minutes[0], 90)
    side = _side_path(d, ctx, rng) if squeeze == 1 else None

    runs = [plan.run(o, n, b, k, staff.default_office.get(k)) for o, n, b, k in steps]
    d.runs[0][5] = desk if steps[0][3] == OfficeKind.ONE_STOP else None
    plan.event(A.ACCEPT if d.channel == Channel.ONLINE else A.RECEIVE, desk, step=0, start=0)
    if side == "withdraw" and rng.random() < 0.5:
        plan.advance(minutes[0] * rng.uniform(0.2, 0.9))
        plan.event(A.WITHDRAW, desk, step=0, finish=0, note=rng.choice(WITHDRAW_NOTES))
        return

    office = _office_for_kind(ctx, OfficeKind.SPECIALIST, d.procedure.sector)
    people = staff.specialists.get(office) or [staff.leader]
    specialist = people[d.seed % len(people)]
    head = staff.heads.get(office, staff.leader)
    state = {"current": 0, "side": side}

    def handover(action, actor, nxt, assignee, office_id=None, note=""):
        current = state["current"]
        d.runs[nxt][5] = assignee
        if office_id is not None:
            d.runs[nxt][4] = office_id
        plan.event(action, actor, step=current, start=nxt, finish=current, note=note)
        state["current"] = nxt

    def end(action, actor, note):
        current = state["current"]
        plan.event(action, actor, step=current, finish=current, note=note)

    def work(k: int, actor) -> bool:
        """Time spent in the current run (step k) and the side path if it happens here;
        True when the dossier ends here."""
        spent, chosen = minutes[k], state["side"]
        if chosen not in ("supplement", "payment", "extend", "withdraw", "refuse", "stop"):
            plan.advance(spent)
            return False
        state["side"] = None
        current = state["current"]
        before = max(1, int(spent * rng.uniform(0.2, 0.7)))
        plan.advance(before)
        if chosen in ("supplement", "payment"):
            paused = rng.choice([240, 480, 480, 960, 960, 1440, 1920, 2400, 3360, 4800])
            paused = 30 * 480 if d.script else max(1, int(paused * squeeze))
            supplement = chosen == "supplement"
            request = plan.event(
                A.REQUEST_SUPPLEMENT if supplement else A.REQUEST_PAYMENT,
                actor,
                step=current,
                note=rng.choice(SUPPLEMENT_NOTES) if supplement else PAYMENT_NOTE,
            )
            ending = 0.5 if d.script else rng.random()
            if supplement and ending < 0.07:  # the supplement deadline passes
                plan.advance(int(4800 * max(squeeze, 0.05)) + rng.randint(30, 900))
                end(A.STOP, staff.leader, STOP_NOTE)
                return True
            plan.advance(paused)
            if ending > 0.96:
                if supplement:
                    end(A.WITHDRAW, desk, rng.choice(WITHDRAW_NOTES))
                else:
                    end(A.STOP, staff.leader, STOP_PAYMENT_NOTE)
                return True
            resume = A.RECEIVE_SUPPLEMENT if supplement else A.RECORD_PAYMENT
            d.pause = (paused, request, plan.event(resume, desk, step=current))
            d.runs[current][R_PAUSED] = True
        elif chosen == "extend":
            latest = d.W - 481  # at the latest one working day before the due time
            if plan.offset < latest:
                extra = rng.choice(EXTENSION_EXTRA)
                d.extend = (plan.event(A.EXTEND, head, step=current, note=EXTENSION_NOTE), extra)
                extra_minutes = ctx.cal.duration_minutes(Duration.parse(extra))
                finish = d.W + rng.randint(480, max(481, extra_minutes - 120))
                remaining = max(2, finish - plan.offset)
                later = sum(minutes[k + 1 :]) or 1
                for j in range(k + 1, len(minutes)):
                    minutes[j] = max(1, remaining // 2 * minutes[j] // later)
                plan.advance(remaining - remaining // 2)
                return False
        elif chosen == "withdraw":
            end(A.WITHDRAW, desk, rng.choice(WITHDRAW_NOTES))
            return True
        elif chosen in ("refuse", "stop"):
            plan.advance(spent - before)
            if chosen == "refuse":
                end(A.REFUSE, staff.leader, REFUSE_NOTE)
            else:
                end(A.STOP, staff.leader, STOP_PROCESSING_NOTE)
            return True
        plan.advance(max(1, spent - before))
        return False

    if len(steps) == 1:
        # A one-step workflow: processing starts within the single step (services._forward).
        plan.advance(min(minutes[0] // 4 + 1, 120))
        plan.event(A.START, desk, step=0)
        d.runs[0][4] = d.runs[0][4] or office
        plan.advance(rng.randint(5, 60))
        previous, d.runs[0][5] = d.runs[0][5], specialist
        plan.event(A.ASSIGN, head, step=0, extra=previous)
        if work(0, specialist):
            return
    else:
        plan.advance(minutes[0])
        specialist_seen = False
        for k in range(1, len(steps)):
            kind, before_kind = steps[k][3], steps[k - 1][3]
            if k == 1:
                action, actor = A.START, desk
            elif before_kind == OfficeKind.LEADERSHIP:
                action, actor = A.APPROVE, staff.leader
            elif before_kind == OfficeKind.ONE_STOP:
                action, actor = A.FORWARD, desk
            else:
                action, actor = A.FORWARD, specialist
            assign_later = kind == OfficeKind.SPECIALIST and rng.random() < 0.4
            if kind == OfficeKind.SPECIALIST:
                assignee = None if assign_later else specialist
            else:
                assignee = staff.leader if kind == OfficeKind.LEADERSHIP else None
            handover(
                action, actor, runs[k], assignee, office if kind == OfficeKind.SPECIALIST else None
            )
            if assign_later:
                delay = min(max(1, minutes[k] // 5), rng.randint(5, 90))
                plan.advance(delay)
                minutes[k] = max(1, minutes[k] - delay)
                d.runs[runs[k]][5] = specialist
                plan.event(A.ASSIGN, head, step=runs[k], extra=None)
            if kind == OfficeKind.SPECIALIST and not specialist_seen:
                specialist_seen = True
                if work(k, specialist):
                    return
            elif (
                kind == OfficeKind.LEADERSHIP
                and state["side"] == "send_back"
                and before_kind == OfficeKind.SPECIALIST
            ):
                state["side"] = None
                plan.advance(minutes[k])
                redo = plan.run(*steps[k - 1], d.runs[runs[k - 1]][4])
                handover(
                    A.SEND_BACK, staff.leader, redo, d.runs[runs[k - 1]][5], note=SEND_BACK_NOTE
                )
                plan.advance(max(1, int(d.W * rng.uniform(0.05, 0.25) * squeeze)))
                again = plan.run(*steps[k], d.runs[runs[k]][4])
                handover(A.FORWARD, specialist, again, staff.leader)
                plan.advance(max(1, minutes[k] // 2))
            elif kind == OfficeKind.ONE_STOP:
                plan.advance(minutes[k])
            elif work(k, specialist if kind == OfficeKind.SPECIALIST else staff.leader):
                return
        if steps[-1][3] == OfficeKind.LEADERSHIP:
            end(A.APPROVE, staff.leader, "")
            plan.advance(1)
    current = state["current"]
    last_kind = steps[-1][3]
    ready_by = desk if last_kind in (OfficeKind.ONE_STOP, OfficeKind.LEADERSHIP) else specialist
    already = d.runs[current][R_FINISH] is not None
    plan.event(A.RESULT_READY, ready_by, step=current, finish=None if already else current)
    if d.return_channel == ReturnChannel.ONLINE:
        wait = rng.randint(1, 60)
    elif d.return_channel == ReturnChannel.POST:
        wait = rng.randint(240, 1440)
    elif rng.random() < 0.4:
        wait = rng.choice([15, 30, 60, 120, 240])
    else:
        wait = int(rng.expovariate(1 / 700)) + 30
    if d.script == "resolved":
        wait = 40 * 480
    plan.advance(max(1, int(wait * squeeze)))
    plan.event(A.RETURN, desk)


# -- the generator -----------------------------------------------------------------------------


@dataclass
class DemoHistory:
    """What `load_demo_dossiers` wrote."""

    dossiers: int = 0
    per_unit: dict = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    history: int = 0
    steps: int = 0
    components: int = 0
    intake_records: int = 0


def load_demo_dossiers(today: date | None = None, scale: float = 1.0) -> DemoHistory:
    """Generate and write the demo dossier history (see the module docstring); one transaction.

    Call it once, on the demo data set (units, calendar and catalogue loaded, no dossiers).
    The history ends at midnight before `today` (default: the local date).
    """
    today = today or timezone.localdate()
    cutoff = datetime.combine(today, time())
    volumes = plan_volumes(today, scale)
    with transaction.atomic(), _large_page_cache():
        summary = DemoHistory()
        units = {u.code: u for u in Unit.objects.filter(code__in=list(volumes))}
        cache: dict = {}
        # Every read (and the generated staff) first; then generation and inserts.
        work = [
            (code, total, _context(units[code], cache))
            for code, total in volumes.items()
            if code in units and total > 0
        ]
        writer = _Writer(_Sink())
        for code, total, ctx in work:
            dossiers = _generate(ctx, total, today)
            _compute_times(ctx, dossiers)
            summary.per_unit[code] = writer.write(ctx, dossiers, cutoff, summary)
        writer.flush()
        writer.finish(summary)
        summary.dossiers = sum(summary.per_unit.values())
    return summary


class _Sink:
    """Where full batches of rows go: `executemany` on the connection of this transaction.

    (A background thread for the inserts was tried: sqlite3 re-takes the GIL after every row,
    so generating and inserting did not overlap and it was slower.)"""

    def submit(self, sql: str, rows: list) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


def _shared_calendar(unit: Unit, cache: dict):
    """The unit's engine calendar; units with identical calendars share one object, so the
    engine's bulk tables are built once."""
    cal = workcal.calendar_for(unit)
    key = (cal.non_working, cal.working, cal.rest_weekdays, cal.hours)
    return cache.setdefault(key, cal)


@contextmanager
def _large_page_cache():
    """On SQLite, a 256 MB page cache while the million rows go in (the default 2 MB makes
    the transaction spill and re-read index pages); the connection's setting is restored."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        previous = cursor.execute("PRAGMA cache_size").fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _context(unit: Unit, cache: dict) -> _Unit:
    pre = unit.valid_to is not None and unit.valid_to <= PRE_END.date()
    commune = unit.kind == UnitKind.COMMUNE
    if pre:
        levels = ("commune",) if commune else ("district",)
    else:
        levels = ("commune", "district")  # since 1/7/2025 the communes took over district work
    return _Unit(
        unit=unit,
        code=unit.code,
        pre=pre,
        cal=_shared_calendar(unit, cache.setdefault("calendars", {})),
        staff=_staff_for(random.Random(f"{SEED}:staff:{unit.code}"), unit),
        pools=_pools(
            random.Random(f"{SEED}:pool:{unit.code}"),
            _procedures(levels, cache.setdefault("procedures", {})),
        ),
        office_map=COMMUNE_OFFICE if commune else DISTRICT_OFFICE,
    )


def _place(unit: Unit) -> tuple[str, str]:
    """Address tail and the province code of citizen IDs for the unit's applicants."""
    name = unit.name.removeprefix("UBND ")
    if unit.code.startswith("CT-"):
        return f"{name}, thành phố Cần Thơ", "092"
    if unit.kind == UnitKind.DISTRICT:
        return "huyện Thạnh Trị, tỉnh Sóc Trăng", "094"
    return f"{name}, huyện Thạnh Trị, tỉnh Sóc Trăng", "094"


def _generate(ctx: _Unit, total: int, today: date) -> list[_D]:
    """Choose each dossier's day, channel, procedure, applicant (no times computed yet)."""
    unit = ctx.unit
    seed = f"{SEED}:{unit.code}" if ctx.pre else f"{SEED}:{unit.code}:{today.isoformat()}"
    rng = random.Random(seed)
    last = today - timedelta(days=1)
    where, province = _place(unit)
    if ctx.pre:
        days = _working_days(ctx.cal, PRE_FIRST, min(PRE_LAST_INTAKE, last))
        plan = [(day, False, n) for day, n in zip(days, _allocate(rng, days, total), strict=True)]
        scripts = []
    else:
        days = _working_days(ctx.cal, POST_FIRST, last)
        live_days = days[-LIVE_DAYS:]
        scripts = SCRIPTS if unit.code == DESK_UNIT and len(days) > 20 else []
        scripted = sum(n for _, n in SCRIPTS) if unit.code == DESK_UNIT else 0
        live = min(LIVE.get(unit.code, 0), total - scripted)
        history = _allocate(rng, days, total - scripted - live)
        plan = [(day, False, n) for day, n in zip(days, history, strict=True)]
        plan += [
            (day, True, n)
            for day, n in zip(live_days, _allocate(rng, live_days, live), strict=True)
        ]
    dossiers = [
        _new(ctx, rng, day, live, where, province) for day, live, n in plan for _ in range(n)
    ]
    for kind, count in scripts:
        dossiers += [_script(ctx, rng, days, kind, where, province) for _ in range(count)]
    return dossiers


def _new(ctx, rng, day, live, where, province, channel=None, procedure=None) -> _D:
    d = _D()
    d.seed = rng.getrandbits(48)
    d.live = live
    d.year = day.year
    if channel is None:
        x = rng.random()
        channel = Channel.COUNTER
        if x < _share(ONLINE_SHARE, day.year):
            channel = Channel.ONLINE
        elif x > 1 - POSTAL_SHARE:
            channel = Channel.POSTAL
    if not ctx.pools[channel][0]:
        channel = Channel.COUNTER
    d.channel = int(channel)
    d.procedure = procedure or _choose(rng, *ctx.pools[channel])
    d.version = d.procedure.version_on(day)
    d.applicant = _applicant(rng, where, province, d.channel == Channel.ONLINE)
    if d.channel == Channel.ONLINE:
        first = PRE_FIRST if ctx.pre else POST_FIRST
        start = day - timedelta(days=rng.choice([0, 0, 0, 1]))
        start = max(start, first)
        d.submitted = datetime.combine(start, time()) + timedelta(minutes=rng.randrange(1440))
        d.accept_delay = rng.randint(10, 480)
        d.received = None
    else:
        periods = ctx.cal.periods_on(day) or ((420, 690),)
        begin, end = periods[0] if rng.random() < 0.6 or len(periods) == 1 else periods[1]
        d.received = datetime.combine(day, time()) + timedelta(
            minutes=rng.randrange(begin, end - 5)
        )
        d.submitted = d.received
    d.digitised = d.channel != Channel.ONLINE and rng.random() < _share(DIGITISED_SHARE, day.year)
    boost = 1.4 if d.channel == Channel.ONLINE else 0.3
    d.e_result = rng.random() < _share(E_RESULT_SHARE, day.year) * boost
    if d.channel == Channel.ONLINE:
        d.return_channel = ReturnChannel.ONLINE if d.e_result else ReturnChannel.DESK
    elif d.channel == Channel.POSTAL:
        d.return_channel = ReturnChannel.POST if rng.random() < 0.8 else ReturnChannel.DESK
    else:
        d.return_channel = ReturnChannel.POST if rng.random() < 0.03 else ReturnChannel.DESK
    d.paid_online = rng.random() < _share(ONLINE_SHARE, day.year) * 1.5
    return d


def _working_days_of(text: str) -> int | None:
    """3 for "3d"; None for hours, calendar days and same-day durations."""
    d = Duration.parse(text)
    if d.kind is DurationKind.WORKING_DAYS and d.amount == d.amount.to_integral_value():
        return int(d.amount)
    return None


def _script(ctx: _Unit, rng, days: list[date], kind: str, where, province) -> _D:
    """A dossier placed so that the desk finds it in a given queue on `today` (DESK_UNIT).

    It is received k working days (of the engine's calendar) before today for a k-working-day
    procedure, so the engine puts its due time on today; the generator only picks the day."""
    channel = Channel.ONLINE if kind == "submitted" else Channel.COUNTER
    items = ctx.pools[channel][0] or ctx.pools[Channel.COUNTER][0]
    short = [
        p
        for p in items
        if 2 <= (_working_days_of(p.version_on(days[-1]).processing_time) or 0) <= 7
        and len(p.version_on(days[-1]).steps) >= 3
    ]
    if kind == "awaiting_payment":
        short = [p for p in short if p.sector == "DATDAI"] or short
    procedure = rng.choice(short or items)
    k = _working_days_of(procedure.version_on(days[-1]).processing_time) or 3
    late = rng.randint(1, 3)
    back = {
        "due_today": k,
        "due_tomorrow": k - 1,
        "overdue": k + late,
        "awaiting_supplement": 3,
        "awaiting_payment": 4,
        "received": 1,
        "resolved": 6,
        "submitted": 1,
    }[kind]
    day = days[-max(1, back)]
    d = _new(ctx, rng, day, True, where, province, channel=channel, procedure=procedure)
    d.script, d.late = kind, late
    if kind == "submitted":
        d.submitted = datetime.combine(day, time(18, rng.randint(0, 59)))
        d.accept_delay = 30
    elif kind == "received":
        d.received = d.submitted = datetime.combine(day, time(16, 40))
    else:
        clock = time(rng.choice([8, 9, 10, 14, 15]), rng.choice([0, 15, 30]))
        d.received = d.submitted = datetime.combine(day, clock)
    return d


_EPOCH = date(1970, 1, 1).toordinal()


def _minutes(values) -> np.ndarray:
    """Naive datetimes -> datetime64[m] (numpy's own conversion of objects is ~10× slower)."""
    count = [(v.toordinal() - _EPOCH) * 1440 + v.hour * 60 + v.minute for v in values]
    return np.asarray(count, dtype=np.int64).view("datetime64[m]")


def _to_datetimes(values: np.ndarray) -> list[datetime]:
    return values.astype("datetime64[us]").astype(object).tolist()


def _add(cal, starts: list[datetime], durations: list) -> list[datetime]:
    """The engine's bulk path: `starts[i]` + `durations[i]` (a duration text, or working
    minutes), one `add_many` call per distinct duration text."""
    if not starts:
        return []
    array = _minutes(starts)
    if all(isinstance(x, int) for x in durations):
        return _to_datetimes(cal.add_many(array, np.asarray(durations, dtype=np.int64)))
    out = np.empty_like(array)
    groups = defaultdict(list)
    for i, text in enumerate(durations):
        groups[text].append(i)
    for text, index in groups.items():
        index = np.asarray(index)
        out[index] = cal.add_many(array[index], Duration.parse(text))
    return _to_datetimes(out)


def _compute_times(ctx: _Unit, dossiers: list[_D]) -> None:
    """Acceptance and due times, the event plan, every event's time — all from the engine."""
    cal = ctx.cal
    online = [d for d in dossiers if d.received is None]
    for d, moment in zip(
        online,
        _add(cal, [d.submitted for d in online], [d.accept_delay for d in online]),
        strict=True,
    ):
        d.received = moment
    dues = _add(cal, [d.received for d in dossiers], [d.version.processing_time for d in dossiers])
    for d, due in zip(dossiers, dues, strict=True):
        d.due = due
        d.W = max(1, cal.working_minutes_between(d.received, due))
    pending = dossiers
    for squeeze in (1.0, 0.5, 0.25, 0.1, 0.03, 0.005):
        for d in pending:
            _plan_dossier(d, ctx, squeeze)
        _event_times(cal, pending)
        if not ctx.pre:
            break
        pending = [d for d in pending if d.events[-1][AT] > PRE_END]
        if not pending:
            break
    assert not (ctx.pre and pending), [
        (d.received, d.version.processing_time, [e[:2] + e[7:8] for e in d.events])
        for d in pending[:3]
    ]
    _derived_times(cal, dossiers)


def _event_times(cal, dossiers: list[_D]) -> None:
    """Each event's time = acceptance + its offset in working minutes (one add_many call)."""
    starts, offsets, events = [], [], []
    for d in dossiers:
        for event in d.events:
            if event[1] is None:
                event[AT] = d.submitted
            elif event[1] == 0:
                event[AT] = d.received
            else:
                starts.append(d.received)
                offsets.append(event[1])
                events.append(event)
    for event, moment in zip(events, _add(cal, starts, offsets), strict=True):
        event[AT] = moment


def _derived_times(cal, dossiers: list[_D]) -> None:
    """Step due times (from each step's budget), due times moved by a pause, extension
    appointments, supplement deadlines: the engine's bulk path, grouped over the unit."""
    runs = [r for d in dossiers for r in d.runs if r[R_START] is not None]
    owners = [d for d in dossiers for r in d.runs if r[R_START] is not None]
    starts = [d.events[r[R_START]][AT] for d, r in zip(owners, runs, strict=True)]
    for r, due in zip(runs, _add(cal, starts, [r[2] for r in runs]), strict=True):
        r[R_DUE] = due
    paused = [d for d in dossiers if d.pause]
    for d, due in zip(
        paused, _add(cal, [d.due for d in paused], [d.pause[0] for d in paused]), strict=True
    ):
        d.due_paused = due
    moved = [(d, r) for d in paused for r in d.runs if r[R_PAUSED]]
    for (_owner, r), due in zip(
        moved, _add(cal, [r[R_DUE] for _, r in moved], [d.pause[0] for d, _ in moved]), strict=True
    ):
        r[R_DUE_PAUSED] = due
    extended = [d for d in dossiers if d.extend]
    for d, due in zip(
        extended, _add(cal, [d.due for d in extended], [d.extend[1] for d in extended]), strict=True
    ):
        d.due_extended = due
        at = d.events[d.extend[0]][AT]
        latest = cal.add_working_minutes(d.due, -cal.duration_minutes(Duration.parse("1d")))
        assert at <= latest, "an extension later than one working day before the due time"
    asked = [d for d in dossiers if any(e[0] == A.REQUEST_SUPPLEMENT for e in d.events)]
    moments = [next(e[AT] for e in d.events if e[0] == A.REQUEST_SUPPLEMENT) for d in asked]
    for d, deadline in zip(
        asked, _add(cal, moments, [SUPPLEMENT_DEADLINE] * len(asked)), strict=True
    ):
        d.supplement_deadline = deadline


# -- writing ---------------------------------------------------------------------------------


class _Table:
    """INSERT … VALUES through executemany: the given columns, then constants for the rest."""

    def __init__(self, sink: _Sink, model, columns: list[str], batch: int = 5000):
        self.sink = sink
        meta = model._meta
        fields = {f.attname: f for f in meta.concrete_fields}
        now = timezone.now()
        rest = [f for f in meta.concrete_fields if f.attname not in columns and not f.primary_key]
        self.constants = tuple(self._constant(f, now) for f in rest)
        names = [fields[c].column for c in columns] + [f.column for f in rest]
        qn = connection.ops.quote_name
        self.sql = (
            f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(n) for n in names)}) "
            f"VALUES ({', '.join(['%s'] * len(names))})"
        )
        self.rows, self.batch, self.count = [], batch, 0

    @staticmethod
    def _constant(f, now):
        auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        return f.get_db_prep_save(now if auto else f.get_default(), connection)

    def add(self, row: tuple) -> None:
        self.rows.append(row + self.constants)
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.sink.submit(self.sql, self.rows)
            self.count += len(self.rows)
            self.rows = []


def _db_time_converter():
    """Local naive datetime -> what Django sends for the aware one (checked on a sample)."""
    offset = workcal.LOCAL_TZ.utcoffset(datetime(2021, 1, 1))
    assert offset == workcal.LOCAL_TZ.utcoffset(datetime(2027, 12, 31))  # no DST in Việt Nam
    if connection.vendor == "sqlite":

        def convert(moment):
            return None if moment is None else str(moment - offset)
    else:

        def convert(moment):
            return None if moment is None else (moment - offset).replace(tzinfo=UTC)

    sample = datetime(2024, 5, 6, 7, 30)
    expected = connection.ops.adapt_datetimefield_value(sample.replace(tzinfo=workcal.LOCAL_TZ))
    assert convert(sample) == expected, (convert(sample), expected)
    return convert


def _db_times(moments: set, convert) -> dict:
    """{local naive datetime: database value} for many moments at once (numpy on SQLite)."""
    moments.discard(None)
    values = list(moments)
    result = {None: None}
    if connection.vendor == "sqlite" and values:
        offset = workcal.LOCAL_TZ.utcoffset(values[0])
        utc = _minutes(values) - np.timedelta64(int(offset.total_seconds() // 60), "m")
        texts = np.datetime_as_string(utc, unit="s").tolist()
        result.update(zip(values, (text.replace("T", " ") for text in texts), strict=True))
        assert result[values[0]] == convert(values[0])
    else:
        result.update((m, convert(m)) for m in values)
    return result


DOSSIER_COLUMNS = [
    "id", "code", "procedure_id", "procedure_version_id", "channel", "status", "unit_id",
    "handling_unit_id", "request", "return_channel", "returned_via", "processing_time",
    "submitted_at", "received_at", "due_at", "original_due_at", "extended_due_at",
    "extension_reason", "approved_at", "finished_at", "returned_at", "supplement_requested_at",
    "supplement_deadline", "supplement_received_at", "payment_requested_at", "paid_at",
    "end_reason", "supplement_used", "extension_used", "digitised", "e_result", "paid_online",
    "current_step_id", "current_office_id", "revision", "applicant_kind", "applicant_name",
    "applicant_id_number", "applicant_phone", "applicant_email", "applicant_address",
]  # fmt: skip
STEP_COLUMNS = [
    "id", "dossier_id", "order", "name", "office_kind", "unit_id", "office_id", "assignee_id",
    "budget", "inter_agency", "started_at", "due_at", "finished_at", "result",
]  # fmt: skip
HISTORY_COLUMNS = [
    "id", "dossier_id", "at", "actor_id", "actor_unit_id", "action", "from_status", "to_status",
    "note", "step_id", "step_result", "giver_user_id", "giver_unit_id", "receiver_user_id",
    "receiver_unit_id", "receiver_office_id",
]  # fmt: skip
COMPONENT_COLUMNS = [
    "id", "dossier_id", "order", "name", "sets", "form", "submitted", "digitised",
    "reused_from_store",
]  # fmt: skip
COUNTER_COLUMNS = ["unit_id", "day", "last_number"]
MODELS = (Dossier, DossierStep, HistoryEntry, DossierComponent)


class _Writer:
    def __init__(self, sink: _Sink):
        self.time = _db_time_converter()
        self.strict = getattr(settings, "CCHC_STRICT_TIMING", False)
        self.ids = {m: m.objects.aggregate(m=Max("id"))["m"] or 0 for m in MODELS}
        self.dossiers = _Table(sink, Dossier, DOSSIER_COLUMNS, 2000)
        self.steps = _Table(sink, DossierStep, STEP_COLUMNS)
        self.history = _Table(sink, HistoryEntry, HISTORY_COLUMNS)
        self.components = _Table(sink, DossierComponent, COMPONENT_COLUMNS)
        self.counters = _Table(sink, DossierCodeCounter, COUNTER_COLUMNS)
        self.intake_records: list[IntakeRecord] = []

    def next_id(self, model) -> int:
        self.ids[model] += 1
        return self.ids[model]

    def write(self, ctx: _Unit, dossiers: list[_D], cutoff: datetime, summary) -> int:
        """Rows of the unit's dossiers as they stand at `cutoff`; returns how many."""
        dossiers.sort(key=lambda d: (d.submitted, d.seed))  # ids in order of creation
        kept = []
        for d in dossiers:
            n = sum(1 for e in d.events if e[AT] < cutoff)
            if n:
                kept.append((d, n))
        moments = {e[AT] for d, _ in kept for e in d.events}
        for d, _ in kept:
            moments.update((d.submitted, d.received, d.due, d.due_paused, d.due_extended))
            moments.add(d.supplement_deadline)
            moments.update(r[R_DUE] for r in d.runs)
            moments.update(r[R_DUE_PAUSED] for r in d.runs)
        self.db_time = _db_times(moments, self.time).__getitem__
        # Codes: per unit per day of reception, numbered in order of acceptance.
        accepted = [
            (d.received, i)
            for i, (d, n) in enumerate(kept)
            if any(e[0] in (A.RECEIVE, A.ACCEPT) for e in d.events[:n])
        ]
        codes, per_day = {}, Counter()
        for received, i in sorted(accepted):
            day = received.date()
            per_day[day] += 1
            codes[i] = format_code(ctx.unit, day, per_day[day])
        for day, last in sorted(per_day.items()):
            self.counters.add((ctx.unit.pk, connection.ops.adapt_datefield_value(day), last))
        for i, (d, n) in enumerate(kept):
            summary.statuses[self._dossier(ctx, d, n, codes.get(i))] += 1
        self._visits(ctx, kept)
        return len(kept)

    def _dossier(self, ctx: _Unit, d: _D, n: int, code: str | None) -> int:
        t, unit = self.db_time, ctx.unit
        unit_pk = unit.pk
        pk = self.next_id(Dossier)
        events = d.events[:n]
        accepted = code is not None
        resumed = d.pause is not None and d.pause[2] < n
        due_at = original = (d.due_paused if resumed else d.due) if accepted else None
        extended = None
        if d.extend and d.extend[0] < n:
            due_at = extended = d.due_extended
        # Every planned run exists from acceptance; a run added by a send-back once started.
        run_ids = {}
        if accepted:
            for i, r in enumerate(d.runs):
                if i < len(d.version.steps) or (r[R_START] is not None and r[R_START] < n):
                    run_ids[i] = self.next_id(DossierStep)

        def run_due(i):
            r = d.runs[i]
            running_at_resume = (
                r[R_FINISH] is None or r[R_FINISH] > d.pause[2] if resumed else False
            )
            return r[R_DUE_PAUSED] if r[R_PAUSED] and resumed and running_at_resume else r[R_DUE]

        f = dict.fromkeys(
            ["approved_at", "finished_at", "returned_at", "supplement_requested_at",
             "supplement_received_at", "payment_requested_at", "paid_at"]
        )  # fmt: skip
        f.update(end_reason="", extension_reason="", returned_via="", paid_online=False)
        f.update(supplement_used=False, extension_used=False, e_result=False, deadline=None)
        status = current = None
        finished = {}
        assignees = {}
        history, history_constants = self.history.rows, self.history.constants
        next_history = functools.partial(self.next_id, HistoryEntry)
        for event in events:
            action, _, actor, step, start, finish, note, at, previous = event
            to = transitions.target(status, action)
            assert to is not None, f"{status} --{action}--> is not in the transition table"
            giver = giver_unit = receiver = receiver_unit = receiver_office = None
            if finish is not None:
                finished[finish] = at
            if action in (A.RECEIVE, A.ACCEPT):
                assignees[start] = d.runs[start][5]
                current, receiver_unit = start, unit_pk
            elif start is not None:  # a hand-over (services._handover)
                giver, giver_unit = assignees.get(step) or actor, unit_pk
                assignees[start] = d.runs[start][5]
                receiver, receiver_unit = assignees[start], unit_pk
                receiver_office = d.runs[start][4]
                current = start
            elif action == A.ASSIGN:
                giver, giver_unit = previous or actor, unit_pk
                assignees[step] = d.runs[step][5]
                receiver, receiver_unit, receiver_office = assignees[step], unit_pk, d.runs[step][4]
            elif action == A.START:  # one-step workflow: processing starts within the step
                receiver_unit = unit_pk
            if action == A.APPROVE:
                f["approved_at"] = at
            elif action == A.REQUEST_SUPPLEMENT:
                f.update(
                    supplement_used=True, supplement_requested_at=at, deadline=d.supplement_deadline
                )
            elif action == A.RECEIVE_SUPPLEMENT:
                f["supplement_received_at"] = at
            elif action == A.REQUEST_PAYMENT:
                f["payment_requested_at"] = at
            elif action == A.RECORD_PAYMENT:
                f.update(paid_at=at, paid_online=d.paid_online)
            elif action == A.EXTEND:
                f.update(extension_used=True, extension_reason=note)
            elif action in (A.REFUSE, A.WITHDRAW, A.STOP, A.REFUSE_INTAKE):
                f.update(end_reason=note, finished_at=at)
            elif action == A.RESULT_READY:
                f.update(finished_at=at, e_result=d.e_result)
            elif action == A.RETURN:
                f.update(returned_at=at, returned_via=d.return_channel)
            result = ""
            if step is not None and step in finished:
                result = classify_times(finished[step], run_due(step), self.strict)
            history.append(
                (
                    next_history(), pk, t(at), actor, unit_pk, action, status, to,
                    note, run_ids.get(step), result, giver, giver_unit, receiver, receiver_unit,
                    receiver_office,
                )
                + history_constants
            )  # fmt: skip
            status = to
        for i, step_pk in run_ids.items():
            r = d.runs[i]
            begun = r[R_START] is not None and r[R_START] < n
            done = finished.get(i)
            due = run_due(i) if begun else None
            self.steps.add(
                (
                    step_pk, pk, r[0], r[1], r[3], unit_pk,
                    r[4] if begun else ctx.staff.default_office.get(r[3]),
                    assignees.get(i) if begun else None, r[2], False,
                    t(events[r[R_START]][AT]) if begun else None, t(due), t(done),
                    classify_times(done, due, self.strict) if done else "",
                )
            )  # fmt: skip
        if status == Status.REFUSED:
            self.intake_records.append(self._intake(ctx, d, IntakeOutcome.REFUSED, events[-1], pk))
        a = d.applicant
        self.dossiers.add(
            (
                pk, code, d.procedure.id, d.version.id if accepted else None, d.channel, status,
                unit_pk, unit_pk, d.procedure.name, d.return_channel, f["returned_via"],
                d.version.processing_time if accepted else "", t(d.submitted),
                t(d.received) if accepted else None, t(due_at), t(original), t(extended),
                f["extension_reason"], t(f["approved_at"]), t(f["finished_at"]),
                t(f["returned_at"]), t(f["supplement_requested_at"]), t(f["deadline"]),
                t(f["supplement_received_at"]), t(f["payment_requested_at"]), t(f["paid_at"]),
                f["end_reason"], f["supplement_used"], f["extension_used"],
                d.digitised and accepted, f["e_result"], f["paid_online"], run_ids.get(current),
                None if current is None else d.runs[current][4],  # the current step's office
                n - 1, a["applicant_kind"], a["applicant_name"], a["applicant_id_number"],
                a["applicant_phone"], a["applicant_email"], a["applicant_address"],
            )
        )  # fmt: skip
        self._components(d, pk)
        for table in (self.history, self.components):
            if len(table.rows) >= table.batch:
                table.flush()
        return status

    def _components(self, d: _D, pk: int) -> None:
        """Two or three papers; flags from the dossier's own random bits (no new generator)."""
        bits = d.seed
        papers = PAPERS.get(d.procedure.sector, GENERIC_PAPERS)
        count = 3 if len(papers) >= 3 and bits & 1 else 2
        online = d.channel == Channel.ONLINE
        reuse = int(_share(ONLINE_SHARE, d.year) * 256)
        rows, constants = self.components.rows, self.components.constants
        for order, name in enumerate(papers[:count], start=1):
            bits >>= 8
            if online:
                form, digitised, reused = ComponentForm.ELECTRONIC, False, (bits & 255) < reuse
            elif order == 1:
                form, digitised, reused = ComponentForm.ORIGINAL, d.digitised, False
            else:
                form = ComponentForm.COPY if bits & 1 else ComponentForm.CERTIFIED_COPY
                digitised, reused = d.digitised, False
            self.ids[DossierComponent] += 1
            row = (self.ids[DossierComponent], pk, order, name, 1, form, True, digitised, reused)
            rows.append(row + constants)

    def _intake(self, ctx, d, outcome, event, dossier_pk=None, missing=()):
        return IntakeRecord(
            outcome=outcome,
            unit=ctx.unit,
            procedure_id=d.procedure.id,
            channel=d.channel,
            request=d.procedure.name,
            missing=list(missing),
            reason=event[6] if outcome == IntakeOutcome.REFUSED else "",
            officer_id=event[2],
            at=event[AT].replace(tzinfo=workcal.LOCAL_TZ),
            dossier_id=dossier_pk,
            **d.applicant,
        )

    def _visits(self, ctx: _Unit, kept) -> None:
        """Counter visits that gave no dossier: incomplete (Mẫu 02) or refused (Mẫu 03)."""
        rng = random.Random(f"{SEED}:intake:{ctx.code}")
        where, province = _place(ctx.unit)
        for d, _ in kept:
            if d.channel != Channel.COUNTER or rng.random() > 0.03:
                continue
            visit = _D()
            visit.procedure, visit.channel = d.procedure, d.channel
            visit.applicant = _applicant(rng, where, province, False)
            at = d.received - timedelta(minutes=rng.randint(5, 40))
            if at.date() != d.received.date() or at.time() < time(7, 0):
                at = d.received
            refused = rng.random() < 0.15
            note = REFUSE_INTAKE_NOTE if refused else ""
            event = [None, None, ctx.staff.desk[0], None, None, None, note, at, None]
            outcome = IntakeOutcome.REFUSED if refused else IntakeOutcome.INCOMPLETE
            missing = [] if refused else [rng.choice(INCOMPLETE_MISSING)]
            self.intake_records.append(self._intake(ctx, visit, outcome, event, missing=missing))

    def flush(self) -> None:
        for table in (self.dossiers, self.steps, self.history, self.components, self.counters):
            table.flush()

    def finish(self, summary: DemoHistory) -> None:
        """After the inserts: the intake records (ORM) and, on PostgreSQL, the sequences."""
        IntakeRecord.objects.bulk_create(self.intake_records, batch_size=500)
        summary.history, summary.steps = self.history.count, self.steps.count
        summary.components, summary.intake_records = self.components.count, len(self.intake_records)
        statements = connection.ops.sequence_reset_sql(no_style(), [*MODELS, DossierCodeCounter])
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
