"""Every write of an assessment round: opening it, the unit's self-assessment with evidence
and submission, the council's appraisal leaf by leaf, the unit's one explanation, the
council's final word, the survey and bonus/penalty points, publication, the scores import,
the responsibility analysis and the remediation tasks.

Each write is one transaction, checks the actor's role on the right unit (the participant's
staff self-score and explain; the organiser's appraisers appraise and finalise; the
organiser's staff open, enter survey points and publish), refuses a stale revision
(`ScoringConflict`) and anything the rules forbid (`ScoringRefused`, in Vietnamese, naming the
criterion) — a refusal changes nothing — and appends `RoundEvent`s. `actor=None` is a trusted
operator (the `cchc index` command), never a web request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from cchc.core import uploads, vnformat
from cchc.core.errors import StaleWrite
from cchc.core.services import notify
from cchc.units.models import Office, RoleGrant, Unit
from cchc.units.permissions import can_act
from cchc.workcal import services as workcal

from . import applicability, auto, methods
from .models import (
    AppraisalDecision,
    AssessmentRound,
    CriteriaSet,
    Criterion,
    Evidence,
    Part,
    Participation,
    ParticipationStatus,
    Remediation,
    ResponsibilityReport,
    RoundAction,
    RoundEvent,
    RoundStatus,
    Score,
)
from .queries import (
    APPRAISER_ROLES,
    ORGANISER_ROLES,
    SELF_ROLES,
    can_self_score,
    lost_leaves,
    unit_result,
)

PS = ParticipationStatus
ORGANISER_PARTS = (Part.SURVEY, Part.BONUS, Part.PENALTY)
PUBLISHED = "Đợt đánh giá đã công bố kết quả; không thay đổi được điểm, trạng thái hay tài liệu."


class ScoringRefused(ValidationError):
    """A scoring action the rules forbid (Vietnamese message); nothing was written."""


class ScoringConflict(StaleWrite):
    what = "Kết quả đánh giá"


# -- helpers -------------------------------------------------------------------------------


def _now(at=None):
    return at or timezone.now()


def _event(round_, actor, action, *, participation=None, code="", old=None, new=None, note=""):
    RoundEvent.objects.create(
        round=round_,
        participation=participation,
        criterion_code=code,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        old_points=old,
        new_points=new,
        note=note,
    )


def _require(actor, unit: Unit, roles, message: str) -> None:
    if actor is not None and not can_act(actor, unit, *roles):
        raise PermissionDenied(message)


def _require_self(actor, participation: Participation, message: str) -> None:
    if actor is not None and not can_self_score(actor, participation):
        raise PermissionDenied(message)


def _lock(
    participation: Participation, expected_revision: int | None, check: bool = True
) -> Participation:
    """The participation locked for writing; `expected_revision` defaults to the passed
    object's revision (a caller holding a stale copy is refused)."""
    revision = participation.revision if expected_revision is None else expected_revision
    fresh = (
        Participation.objects.select_for_update()
        .select_related("round__criteria_set", "round__organiser", "unit")
        .get(pk=participation.pk)
    )
    if check and fresh.revision != revision:
        raise ScoringConflict()
    if fresh.round.status == RoundStatus.PUBLISHED:
        raise ScoringRefused(PUBLISHED)
    return fresh


def _bump(participation: Participation, **fields) -> None:
    Participation.objects.filter(pk=participation.pk).update(revision=F("revision") + 1, **fields)
    participation.refresh_from_db()


def label(criterion: Criterion) -> str:
    """How a refusal names a criterion: "Tiêu chí 1.2.1 (Báo cáo CCHC quý, 6 tháng, năm)"."""
    name = criterion.name if len(criterion.name) <= 80 else criterion.name[:77] + "…"
    return f"Tiêu chí {criterion.code} ({name})"


