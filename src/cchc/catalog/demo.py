"""The demo catalogue: ~370 real procedure names over 31 sectors at the three pre-2025 levels.

The procedures come from `data/demo_procedures.csv` through the ordinary importer (so the demo
exercises it), then every version without a workflow gets the standard four-step workflow,
the 2021 review of "Đăng ký nhận cha, mẹ, con" (3 → 2 working days, seed 000) is applied,
and the sectors' publication decisions are recorded. Every version without a components list
gets one from `data/demo_components.csv` (the procedure's own list, else its sector's generic
list, "internal" for TTHC nội bộ, else "default"). Running it again creates nothing new.

For the citizen portal: the life events with the demo procedures they need (by code), a
written picture guide for "Đăng ký khai sinh" (the others are drawn from their facts), and a
blank DOCX for every form file the components name — a labelled illustration written under
MEDIA_ROOT/catalog/forms/mau/ once, not the legal form.
"""

import csv
import hashlib
from datetime import date
from functools import cache
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from cchc.core import documents
from cchc.units.models import Unit, UnitKind

from . import services
from .budgets import suggest_workflow
from .imports import import_procedures
from .models import (
    BlankForm,
    ChangeKind,
    GuideIcon,
    LifeEvent,
    Procedure,
    ProcedureGuide,
    ProcedureVersion,
    RequiredComponent,
    Review,
    ReviewKind,
    ReviewStatus,
    Sector,
)

DATA_FILE = Path(__file__).resolve().parent / "data" / "demo_procedures.csv"
COMPONENTS_FILE = Path(__file__).resolve().parent / "data" / "demo_components.csv"

# Seed 000: Kế hoạch số 07/KH-UBND ngày 22/01/2021 of UBND huyện Thạnh Trị chose "Đăng ký nhận
# cha, mẹ, con" (commune level) and cut its time from 3 to 2 working days.
PATERNITY_CODE = "HOTICH.X04"
PATERNITY_REVIEW = {
    "year": 2021,
    "kind": ReviewKind.CUT_TIME,
    "plan_ref": "Kế hoạch số 07/KH-UBND ngày 22/01/2021 của UBND huyện Thạnh Trị",
    "old_processing_time": "3d",
    "new_processing_time": "2d",
    "description": (
        "Giảm thời gian giải quyết từ 03 ngày làm việc theo khoản 1 Điều 25 Luật Hộ tịch năm 2014 "
        "xuống còn 02 ngày làm việc."
    ),
    "proposed_on": date(2021, 1, 22),
}
PATERNITY_APPLIED_ON = date(2021, 7, 1)

# The pre-2020 karaoke licence, replaced under Nghị định 54/2019/NĐ-CP by the decision that
# published the new karaoke procedures.
ABOLISHED_BY = {"VANHOA.H04": "2630/QĐ-UBND"}
LEVEL_WORDS = "của UBND cấp tỉnh, cấp huyện, cấp xã"


def load_demo_catalog() -> dict[str, int]:
    """Load (or top up) the demo catalogue; idempotent. Returns counts of what exists."""
    with transaction.atomic():
        import_procedures(DATA_FILE)
        _add_missing_components()  # before the review: its new version copies the list
        _apply_paternity_review()
        _add_missing_workflows()
        _record_decisions()
        _load_life_events()
        _load_guides()
        _load_blank_forms()
    return {
        "procedures": Procedure.objects.count(),
        "sectors": Sector.objects.count(),
        "versions": ProcedureVersion.objects.count(),
        "components": RequiredComponent.objects.count(),
        "reviews": Review.objects.count(),
        "life_events": LifeEvent.objects.count(),
        "guides": ProcedureGuide.objects.count(),
        "blank_forms": BlankForm.objects.count(),
    }


def _apply_paternity_review() -> None:
    procedure = Procedure.objects.get(code=PATERNITY_CODE)
    review = Review.objects.filter(
        procedure=procedure, year=PATERNITY_REVIEW["year"], kind=ReviewKind.CUT_TIME
    ).first()
    if review is None:
        review = services.create_review(services.SYSTEM, procedure, **PATERNITY_REVIEW)
    if review.status == ReviewStatus.PROPOSED:
        services.apply_review(services.SYSTEM, review, PATERNITY_APPLIED_ON)


