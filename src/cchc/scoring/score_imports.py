"""`cchc index import-scores FILE`: leaf scores into open rounds (formats.md "Scores file"),
all-or-nothing and idempotent.

Columns: round, unit_code, criterion_code, applicable, self_points, appraised_points, note.

- A leaf's row sets its applicability, the unit's points and the council's points (the note
  goes with the council's points when there are any, else with the unit's).
- A row for an area or criterion above the leaves, or with `criterion_code` empty or `total`
  (the unit's total), is a *stated total*: kept to be compared with the derived one and
  flagged when they disagree, never used as a figure.
- Rounds must exist and not be published; units must take part in them; points must lie
  between 0 and the leaf's maximum; a non-applicable leaf takes no points. Every row is
  checked before anything is written: one bad cell refuses the whole file, each problem
  named by file, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cchc.core import vnformat
from cchc.core.errors import ImportRefused, RowError
from cchc.core.tabular import read_rows

from . import methods
from .models import (
    AssessmentRound,
    Criterion,
    Participation,
    RoundAction,
    RoundEvent,
    RoundStatus,
    Score,
    StatedTotal,
)

COLUMNS = [
    "round",
    "unit_code",
    "criterion_code",
    "applicable",
    "self_points",
    "appraised_points",
    "note",
]
REQUIRED = ["round", "unit_code", "criterion_code"]
TOTAL_CODES = {"", "total", "tong", "tổng"}


@dataclass
class LeafRow:
    score: Score
    applicable: bool
    own: Decimal | None
    appraised: Decimal | None
    note: str


@dataclass
class TotalRow:
    participation: Participation
    criterion: Criterion | None
    points: Decimal
    origin: str


def import_scores(path: str) -> str:
    name = Path(path).name
    rows = read_rows(path, REQUIRED)
    errors: list[RowError] = []
    rounds: dict[str, AssessmentRound | None] = {}
    participations: dict[tuple[int, str], Participation | None] = {}
    criteria: dict[int, dict[str, Criterion]] = {}
    scores: dict[int, dict[str, Score]] = {}
    leaves: dict[tuple[int, str], LeafRow] = {}
    totals: list[TotalRow] = []

    def refuse(line, column, reason):
        errors.append(RowError(name, line, column, reason))

    for line, row in rows:
        code = row.get("round", "").strip()
        if code not in rounds:
            rounds[code] = (
                AssessmentRound.objects.select_related("criteria_set").filter(code=code).first()
            )
        round_ = rounds[code]
        if round_ is None:
            refuse(line, "round", f"không có đợt đánh giá mã “{code}”")
            continue
        if round_.status == RoundStatus.PUBLISHED:
            refuse(line, "round", f"đợt đánh giá {code} đã công bố kết quả, không nhập điểm được")
            continue
        unit_code = row.get("unit_code", "").strip()
        key = (round_.pk, unit_code)
        if key not in participations:
            participations[key] = (
                Participation.objects.select_related("unit")
                .filter(round=round_, unit__code=unit_code)
                .first()
            )
        participation = participations[key]
        if participation is None:
            refuse(line, "unit_code", f"đơn vị “{unit_code}” không tham gia đợt đánh giá {code}")
            continue
        if round_.criteria_set_id not in criteria:
            criteria[round_.criteria_set_id] = {
                c.code: c
                for c in Criterion.objects.filter(
                    criteria_set=round_.criteria_set_id
                ).prefetch_related("children")
            }
        known = criteria[round_.criteria_set_id]
        criterion_code = row.get("criterion_code", "").strip()
        try:
            applicable = _flag(row.get("applicable", ""))
            own = _points(row.get("self_points", ""), "self_points")
            appraised = _points(row.get("appraised_points", ""), "appraised_points")
        except ValueError as exc:
            column, reason = exc.args
            refuse(line, column, reason)
            continue
        note = row.get("note", "").strip()
        if criterion_code.lower() in TOTAL_CODES or (
            criterion_code in known and known[criterion_code].children.all()
        ):
            stated = appraised if appraised is not None else own
            if stated is None:
                refuse(line, "self_points", "dòng tổng điểm cần có số điểm")
                continue
            criterion = None if criterion_code.lower() in TOTAL_CODES else known[criterion_code]
            totals.append(TotalRow(participation, criterion, stated, f"{name}, dòng {line}"))
            continue
        criterion = known.get(criterion_code)
        if criterion is None:
            refuse(
                line,
                "criterion_code",
                f"bộ tiêu chí {round_.criteria_set.code} không có tiêu chí “{criterion_code}”",
            )
            continue
        problem = _range_problem(criterion, applicable, own, appraised)
        if problem:
            refuse(line, problem[0], problem[1])
            continue
        if participation.pk not in scores:
            scores[participation.pk] = {
                s.criterion.code: s
                for s in Score.objects.filter(participation=participation).select_related(
                    "criterion"
                )
            }
        score = scores[participation.pk].get(criterion_code)
        if score is None:
            refuse(line, "criterion_code", f"tiêu chí {criterion_code} chưa có trong đợt đánh giá")
            continue
        if (participation.pk, criterion_code) in leaves:
            refuse(line, "criterion_code", f"tiêu chí {criterion_code} của {unit_code} bị lặp")
            continue
        leaves[(participation.pk, criterion_code)] = LeafRow(
            score, applicable, own, appraised, note
        )
    if errors:
        raise ImportRefused(errors)
    _write(name, leaves.values(), totals)
    units = {row.score.participation_id for row in leaves.values()} | {
        t.participation.pk for t in totals
    }
    return (
        f"Đã nhập {len(leaves)} điểm tiêu chí và {len(totals)} tổng điểm ghi sẵn "
        f"của {len(units)} đơn vị."
    )


@transaction.atomic
def _write(name: str, leaves, totals) -> None:
    touched = {}
    for row in leaves:
        score = row.score
        score.applicable = row.applicable
        score.self_points = row.own
        score.appraised_points = row.appraised
        if row.appraised is not None:
            score.appraisal_note = row.note
        else:
            score.self_note = row.note
        score.save()
        touched[score.participation_id] = score.participation
    for total in totals:
        StatedTotal.objects.update_or_create(
            participation=total.participation,
            criterion=total.criterion,
            defaults={"points": total.points, "origin": total.origin},
        )
        touched[total.participation.pk] = total.participation
    for participation in touched.values():
        RoundEvent.objects.create(
            round_id=participation.round_id,
            participation=participation,
            at=timezone.now(),
            action=RoundAction.IMPORT,
            note=f"Nhập điểm từ tệp {name}",
        )


def _flag(text: str) -> bool:
    text = (text or "").strip()
    if text in ("", "1"):
        return True
    if text == "0":
        return False
    raise ValueError("applicable", f"“{text}” không hợp lệ; ghi 1 (áp dụng) hoặc 0 (không áp dụng)")


def _points(text: str, column: str) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return methods.decimal(text)
    except ValueError as exc:
        raise ValueError(column, f"“{text}” không phải số điểm") from exc


def _range_problem(criterion: Criterion, applicable, own, appraised):
    top = criterion.max_points or Decimal(0)
    for column, value in (("self_points", own), ("appraised_points", appraised)):
        if value is None:
            continue
        if not applicable:
            return column, f"tiêu chí {criterion.code} không áp dụng, không chấm điểm"
        if value < 0:
            return column, f"tiêu chí {criterion.code}: điểm không được âm"
        if value > top:
            return column, (
                f"tiêu chí {criterion.code}: điểm {vnformat.trimmed(value)} vượt điểm tối đa "
                f"{vnformat.trimmed(top)}"
            )
        if value != methods.points_of(value):
            return column, f"tiêu chí {criterion.code}: điểm chỉ ghi tối đa hai chữ số thập phân"
    return None