def parse_points(raw, criterion: Criterion) -> Decimal | None:
    """Points typed for a leaf: empty → None; else a number from 0 to the leaf's maximum
    with at most two decimals."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = methods.decimal(raw)
    except ValueError as exc:
        raise ScoringRefused(f"{label(criterion)}: “{raw}” không phải số điểm.") from exc
    top = criterion.max_points or Decimal(0)
    if value < 0:
        raise ScoringRefused(f"{label(criterion)}: điểm không được âm.")
    if value > top:
        raise ScoringRefused(
            f"{label(criterion)}: điểm {vnformat.trimmed(value)} vượt điểm tối đa "
            f"{vnformat.trimmed(top)}."
        )
    if value != methods.points_of(value):
        raise ScoringRefused(f"{label(criterion)}: điểm chỉ ghi tối đa hai chữ số thập phân.")
    return value


def _scores(participation: Participation, codes: Iterable[str] | None = None) -> dict[str, Score]:
    rows = Score.objects.filter(participation=participation).select_related("criterion")
    if codes is not None:
        rows = rows.filter(criterion__code__in=list(codes))
    return {s.criterion.code: s for s in rows}


def _unknown(codes: Iterable[str], known: Mapping[str, Score]) -> None:
    missing = sorted(set(codes) - set(known))
    if missing:
        raise ScoringRefused(
            f"Bộ tiêu chí không có tiêu chí (thành phần) để chấm: {', '.join(missing)}."
        )


def _notify_roles(unit: Unit, roles, message: str, url: str, key: str) -> None:
    grants = RoleGrant.objects.filter(unit=unit, role__in=roles).select_related("user")
    for grant in grants:
        if grant.user.is_active:
            notify(grant.user, message, url, key=f"{key}:{grant.user_id}")


# -- opening a round -----------------------------------------------------------------------


def _in_year(unit: Unit, year: int) -> bool:
    return (unit.valid_from is None or unit.valid_from <= date(year, 12, 31)) and (
        unit.valid_to is None or unit.valid_to >= date(year, 1, 1)
    )


@transaction.atomic
def open_round(
    actor,
    *,
    code: str,
    name: str,
    criteria_set: CriteriaSet,
    organiser: Unit,
    units: Iterable[Unit],
    year: int | None = None,
    opens_on: date | None = None,
    self_due_on: date | None = None,
    appraisal_due_on: date | None = None,
) -> AssessmentRound:
    """Open a round of `criteria_set` for `units`: one participation per unit, one score
    row per leaf with its applicability and, for auto leaves, the figures pre-filled."""
    _require(actor, organiser, ORGANISER_ROLES, "Anh/chị không có quyền mở đợt đánh giá.")
    code = (code or "").strip()
    year = year or criteria_set.year
    units = list(units)
    errors = []
    if not code:
        errors.append("Vui lòng nhập mã đợt đánh giá.")
    elif AssessmentRound.objects.filter(code=code).exists():
        errors.append(f"Đã có đợt đánh giá mã {code}.")
    if not units:
        errors.append("Chưa chọn đơn vị được đánh giá.")
    for unit in units:
        if unit.kind != criteria_set.unit_kind:
            errors.append(
                f"{unit.name} không thuộc loại đơn vị của bộ tiêu chí "
                f"({criteria_set.get_unit_kind_display()})."
            )
        elif not _in_year(unit, year):
            errors.append(f"{unit.name} không hoạt động trong năm {year}.")
    if not Criterion.objects.filter(criteria_set=criteria_set).exists():
        errors.append(f"Bộ tiêu chí {criteria_set.code} chưa có tiêu chí nào.")
    opens_on = opens_on or timezone.localdate()
    if self_due_on is None:
        self_due_on = workcal.due_date(opens_on, "15d", organiser)
    if self_due_on < opens_on:
        errors.append("Hạn nộp tự đánh giá phải sau ngày bắt đầu.")
    if appraisal_due_on and appraisal_due_on < self_due_on:
        errors.append("Hạn thẩm định phải sau hạn nộp tự đánh giá.")
    if errors:
        raise ScoringRefused(errors)
    round_ = AssessmentRound.objects.create(
        code=code,
        name=(name or "").strip() or f"Đánh giá Chỉ số CCHC năm {year}",
        year=year,
        criteria_set=criteria_set,
        organiser=organiser,
        opens_on=opens_on,
        self_due_on=self_due_on,
        appraisal_due_on=appraisal_due_on,
    )
    leaves = list(
        Criterion.objects.filter(criteria_set=criteria_set, children__isnull=True).order_by(
            "sort_key"
        )
    )
    for unit in units:
        participation = Participation.objects.create(round=round_, unit=unit)
        Score.objects.bulk_create(_initial_score(participation, leaf, year) for leaf in leaves)
        _notify_roles(
            unit,
            SELF_ROLES,
            f"{round_.name}: đơn vị tự đánh giá, chấm điểm và nộp trước ngày "
            f"{vnformat.short_date(self_due_on)}.",
            reverse("participation-detail", args=[participation.pk]),
            f"round-open:{round_.pk}",
        )
    _event(round_, actor, RoundAction.OPEN, note=f"{len(units)} đơn vị")
    return round_


def _initial_score(participation: Participation, leaf: Criterion, year: int) -> Score:
    score = Score(participation=participation, criterion=leaf)
    if not applicability.applies(leaf.applicability, participation.unit):
        score.applicable = False
        score.applicability_note = applicability.describe(leaf.applicability).capitalize()
    elif leaf.part == Part.SELF and leaf.source:
        _fill_auto(score, leaf, auto.context_for(participation.unit, year))
    return score


def _fill_auto(score: Score, leaf: Criterion, context) -> None:
    found = auto.evaluate(leaf, context)
    if found is None:
        return
    was_auto = score.self_points is None or score.self_points == score.auto_points
    score.auto_value, score.auto_points, score.auto_provenance = (
        found.value,
        found.points,
        found.provenance,
    )
    if was_auto:
        score.self_points = found.points
        score.override_reason = ""


@transaction.atomic
def refresh_auto(actor, participation: Participation, expected_revision: int | None = None):
    """Read the auto leaves' figures again (data change during the year). A leaf whose points
    the unit had overridden keeps its points; the others follow the data."""
    fresh = _lock(participation, expected_revision)
    _require_self(actor, fresh, "Anh/chị không có quyền tự đánh giá cho đơn vị này.")
    if fresh.status != PS.SELF_ASSESSMENT:
        raise ScoringRefused("Đơn vị đã nộp kết quả tự đánh giá; số liệu tự động đã được chốt.")
    context = auto.context_for(fresh.unit, fresh.round.year)
    for score in _scores(fresh).values():
        if score.applicable and score.criterion.part == Part.SELF and score.criterion.source:
            _fill_auto(score, score.criterion, context)
            score.save()
    _bump(fresh)
    return fresh


# -- self-assessment -----------------------------------------------------------------------


@dataclass(frozen=True)
class SelfEntry:
    points: object = None  # "0,25", Decimal, None (not scored yet)
    note: str = ""
    applicable: bool = True
    applicability_note: str = ""
    override_reason: str = ""


@transaction.atomic
def save_self_assessment(
    actor,
    participation: Participation,
    entries: Mapping[str, SelfEntry],
    expected_revision: int | None = None,
) -> Participation:
    """The unit's own points, explanations and applicability claims, leaf by leaf; every
    entry is checked first, so one bad entry saves nothing."""
    fresh = _lock(participation, expected_revision)
    _require_self(actor, fresh, "Anh/chị không có quyền tự đánh giá cho đơn vị này.")
    if fresh.status != PS.SELF_ASSESSMENT:
        raise ScoringRefused("Đơn vị đã nộp kết quả tự đánh giá; không sửa điểm tự chấm được nữa.")
    scores = _scores(fresh, entries.keys())
    _unknown(entries.keys(), scores)
    errors, changes = [], []
    for code, entry in entries.items():
        score = scores[code]
        try:
            changes.append((score, _checked_self_entry(score, entry)))
        except ScoringRefused as exc:
            errors.extend(exc.messages)
    if errors:
        raise ScoringRefused(errors)
    for score, (points, entry) in changes:
        old = score.self_points
        score.self_points = points
        score.self_note = entry.note.strip()
        score.applicable = entry.applicable
        score.applicability_note = entry.applicability_note.strip() if not entry.applicable else ""
        score.override_reason = entry.override_reason.strip()
        score.save()
        if old != points:
            _event(
                fresh.round,
                actor,
                RoundAction.SELF_SCORE,
                participation=fresh,
                code=score.criterion.code,
                old=old,
                new=points,
                note=score.override_reason,
            )
    _bump(fresh)
    return fresh


def _checked_self_entry(score: Score, entry: SelfEntry):
    criterion = score.criterion
    if criterion.part != Part.SELF:
        raise ScoringRefused(
            f"{label(criterion)} do cơ quan tổ chức đánh giá chấm ({criterion.get_part_display()})."
        )
    points = parse_points(entry.points, criterion)
    if not entry.applicable:
        if points is not None:
            raise ScoringRefused(
                f"{label(criterion)} không áp dụng đối với đơn vị, không chấm điểm tiêu chí này."
            )
        if not entry.applicability_note.strip() and score.applicable:
            raise ScoringRefused(f"{label(criterion)}: vui lòng ghi lý do không áp dụng.")
    if (
        points is not None
        and score.auto_points is not None
        and points != score.auto_points
        and not entry.override_reason.strip()
    ):
        raise ScoringRefused(
            f"{label(criterion)}: điểm tính từ số liệu của hệ thống là "
            f"{vnformat.trimmed(score.auto_points)}; muốn chấm khác phải ghi lý do."
        )
    return points, entry


def _evidence_limit() -> int:
    return getattr(settings, "CCHC_EVIDENCE_MAX_BYTES", uploads.MAX_UPLOAD_BYTES)


@transaction.atomic
def add_evidence(actor, participation: Participation, criterion: Criterion, upload) -> Evidence:
    """Store an evidence file for a leaf (PDF, JPG, PNG, DOCX, XLSX; size cap), while the
    unit self-assesses or explains. The scores and the revision do not change."""
    fresh = _lock(participation, None, check=False)  # adding a file conflicts with nothing
    _require_self(actor, fresh, "Anh/chị không có quyền tải tài liệu của đơn vị này.")
    if fresh.status not in (PS.SELF_ASSESSMENT, PS.APPRAISED):
        raise ScoringRefused(
            "Chỉ tải tài liệu kiểm chứng khi đơn vị đang tự đánh giá hoặc giải trình."
        )
    if criterion.criteria_set_id != fresh.round.criteria_set_id or criterion.children.exists():
        raise ScoringRefused("Tài liệu kiểm chứng phải gắn với một tiêu chí (thành phần) để chấm.")
    checked = uploads.check_upload(upload, _evidence_limit())
    evidence = Evidence(
        participation=fresh,
        criterion=criterion,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        uploaded_at=timezone.now(),
    )
    evidence.file.save(checked.name, File(upload, name=checked.name), save=False)
    evidence.save()
    _event(
        fresh.round,
        actor,
        RoundAction.ATTACH,
        participation=fresh,
        code=criterion.code,
        note=checked.name,
    )
    return evidence


@transaction.atomic
def remove_evidence(actor, evidence: Evidence) -> None:
    """Take back a wrongly uploaded file while the unit may still upload; the file goes too."""
    fresh = _lock(evidence.participation, None, check=False)
    _require_self(actor, fresh, "Anh/chị không có quyền xóa tài liệu của đơn vị này.")
    if fresh.status not in (PS.SELF_ASSESSMENT, PS.APPRAISED):
        raise ScoringRefused("Tài liệu kiểm chứng đã nộp kèm kết quả, không xóa được.")
    code, name = evidence.criterion.code, evidence.original_name
    storage, path = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(path))
    _event(
        fresh.round, actor, RoundAction.ATTACH, participation=fresh, code=code, note=f"Xóa {name}"
    )


@transaction.atomic
def submit_self_assessment(
    actor, participation: Participation, expected_revision: int | None = None
) -> Participation:
    """Send the self-assessment to the council: every applicable leaf the unit scores must
    have points."""
    fresh = _lock(participation, expected_revision)
    _require_self(actor, fresh, "Anh/chị không có quyền nộp kết quả của đơn vị này.")
    if fresh.status != PS.SELF_ASSESSMENT:
        raise ScoringRefused("Đơn vị đã nộp kết quả tự đánh giá; không nộp lại được.")
    missing = [
        s.criterion.code
        for s in _scores(fresh).values()
        if s.applicable and s.criterion.part == Part.SELF and s.self_points is None
    ]
    if missing:
        raise ScoringRefused(f"Chưa chấm điểm các tiêu chí: {', '.join(missing)}.")
    _bump(fresh, status=PS.SUBMITTED, submitted_at=timezone.now())
    _event(fresh.round, actor, RoundAction.SUBMIT, participation=fresh)
    _notify_roles(
        fresh.round.organiser,
        APPRAISER_ROLES,
        f"{fresh.unit.name} đã nộp kết quả tự đánh giá Chỉ số CCHC năm {fresh.round.year}.",
        reverse("participation-detail", args=[fresh.pk]),
        f"round-submitted:{fresh.pk}",
    )
    return fresh


# -- appraisal -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AppraisalEntry:
    decision: str  # AppraisalDecision
    points: object = None  # for CHANGE
    note: str = ""
    applicable: bool | None = None  # the council may overrule an applicability claim


@transaction.atomic
def appraise(
    actor,
    participation: Participation,
    entries: Mapping[str, AppraisalEntry],
    expected_revision: int | None = None,
) -> Participation:
    """The council's decision leaf by leaf: accept the unit's points, or change them with a
    reason."""
    fresh = _lock(participation, expected_revision)
    _require(
        actor, fresh.round.organiser, APPRAISER_ROLES, "Chỉ hội đồng thẩm định mới chấm thẩm định."
    )
    if fresh.status not in (PS.SUBMITTED, PS.EXPLAINED):
        raise ScoringRefused(
            f"Kết quả của {fresh.unit.name} đang ở trạng thái “{fresh.get_status_display()}”, "
            "chưa thẩm định được."
        )
    scores = _scores(fresh, entries.keys())
    _unknown(entries.keys(), scores)
    errors, changes = [], []
    for code, entry in entries.items():
        try:
            changes.append((scores[code], _checked_appraisal(scores[code], entry)))
        except ScoringRefused as exc:
            errors.extend(exc.messages)
    if errors:
        raise ScoringRefused(errors)
    for score, (decision, points, applicable, note) in changes:
        old = score.points
        score.appraisal_decision = decision
        score.appraised_points = points
        score.appraisal_note = note
        score.applicable = applicable
        score.save()
        _event(
            fresh.round,
            actor,
            RoundAction.APPRAISE,
            participation=fresh,
            code=score.criterion.code,
            old=old,
            new=points,
            note=note,
        )
    _bump(fresh)
    return fresh


def _checked_appraisal(score: Score, entry: AppraisalEntry):
    criterion = score.criterion
    if criterion.part != Part.SELF:
        raise ScoringRefused(f"{label(criterion)}: nhập ở phần điểm do cơ quan tổ chức chấm.")
    applicable = score.applicable if entry.applicable is None else entry.applicable
    note = (entry.note or "").strip()
    if entry.decision == AppraisalDecision.ACCEPT:
        if applicable != score.applicable:
            raise ScoringRefused(f"{label(criterion)}: thay đổi việc áp dụng là điều chỉnh.")
        return entry.decision, score.self_points if applicable else None, applicable, note
    if entry.decision != AppraisalDecision.CHANGE:
        raise ScoringRefused(f"{label(criterion)}: chưa chọn ý kiến thẩm định.")
    if not note:
        raise ScoringRefused(f"{label(criterion)}: vui lòng ghi lý do điều chỉnh điểm.")
    points = parse_points(entry.points, criterion)
    if not applicable:
        if points is not None:
            raise ScoringRefused(
                f"{label(criterion)} không áp dụng đối với đơn vị, không chấm điểm tiêu chí này."
            )
        return entry.decision, None, False, note
    if points is None:
        raise ScoringRefused(f"{label(criterion)}: vui lòng nhập điểm thẩm định.")
    return entry.decision, points, True, note


@transaction.atomic
def send_appraisal(
    actor, participation: Participation, expected_revision: int | None = None
) -> Participation:
    """Send the council's result to the unit, which may explain once."""
    fresh = _lock(participation, expected_revision)
    _require(
        actor, fresh.round.organiser, APPRAISER_ROLES, "Chỉ hội đồng thẩm định mới gửi kết quả."
    )
    if fresh.status not in (PS.SUBMITTED, PS.EXPLAINED):
        raise ScoringRefused("Chưa có kết quả tự đánh giá để gửi kết quả thẩm định.")
    if fresh.status == PS.EXPLAINED:
        raise ScoringRefused("Đơn vị đã giải trình; hội đồng chốt kết quả, không gửi lại.")
    undecided = [
        s.criterion.code
        for s in _scores(fresh).values()
        if s.criterion.part == Part.SELF and s.applicable and not s.appraisal_decision
    ]
    if undecided:
        raise ScoringRefused(f"Chưa thẩm định các tiêu chí: {', '.join(undecided)}.")
    _bump(fresh, status=PS.APPRAISED, appraised_at=timezone.now())
    _event(fresh.round, actor, RoundAction.SEND_APPRAISAL, participation=fresh)
    _notify_roles(
        fresh.unit,
        SELF_ROLES,
        f"Hội đồng thẩm định đã gửi kết quả thẩm định Chỉ số CCHC năm {fresh.round.year}; "
        "đơn vị có thể giải trình một lần.",
        reverse("participation-detail", args=[fresh.pk]),
        f"round-appraised:{fresh.pk}",
    )
    return fresh


