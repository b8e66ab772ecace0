"""Plain-language, picture-led guides for the citizen portal (pure, no Django).

People do not read long texts about online services (seed `001_...` II.2–3): a procedure's
page shows a few numbered pictures with one short caption each. A guide written for the
procedure (`catalog.ProcedureGuide`) is shown as written; without one, `default_steps` draws
the steps from the procedure's facts: which papers, where to go or how to submit online or by
post, the fee, how long it takes in working days and how the result comes back.

Also here, because the guide's "where to go" depends on it: which procedure levels a unit
receives (`dossiers.receiving.levels_received`) and how the one-stop desk is named (`desk_name`,
`generic_desk`). Icon keys are those of `catalog.models.GuideIcon`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cchc.core import vnformat

# Unit kinds and procedure levels, as stored (units.UnitKind, catalog.Level).
PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"
SERVICE_CENTRE = "service_centre"
FULL, PARTIAL = "full", "partial"

NO_FEE = "Không thu phí"
DEFAULT_DESK = "Bộ phận Một cửa"
FALLBACK_ICON = "info"


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    icon: str


@dataclass(frozen=True)
class Facts:
    """What the default guide says, from the catalogue: `desk` is where to go ("Bộ phận Một
    cửa – UBND xã Phú Lộc" or a general phrase), `time_label` the duration label of the
    version in force ("3 ngày làm việc"; empty when none is declared)."""

    online_mode: str
    postal: bool
    fee: int | None
    time_label: str
    desk: str
    mandatory_papers: int = 0
    optional_papers: int = 0
    blank_forms: int = 0


def fee_text(fee: int | None) -> str:
    """50000 -> "50.000 đồng"; none or 0 -> "Không thu phí"."""
    if not fee:
        return NO_FEE
    return f"{vnformat.number(fee)} đồng"


def is_online(online_mode: str) -> bool:
    return online_mode in (FULL, PARTIAL)


def ways_to_submit(online_mode: str, postal: bool) -> list[str]:
    """The ways a dossier can be submitted, in words (the page's badges)."""
    ways = []
    if online_mode == FULL:
        ways.append("Nộp trực tuyến toàn trình")
    elif online_mode == PARTIAL:
        ways.append("Nộp trực tuyến một phần")
    ways.append("Nộp trực tiếp")
    if postal:
        ways.append("Qua bưu chính công ích")
    return ways


def join_choices(parts: Sequence[str]) -> str:
    """["a", "b", "c"] -> "a, b hoặc c"."""
    parts = [part for part in parts if part]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " hoặc " + parts[-1]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def default_steps(facts: Facts) -> list[Step]:
    """The picture-led steps of a procedure without a written guide."""
    steps = []
    if facts.mandatory_papers:
        extra = " và giấy tờ khác nếu có" if facts.optional_papers else ""
        papers = (
            f"Chuẩn bị {facts.mandatory_papers} loại giấy tờ bắt buộc{extra}; "
            "danh sách ở mục “Giấy tờ cần nộp”."
        )
    else:
        papers = "Xem danh sách ở mục “Giấy tờ cần nộp” hoặc hỏi cán bộ Một cửa."
    steps.append(Step("Chuẩn bị giấy tờ", papers, "papers"))
    if facts.blank_forms:
        steps.append(
            Step(
                "Tải mẫu tờ khai",
                "Tải mẫu ở mục “Giấy tờ cần nộp”, in ra và điền trước; chưa rõ thì cán bộ "
                "Một cửa hướng dẫn.",
                "form",
            )
        )
    if facts.online_mode == FULL:
        steps.append(
            Step(
                "Nộp trực tuyến",
                "Nộp ngay trên cổng này bằng điện thoại hoặc máy tính, không phải đến cơ quan.",
                "online",
            )
        )
        steps.append(Step("Hoặc nộp trực tiếp", f"Mang giấy tờ đến {facts.desk}.", "desk"))
    elif facts.online_mode == PARTIAL:
        steps.append(
            Step(
                "Nộp trực tuyến",
                "Nộp trên cổng này bằng điện thoại hoặc máy tính; có bước vẫn phải đến "
                f"{facts.desk}, ví dụ xuất trình bản chính.",
                "online",
            )
        )
    else:
        steps.append(Step("Đến nộp trực tiếp", f"Mang giấy tờ đến {facts.desk}.", "desk"))
    if facts.postal:
        steps.append(
            Step(
                "Hoặc gửi qua bưu điện",
                "Gửi hồ sơ qua dịch vụ bưu chính công ích, không phải đi lại.",
                "mail",
            )
        )
    if facts.fee:
        steps.append(Step("Nộp lệ phí", f"{fee_text(facts.fee)}.", "money"))
    else:
        steps.append(Step("Không mất tiền", "Thủ tục này không thu phí, lệ phí.", "money"))
    if facts.time_label:
        waiting = (
            f"Thời hạn giải quyết: {_lower_first(facts.time_label)}, tính từ khi hồ sơ được "
            "tiếp nhận đủ. Xem tình trạng bằng mã hồ sơ trên giấy hẹn."
        )
    else:
        waiting = "Ngày trả kết quả ghi trên giấy hẹn. Xem tình trạng bằng mã hồ sơ."
    steps.append(Step("Chờ giải quyết", waiting, "clock"))
    ways = ["tại nơi nộp hồ sơ"]
    if facts.postal:
        ways.append("qua bưu điện tận nhà")
    if facts.online_mode == FULL:
        ways.append("bản điện tử trên cổng")
    steps.append(Step("Nhận kết quả", f"Nhận kết quả {join_choices(ways)}.", "result"))
    return steps


def written_steps(raw: Iterable[dict], icons: Iterable[str] = ()) -> list[Step]:
    """The steps of a written guide (validated when saved); an icon not in `icons` (when
    given) is drawn as the generic one."""
    known = set(icons)
    steps = []
    for item in raw:
        icon = str(item.get("icon") or FALLBACK_ICON)
        if known and icon not in known:
            icon = FALLBACK_ICON
        steps.append(Step(str(item.get("title", "")), str(item.get("text", "")), icon))
    return steps


# -- where to go ---------------------------------------------------------------------------


def desk_name(unit_name: str, unit_kind: str, office_name: str | None) -> str:
    """The desk of one unit: "Bộ phận Một cửa – UBND xã Phú Lộc"; a public service centre is
    itself the desk."""
    if unit_kind == SERVICE_CENTRE:
        return unit_name
    return f"{office_name or DEFAULT_DESK} – {unit_name}"


def generic_desk(kinds: Iterable[str]) -> str:
    """Where to go when the citizen has not chosen a unit, from the kinds of the units that
    receive the procedure today."""
    kinds = set(kinds)
    places = []
    if SERVICE_CENTRE in kinds:
        places.append("Trung tâm Phục vụ hành chính công")
    elif kinds & {PROVINCE, "department", "branch", "other"}:
        places.append("Bộ phận Một cửa của cơ quan giải quyết cấp tỉnh")
    if DISTRICT in kinds:
        places.append("Bộ phận Một cửa của UBND cấp huyện nơi bạn cư trú")
    if COMMUNE in kinds:
        places.append("Bộ phận Một cửa của UBND xã, phường nơi bạn cư trú")
    return join_choices(places) or "Bộ phận Một cửa của cơ quan giải quyết thủ tục"