@cache
def component_lists() -> dict[str, list[dict]]:
    """The rows of `COMPONENTS_FILE` grouped by `applies_to`, in file order."""
    lists: dict[str, list[dict]] = {}
    with open(COMPONENTS_FILE, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            lists.setdefault(row["applies_to"], []).append(
                {
                    "name": row["name"],
                    "form": row["form"],
                    "sets": int(row["sets"]),
                    "mandatory": row["mandatory"] == "1",
                    "note": row["note"],
                    "template_file": row["template_file"],
                }
            )
    return lists


def components_for(code: str, sector_code: str, internal: bool) -> list[dict]:
    """The demo list of a procedure: its own, else internal / its sector's / the default."""
    lists = component_lists()
    for key in (code, "internal" if internal else "", f"sector:{sector_code}", "default"):
        if key in lists:
            return lists[key]
    return []


def _add_missing_components() -> None:
    versions = ProcedureVersion.objects.filter(components__isnull=True).values_list(
        "pk", "procedure__code", "procedure__sector__code", "procedure__internal"
    )
    RequiredComponent.objects.bulk_create(
        [
            RequiredComponent(version_id=pk, order=order, **fields)
            for pk, code, sector_code, internal in versions.order_by("pk")
            for order, fields in enumerate(components_for(code, sector_code, internal), start=1)
        ]
    )


def _add_missing_workflows() -> None:
    for version in ProcedureVersion.objects.filter(steps__isnull=True):
        steps = [
            services.StepInput(name, budget, kind)
            for name, budget, kind in suggest_workflow(version.processing_time)
        ]
        services.set_workflow(services.SYSTEM, version, steps)


def _record_decisions() -> None:
    province = Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path").first()
    published = (
        Procedure.objects.filter(internal=False)
        .exclude(decision_ref="")
        .exclude(published_on=None)
        .select_related("sector")
        .order_by("decision_ref", "code")
    )
    groups: dict[tuple[str, date], list[Procedure]] = {}
    for procedure in published:
        groups.setdefault((procedure.decision_ref, procedure.published_on), []).append(procedure)
    abolished = {
        ref: list(Procedure.objects.filter(code=code)) for code, ref in ABOLISHED_BY.items()
    }
    for (number, signed_on), procedures in groups.items():
        sectors = sorted({p.sector.name for p in procedures})
        title = (
            "Về việc công bố danh mục thủ tục hành chính lĩnh vực "
            + ", ".join(sectors)
            + f" thuộc thẩm quyền giải quyết {LEVEL_WORDS}"
        )
        items = [(p, ChangeKind.NEW) for p in procedures if ABOLISHED_BY.get(p.code) != number]
        items += [(p, ChangeKind.ABOLISHED) for p in abolished.get(number, [])]
        services.record_publication_decision(
            services.SYSTEM,
            number=number,
            signed_on=signed_on,
            title=title,
            items=items,
            issuing_unit=province,
        )


# -- public guidance (the citizen portal) ---------------------------------------------------

# code, name, short description, icon, procedure codes (demo_procedures.csv) in order.
LIFE_EVENTS = [
    (
        "sinh-con",
        "Sinh con",
        "Khai sinh, nhận cha mẹ con, thường trú và thẻ bảo hiểm y tế cho trẻ.",
        GuideIcon.BABY,
        ["HOTICH.X01", "HOTICH.X21", "HOTICH.X05", "HOTICH.X04", "YTE.X01", "HOTICH.H01"],
    ),
    (
        "ket-hon",
        "Kết hôn",
        "Đăng ký kết hôn và xác nhận tình trạng hôn nhân.",
        GuideIcon.RINGS,
        ["HOTICH.X02", "HOTICH.X13", "HOTICH.H02", "HOTICH.X19"],
    ),
    (
        "xay-sua-nha",
        "Xây, sửa nhà ở",
        "Giấy phép xây dựng, sửa chữa, cải tạo nhà ở riêng lẻ.",
        GuideIcon.HOUSE,
        [
            "XAYDUNG.H01",
            "XAYDUNG.H03",
            "XAYDUNG.H13",
            "XAYDUNG.H05",
            "XAYDUNG.H06",
            "XAYDUNG.H07",
            "BTXH.H04",
        ],
    ),
    (
        "mo-ho-kinh-doanh",
        "Mở hộ kinh doanh",
        "Đăng ký hộ kinh doanh và các giấy phép khi bắt đầu buôn bán.",
        GuideIcon.SHOP,
        [
            "HKD.H01",
            "HKD.H02",
            "HKD.H03",
            "HKD.H04",
            "YTE.H01",
            "CONGTHUONG.H01",
            "CONGTHUONG.H05",
        ],
    ),
    (
        "nguoi-than-qua-doi",
        "Người thân qua đời",
        "Khai tử, trợ cấp mai táng, khai nhận và phân chia di sản.",
        GuideIcon.CANDLE,
        [
            "HOTICH.X03",
            "HOTICH.X22",
            "BTXH.X07",
            "NCC.X04",
            "NCC.X05",
            "CHUNGTHUC.X07",
            "CHUNGTHUC.X06",
            "CHUNGTHUC.X05",
        ],
    ),
    (
        "nha-dat",
        "Mua bán, tặng cho nhà đất",
        "Chứng thực hợp đồng, sang tên, cấp đổi, cấp lại giấy chứng nhận.",
        GuideIcon.LAND,
        ["CHUNGTHUC.X03", "DATDAI.H02", "DATDAI.H05", "DATDAI.H06", "DATDAI.H12"],
    ),
]

# A written guide: the words a one-stop officer would say, one short line per picture.
GUIDES = {
    "HOTICH.X01": {
        "steps": [
            {
                "icon": GuideIcon.ID_CARD,
                "title": "Mang theo căn cước",
                "text": "Căn cước của người đi đăng ký; giấy chứng nhận kết hôn của cha mẹ nếu có.",
            },
            {
                "icon": GuideIcon.PAPERS,
                "title": "Giấy chứng sinh",
                "text": "Bản chính giấy chứng sinh do bệnh viện, trạm y tế cấp.",
            },
            {
                "icon": GuideIcon.FORM,
                "title": "Điền tờ khai",
                "text": "Tải tờ khai ở mục “Giấy tờ cần nộp” hoặc lấy tại Bộ phận Một cửa.",
            },
            {
                "icon": GuideIcon.ONLINE,
                "title": "Nộp trực tuyến",
                "text": "Chụp ảnh giấy tờ bằng điện thoại và nộp trên cổng, không phải đi lại.",
            },
            {
                "icon": GuideIcon.MONEY,
                "title": "Không mất tiền",
                "text": "Đăng ký khai sinh đúng hạn không thu lệ phí.",
            },
            {
                "icon": GuideIcon.RESULT,
                "title": "Nhận giấy khai sinh",
                "text": "Ngay trong ngày; nhận tại UBND xã, qua bưu điện hoặc bản điện tử.",
            },
        ],
        "where_to_submit": "",
        "video_url": "",
    },
}

BLANK_FORM_DIR = "catalog/forms/mau"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _load_life_events() -> None:
    procedures = dict(Procedure.objects.values_list("code", "pk"))
    for order, (code, name, description, icon, codes) in enumerate(LIFE_EVENTS, start=1):
        event, _ = LifeEvent.objects.update_or_create(
            code=code,
            defaults={"name": name, "description": description, "icon": icon, "order": order},
        )
        event.procedures.set([procedures[c] for c in codes if c in procedures])


def _load_guides() -> None:
    for code, fields in GUIDES.items():
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is not None:
            ProcedureGuide.objects.get_or_create(procedure=procedure, defaults=fields)


def blank_form_title(file_name: str) -> str:
    """ "to-khai-dang-ky-khai-sinh.docx" -> the component's wording of it, else the name."""
    for rows in component_lists().values():
        for row in rows:
            if row["template_file"] == file_name:
                return row["name"].removesuffix(" theo mẫu")
    return file_name


def blank_form_docx(title: str) -> bytes:
    """A demo blank form: the national heading, the title and lines to fill in, marked as an
    illustration (the real one is the form the competent ministry issued)."""
    document = documents.new_document(title=title)
    documents.add_paragraph(document, documents.NATIONAL_TITLE, align=documents.CENTER, bold=True)
    documents.add_paragraph(
        document, documents.MOTTO, align=documents.CENTER, bold=True, space_after=12
    )
    documents.add_title(document, title)
    documents.add_paragraph(
        document,
        "(Mẫu minh họa của dữ liệu mẫu; khi nộp thật dùng mẫu do cơ quan có thẩm quyền ban hành)",
        align=documents.CENTER,
        italic=True,
        size=11,
        space_after=12,
    )
    dots = "." * 60
    for label in (
        "Kính gửi",
        "Họ, chữ đệm, tên người yêu cầu",
        "Số định danh cá nhân",
        "Nơi cư trú",
        "Số điện thoại",
        "Nội dung đề nghị",
        "",
        "Giấy tờ kèm theo",
    ):
        documents.add_paragraph(document, f"{label}: {dots}" if label else dots, space_after=6)
    documents.add_paragraph(
        document,
        "Tôi cam đoan nội dung đề nghị trên đây là đúng sự thật và chịu trách nhiệm trước pháp "
        "luật về cam đoan của mình.",
        space_before=6,
        space_after=12,
    )
    documents.add_signatures(
        document, [documents.Signature(position="Người yêu cầu", hint="(Ký, ghi rõ họ, tên)")]
    )
    return documents.to_bytes(document)


def _load_blank_forms() -> None:
    names = sorted(
        {row["template_file"] for rows in component_lists().values() for row in rows}
        - {""}
        - set(BlankForm.objects.values_list("name", flat=True))
    )
    for name in names:
        title = blank_form_title(name)
        content = blank_form_docx(title)
        path = f"{BLANK_FORM_DIR}/{name}"
        if not default_storage.exists(path):
            path = default_storage.save(path, ContentFile(content))
        else:
            with default_storage.open(path, "rb") as stored:
                content = stored.read()
        BlankForm.objects.create(
            name=name,
            title=title,
            file=path,
            content_type=DOCX_TYPE,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