@transaction.atomic
def explain(
    actor,
    participation: Participation,
    explanations: Mapping[str, str],
    expected_revision: int | None = None,
) -> Participation:
    """The unit's one explanation (giải trình) of the council's result, leaf by leaf."""
    fresh = _lock(participation, expected_revision)
    _require_self(actor, fresh, "Anh/chị không có quyền giải trình cho đơn vị này.")
    if fresh.status == PS.EXPLAINED or fresh.explained_at is not None:
        raise ScoringRefused("Đơn vị đã giải trình; mỗi đợt đánh giá chỉ giải trình một lần.")
    if fresh.status != PS.APPRAISED:
        raise ScoringRefused("Chỉ giải trình sau khi hội đồng gửi kết quả thẩm định.")
    texts = {code: (text or "").strip() for code, text in explanations.items()}
    texts = {code: text for code, text in texts.items() if text}
    if not texts:
        raise ScoringRefused("Vui lòng ghi nội dung giải trình cho ít nhất một tiêu chí.")
    scores = _scores(fresh, texts.keys())
    _unknown(texts.keys(), scores)
    for code, text in texts.items():
        scores[code].explanation = text
        scores[code].save(update_fields=["explanation"])
        _event(fresh.round, actor, RoundAction.EXPLAIN, participation=fresh, code=code, note=text)
    _bump(fresh, status=PS.EXPLAINED, explained_at=timezone.now())
    _notify_roles(
        fresh.round.organiser,
        APPRAISER_ROLES,
        f"{fresh.unit.name} đã giải trình kết quả thẩm định Chỉ số CCHC năm {fresh.round.year}.",
        reverse("participation-detail", args=[fresh.pk]),
        f"round-explained:{fresh.pk}",
    )
    return fresh


