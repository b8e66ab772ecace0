"""The demo catalogue: ~370 real procedure names over 31 sectors at the three pre-2025 levels.

The procedures come from `data/demo_procedures.csv` through the ordinary importer (so the demo
exercises it), then every version without a workflow gets the standard four-step workflow,
the 2021 review of "Đăng ký nhận cha, mẹ, con" (3 → 2 working days, seed 000) is applied,
and the sectors' publication decisions are recorded. Every version without a components list
gets one from `data/demo_components.csv` (the procedure's own list, else its sector's generic
list, "internal" for TTHC nội bộ, else "default"). Running it again creates nothing new.
"""

import csv
from datetime import date
from functools import cache
from pathlib import Path

from django.db import transaction

from cchc.units.models import Unit, UnitKind

from . import services
from .budgets import suggest_workflow
from .imports import import_procedures
from .models import (
    ChangeKind,
    Procedure,
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
    return {
        "procedures": Procedure.objects.count(),
        "sectors": Sector.objects.count(),
        "versions": ProcedureVersion.objects.count(),
        "components": RequiredComponent.objects.count(),
        "reviews": Review.objects.count(),
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