@transaction.atomic
def finalise(actor, participation: Participation, expected_revision: int | None = None):
    """The council's final word on the unit's scores."""
    fresh = _lock(participation, expected_revision)
    _require(
        actor, fresh.round.organiser, APPRAISER_ROLES, "Chỉ hội đồng thẩm định mới chốt kết quả."
    )
    if fresh.status not in (PS.APPRAISED, PS.EXPLAINED):
        raise ScoringRefused("Chỉ chốt kết quả sau khi đã gửi kết quả thẩm định cho đơn vị.")
    _bump(fresh, status=PS.FINAL, finalised_at=timezone.now())
    _event(fresh.round, actor, RoundAction.FINALISE, participation=fresh)
    return fresh


@transaction.atomic
def enter_organiser_points(
    actor,
    participation: Participation,
    entries: Mapping[str, tuple[object, str]],
    expected_revision: int | None = None,
) -> Participation:
    """Survey results and bonus/penalty points, entered by the organiser: (points, note)."""
    fresh = _lock(participation, expected_revision)
    _require(
        actor,
        fresh.round.organiser,
        ORGANISER_ROLES,
        "Chỉ cơ quan tổ chức đánh giá mới nhập điểm điều tra xã hội học, điểm thưởng, trừ.",
    )
    scores = _scores(fresh, entries.keys())
    _unknown(entries.keys(), scores)
    errors, changes = [], []
    for code, (raw, note) in entries.items():
        score = scores[code]
        if score.criterion.part not in ORGANISER_PARTS:
            errors.append(f"{label(score.criterion)} do đơn vị tự chấm và hội đồng thẩm định.")
            continue
        if not score.applicable and raw not in (None, ""):
            errors.append(
                f"{label(score.criterion)} không áp dụng đối với đơn vị, không chấm điểm tiêu chí này."
            )
            continue
        try:
            changes.append((score, parse_points(raw, score.criterion), (note or "").strip()))
        except ScoringRefused as exc:
            errors.extend(exc.messages)
    if errors:
        raise ScoringRefused(errors)
    for score, points, note in changes:
        old = score.appraised_points
        score.appraised_points, score.appraisal_note = points, note
        score.save(update_fields=["appraised_points", "appraisal_note"])
        if old != points:
            _event(
                fresh.round,
                actor,
                RoundAction.SURVEY,
                participation=fresh,
                code=score.criterion.code,
                old=old,
                new=points,
                note=note,
            )
    _bump(fresh)
    return fresh


@transaction.atomic
def publish(actor, round_: AssessmentRound, expected_revision: int | None = None):
    """Publish the round: every unit's result final and every survey leaf entered."""
    fresh = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    _require(actor, fresh.organiser, ORGANISER_ROLES, "Anh/chị không có quyền công bố kết quả.")
    revision = round_.revision if expected_revision is None else expected_revision
    if fresh.revision != revision:
        raise ScoringConflict()
    if fresh.status == RoundStatus.PUBLISHED:
        raise ScoringRefused("Đợt đánh giá đã công bố kết quả.")
    pending = fresh.participations.exclude(status=PS.FINAL).select_related("unit")
    errors = [f"{p.unit.name}: {p.get_status_display().lower()}." for p in pending]
    survey_missing = (
        Score.objects.filter(
            participation__round=fresh,
            applicable=True,
            criterion__part=Part.SURVEY,
            appraised_points__isnull=True,
        )
        .select_related("participation__unit", "criterion")
        .order_by("participation__unit__path", "criterion__sort_key")
    )
    errors += [
        f"{s.participation.unit.name}: chưa nhập điểm {label(s.criterion).lower()}."
        for s in survey_missing
    ]
    if errors:
        raise ScoringRefused(["Chưa công bố được kết quả:", *errors])
    AssessmentRound.objects.filter(pk=fresh.pk).update(
        status=RoundStatus.PUBLISHED, published_at=timezone.now(), revision=F("revision") + 1
    )
    fresh.refresh_from_db()
    _event(fresh, actor, RoundAction.PUBLISH)
    for participation in fresh.participations.select_related("unit"):
        _notify_roles(
            participation.unit,
            SELF_ROLES,
            f"Đã công bố kết quả {fresh.name}.",
            reverse("round-results", args=[fresh.pk]),
            f"round-published:{fresh.pk}",
        )
    return fresh


# -- responsibility analysis and remediation ------------------------------------------------


def _require_analyst(actor, participation: Participation) -> None:
    _require_self(
        actor, participation, "Anh/chị không có quyền lập báo cáo phân tích của đơn vị này."
    )
    if participation.status != PS.FINAL:
        raise ScoringRefused(
            "Chỉ phân tích nguyên nhân, trách nhiệm khi kết quả của đơn vị đã được chốt."
        )


def report_for(participation: Participation) -> ResponsibilityReport:
    """The unit's responsibility report, created with defaults the first time."""
    report, _ = ResponsibilityReport.objects.get_or_create(
        participation=participation,
        defaults={
            "subordinate_round": AssessmentRound.objects.filter(
                organiser=participation.unit, year=participation.round.year
            ).first(),
            "signer_authority": "KT. CHỦ TỊCH",
            "signer_position": "PHÓ CHỦ TỊCH",
            "recipients": "\n".join(
                [
                    "Các phòng, ban chuyên môn (th/h)",
                    "UBND các xã, thị trấn (th/h)",
                    "Lưu: VT",
                ]
            ),
        },
    )
    return report


REPORT_FIELDS = (
    "number",
    "place",
    "issued_on",
    "legal_basis",
    "organisation",
    "remediation_due_on",
    "recipients",
    "signer_authority",
    "signer_position",
    "signer_name",
    "subordinate_round",
)


@transaction.atomic
def save_analysis(
    actor,
    participation: Participation,
    *,
    leaves: Mapping[str, tuple[str, str]] | None = None,
    solutions: Mapping[str, Mapping[str, str]] | None = None,
    fields: Mapping[str, object] | None = None,
    expected_revision: int | None = None,
) -> ResponsibilityReport:
    """The responsibility analysis: per lost leaf (reason, responsible), per area the tasks
    and host offices, and the report's header fields."""
    fresh = Participation.objects.select_related("round__criteria_set", "unit").get(
        pk=participation.pk
    )
    _require_analyst(actor, fresh)
    report = ResponsibilityReport.objects.select_for_update().get(pk=report_for(fresh).pk)
    revision = report.revision if expected_revision is None else expected_revision
    if report.revision != revision:
        raise ScoringConflict()
    scores = _scores(fresh, (leaves or {}).keys())
    _unknown((leaves or {}).keys(), scores)
    changes = dict(fields or {})
    unknown = set(changes) - set(REPORT_FIELDS)
    if unknown:
        raise ScoringRefused(f"Không có trường {', '.join(sorted(unknown))}.")
    subordinate = changes.get("subordinate_round")
    if subordinate is not None and subordinate.organiser_id != fresh.unit_id:
        raise ScoringRefused("Đợt đánh giá các đơn vị trực thuộc phải do chính đơn vị tổ chức.")
    for code, (reason, responsible) in (leaves or {}).items():
        score = scores[code]
        score.loss_reason, score.responsible = (reason or "").strip(), (responsible or "").strip()
        score.save(update_fields=["loss_reason", "responsible"])
    for key, value in changes.items():
        setattr(report, key, value.strip() if isinstance(value, str) else value)
    if solutions is not None:
        report.solutions = {
            code: {k: (v or "").strip() for k, v in parts.items() if k in ("tasks", "hosts")}
            for code, parts in solutions.items()
        }
    report.revision += 1
    report.save()
    _event(fresh.round, actor, RoundAction.ANALYSE, participation=fresh)
    return report


def default_remediation_due(unit: Unit) -> date:
    """Twenty working days from today, by the unit's calendar."""
    return workcal.due_date(timezone.localdate(), "20d", unit)


@transaction.atomic
def create_remediation_tasks(
    actor, participation: Participation, due_on: date | None = None
) -> list:
    """One plan task per leaf that lost points and has no task yet, owned by the leaf's
    responsible office, in the unit's remediation plan of the year the analysis is made (seed
    002: the 2021 index is analysed in August 2022, tasks due "trước ngày 12/8/2022"). Running
    it again creates only the missing ones."""
    from cchc.plans import services as plans
    from cchc.plans.models import PlanKind, ReformArea, TaskOrigin

    fresh = Participation.objects.select_related("round__criteria_set", "unit").get(
        pk=participation.pk
    )
    _require_analyst(actor, fresh)
    round_ = fresh.round
    report = report_for(fresh)
    due_on = due_on or report.remediation_due_on or default_remediation_due(fresh.unit)
    if due_on < timezone.localdate():
        raise ScoringRefused("Thời hạn khắc phục phải từ hôm nay trở đi.")
    result = unit_result(fresh)
    lost = {leaf.code: leaf for leaf in lost_leaves(result)}
    scores = _scores(fresh, lost.keys())
    done = set(
        Remediation.objects.filter(score__in=scores.values()).values_list("score_id", flat=True)
    )
    todo = [scores[code] for code in lost if scores[code].pk not in done]
    if not todo:
        return []
    today = timezone.localdate()
    plan = plans.ensure_plan(
        actor,
        fresh.unit,
        kind=PlanKind.REMEDIATION,
        year=today.year,
        number=f"KP-CCHC-{round_.year}",
        issued_on=today,
        title=f"Kế hoạch khắc phục tồn tại, hạn chế Chỉ số cải cách hành chính năm {round_.year}",
    )
    offices = {o.code: o for o in Office.objects.filter(unit=fresh.unit)}
    areas = _plan_areas(round_.criteria_set)
    created = []
    for score in todo:
        leaf, criterion = lost[score.criterion.code], score.criterion
        task = plans.add_task(
            actor,
            unit=fresh.unit,
            plan=plan,
            origin=TaskOrigin.REMEDIATION,
            area=areas.get(criterion.code.split(".")[0], ReformArea.OTHER),
            title=f"Khắc phục tiêu chí {criterion.code}: {criterion.name}"[:500],
            due_on=due_on,
            owner_office=offices.get(criterion.responsible),
            expected_output=(
                f"Đạt tối đa {vnformat.trimmed(leaf.max)} điểm tiêu chí {criterion.code} "
                f"trong năm {today.year}"
            ),
            source_ref=(
                f"Chỉ số CCHC năm {round_.year}, tiêu chí {criterion.code}: đạt "
                f"{vnformat.trimmed(leaf.points)}/{vnformat.trimmed(leaf.max)} điểm"
            )[:255],
        )
        Remediation.objects.create(score=score, task=task)
        created.append(task)
    _event(
        round_, actor, RoundAction.REMEDIATE, participation=fresh, note=f"{len(created)} nhiệm vụ"
    )
    return created


def _plan_areas(criteria_set: CriteriaSet) -> dict[str, str]:
    return dict(
        Criterion.objects.filter(criteria_set=criteria_set, parent__isnull=True)
        .exclude(plan_area="")
        .values_list("code", "plan_area")
    )
