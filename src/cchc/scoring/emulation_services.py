"""Every write of an emulation movement: launching and editing it, its participating units
(cluster, registration, pledge), its criteria, the points entered by hand, awards, and the
narrative and header of its 6-month and annual reports.

Each write is one transaction, needs a writer role (reform officer, unit leader,
administrator) reaching the organiser, refuses a stale revision (`MovementConflict`: the
movement's revision guards its participants, criteria, points and awards; a report has its
own) and anything the rules forbid (`MovementRefused`, in Vietnamese, naming the unit or the
criterion) — a refusal changes nothing — and records what was done in the movement's
append-only history (`MovementEvent`, read by `emulation_queries.history_of`).

Computed criteria (`index:ROUND_CODE`, a statistics source) are never stored: only points
entered by hand for manual criteria are.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cchc.core import vnformat
from cchc.core.errors import StaleWrite
from cchc.dossiers.printing import place_of
from cchc.reporting import sources
from cchc.units.models import Unit, UnitKind
from cchc.units.permissions import can_act

from .emulation_queries import (
    INDEX_PREFIX,
    PERIODS,
    WRITER_ROLES,
    criterion_kind,
    movement_window,
    period_title,
)
from .models import (
    AssessmentRound,
    Award,
    AwardKind,
    Movement,
    MovementCriterion,
    MovementEvent,
    MovementParticipant,
    MovementReport,
    MovementScore,
)

NOT_ALLOWED = "Anh/chị không có quyền cập nhật phong trào thi đua của {unit}."


class MovementRefused(ValidationError):
    """An emulation action the rules forbid (Vietnamese message); nothing was written."""


class MovementConflict(StaleWrite):
    """The movement (or its report) changed since the caller loaded it; nothing was written."""

    what = "Phong trào thi đua"


# -- helpers -------------------------------------------------------------------------------


def _require_writer(user, organiser: Unit) -> None:
    if not can_act(user, organiser, *WRITER_ROLES):
        raise PermissionDenied(NOT_ALLOWED.format(unit=organiser.name))


def _record(user, movement: Movement, message: str) -> None:
    """One line of the movement's history (who, when, what)."""
    actor = user if getattr(user, "is_authenticated", False) else None
    MovementEvent.objects.create(movement=movement, at=timezone.now(), actor=actor, message=message)


def _lock(user, movement: Movement, expected_revision: int | None) -> Movement:
    """The movement locked for the write, after the permission and revision checks. The
    revision is the one the caller's page was built from; None (a trusted caller working on
    fresh objects: tests, commands) skips the check."""
    _require_writer(user, movement.organiser)
    fresh = Movement.objects.select_for_update().select_related("organiser").get(pk=movement.pk)
    if expected_revision is not None and fresh.revision != expected_revision:
        raise MovementConflict()
    return fresh


def _bump(movement: Movement, **fields) -> Movement:
    Movement.objects.filter(pk=movement.pk).update(revision=F("revision") + 1, **fields)
    movement.refresh_from_db()
    return movement


def _text(value, label: str, max_length: int, errors: list[str], *, required=True) -> str:
    text = (value or "").strip()
    if required and not text:
        errors.append(f"Vui lòng nhập {label}.")
    elif len(text) > max_length:
        errors.append(f"{label[:1].upper()}{label[1:]} dài quá {max_length} ký tự.")
    return text


def _points(value) -> str:
    return vnformat.trimmed(value)


# -- the movement --------------------------------------------------------------------------

MOVEMENT_FIELDS = ("name", "year", "plan_number", "plan_date", "starts_on", "ends_on", "goals")


def _clean_movement(data: Mapping) -> dict:
    errors: list[str] = []
    cleaned = {
        "name": _text(data.get("name"), "tên phong trào", 500, errors),
        "plan_number": _text(data.get("plan_number"), "số kế hoạch phát động", 60, errors),
        "goals": (data.get("goals") or "").strip(),
    }
    year, plan_date = data.get("year"), data.get("plan_date")
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if not plan_date:
        errors.append("Vui lòng nhập ngày ban hành kế hoạch.")
    if not starts_on or not ends_on:
        errors.append("Vui lòng nhập thời gian thực hiện phong trào (từ ngày, đến ngày).")
    elif ends_on < starts_on:
        errors.append("Ngày kết thúc phong trào phải sau ngày bắt đầu.")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors.append("Năm của phong trào không hợp lệ.")
    elif starts_on and ends_on and not starts_on.year <= year <= ends_on.year:
        errors.append(
            f"Năm {year} không nằm trong thời gian thực hiện phong trào "
            f"({vnformat.short_date(starts_on)} – {vnformat.short_date(ends_on)})."
        )
    if errors:
        raise MovementRefused(errors)
    return cleaned | {
        "year": year,
        "plan_date": plan_date,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


@transaction.atomic
def create_movement(user, organiser: Unit, data: Mapping) -> Movement:
    """Launch a movement for `organiser` (its plan, period and goals)."""
    _require_writer(user, organiser)
    movement = Movement.objects.create(organiser=organiser, **_clean_movement(data))
    _record(user, movement, f"Phát động phong trào “{movement.name}”.")
    return movement


@transaction.atomic
def update_movement(
    user, movement: Movement, data: Mapping, expected_revision: int | None = None
) -> Movement:
    """Change the plan, period or goals; a participant no longer valid in the new period
    is named and the change refused."""
    fresh = _lock(user, movement, expected_revision)
    cleaned = _clean_movement(data)
    invalid = [
        p.unit.name
        for p in fresh.participants.select_related("unit")
        if not _valid_during(p.unit, cleaned["starts_on"], cleaned["ends_on"])
    ]
    if invalid:
        raise MovementRefused(
            "Các đơn vị tham gia sau không còn hiệu lực trong thời gian mới của phong trào: "
            + ", ".join(invalid)
            + "."
        )
    changed = [
        str(Movement._meta.get_field(f).verbose_name)
        for f in MOVEMENT_FIELDS
        if getattr(fresh, f) != cleaned[f]
    ]
    _bump(fresh, **cleaned)
    _record(
        user, fresh, "Sửa thông tin phong trào" + (f" ({', '.join(changed)})." if changed else ".")
    )
    return fresh


# -- participants --------------------------------------------------------------------------


def _valid_during(unit: Unit, start: date, end: date) -> bool:
    """The unit is in force on at least one day of [start, end]."""
    return (unit.valid_from is None or unit.valid_from <= end) and (
        unit.valid_to is None or unit.valid_to >= start
    )


def _clean_participant(movement: Movement, data: Mapping) -> dict:
    errors: list[str] = []
    cluster = _text(data.get("cluster"), "cụm, khối thi đua", 200, errors, required=False)
    registered_on, pledge_signed_on = data.get("registered_on"), data.get("pledge_signed_on")
    for day, label in ((registered_on, "đăng ký thi đua"), (pledge_signed_on, "ký giao ước")):
        if day and day > movement.ends_on:
            errors.append(
                f"Ngày {label} ({vnformat.short_date(day)}) sau khi phong trào kết thúc "
                f"({vnformat.short_date(movement.ends_on)})."
            )
    if errors:
        raise MovementRefused(errors)
    return {
        "cluster": cluster,
        "registered_on": registered_on,
        "pledge_signed_on": pledge_signed_on,
    }


def eligible_units(movement: Movement):
    """Units that may take part: the organiser's subtree, in force during the period."""
    return [
        unit
        for unit in Unit.objects.filter(path__startswith=movement.organiser.path).order_by("path")
        if _valid_during(unit, movement.starts_on, movement.ends_on)
    ]


@transaction.atomic
def add_participant(
    user, movement: Movement, unit: Unit, data: Mapping, expected_revision: int | None = None
) -> MovementParticipant:
    fresh = _lock(user, movement, expected_revision)
    if not unit.path.startswith(fresh.organiser.path):
        raise MovementRefused(
            f"{unit.name} không thuộc {fresh.organiser.name}, không tham gia phong trào được."
        )
    if not _valid_during(unit, fresh.starts_on, fresh.ends_on):
        raise MovementRefused(
            f"{unit.name} không còn hiệu lực trong thời gian phong trào "
            f"({vnformat.short_date(fresh.starts_on)} – {vnformat.short_date(fresh.ends_on)})."
        )
    if fresh.participants.filter(unit=unit).exists():
        raise MovementRefused(f"{unit.name} đã có trong danh sách đơn vị tham gia.")
    participant = MovementParticipant.objects.create(
        movement=fresh, unit=unit, **_clean_participant(fresh, data)
    )
    _bump(fresh)
    _record(user, fresh, f"Thêm đơn vị tham gia: {unit.name}.")
    return participant


@transaction.atomic
def update_participant(
    user, participant: MovementParticipant, data: Mapping, expected_revision: int | None = None
) -> MovementParticipant:
    """Change the cluster, registration date or pledge signing date."""
    fresh = _lock(user, participant.movement, expected_revision)
    row = MovementParticipant.objects.select_related("unit").get(pk=participant.pk, movement=fresh)
    for name, value in _clean_participant(fresh, data).items():
        setattr(row, name, value)
    row.save()
    _bump(fresh)
    _record(user, fresh, f"Cập nhật đơn vị tham gia: {row.unit.name}.")
    return row


@transaction.atomic
def remove_participant(
    user, participant: MovementParticipant, expected_revision: int | None = None
) -> None:
    """Remove a unit with its points; refused while it holds an award."""
    fresh = _lock(user, participant.movement, expected_revision)
    row = MovementParticipant.objects.select_related("unit").get(pk=participant.pk, movement=fresh)
    if row.awards.exists():
        raise MovementRefused(
            f"{row.unit.name} đã được khen thưởng trong phong trào; xóa khen thưởng trước."
        )
    name = row.unit.name
    row.delete()
    _bump(fresh)
    _record(user, fresh, f"Bỏ đơn vị tham gia: {name}.")


# -- criteria ------------------------------------------------------------------------------


def check_source(movement: Movement, source: str) -> str:
    """The criterion's source, refused unless it can be read: empty (entered by hand),
    `index:ROUND_CODE` of an existing assessment round, or a registered statistics source
    that yields a percentage (tried on the organiser over the movement's period)."""
    source = (source or "").strip()
    if not source:
        return ""
    if source.startswith(INDEX_PREFIX):
        code = source[len(INDEX_PREFIX) :].strip()
        if not AssessmentRound.objects.filter(code=code).exists():
            raise MovementRefused(f"Không có đợt đánh giá Chỉ số CCHC mã “{code}”.")
        return f"{INDEX_PREFIX}{code}"
    if not sources.is_registered(source):
        raise MovementRefused(
            f"Nguồn số liệu “{source}” không có trong hệ thống. Để trống nếu chấm điểm bằng tay; "
            "ví dụ nguồn hợp lệ: index:MÃ_ĐỢT_ĐÁNH_GIÁ, dossiers.on_time_rate?scope=all, "
            "dossiers.online_rate."
        )
    context = sources.SourceContext(movement.organiser, movement_window(movement))
    try:
        computed = sources.compute(source, context)
    except (KeyError, ValueError, TypeError) as exc:
        raise MovementRefused(f"Nguồn số liệu “{source}” thiếu hoặc sai tham số.") from exc
    if computed is None or not computed.percent:
        raise MovementRefused(
            f"Nguồn số liệu “{source}” không phải một tỷ lệ phần trăm nên không quy ra điểm được."
        )
    return source


def _clean_criterion(movement: Movement, data: Mapping, current: MovementCriterion | None):
    errors: list[str] = []
    code = _text(data.get("code"), "mã tiêu chí", 20, errors)
    name = _text(data.get("name"), "tên tiêu chí", 500, errors)
    max_points = data.get("max_points")
    if max_points is None:
        errors.append("Vui lòng nhập điểm tối đa của tiêu chí.")
    elif not isinstance(max_points, Decimal) or max_points <= 0 or max_points >= 100000:
        errors.append(f"Điểm tối đa của tiêu chí “{code}” phải lớn hơn 0.")
    elif max_points != max_points.quantize(Decimal("0.01")):
        errors.append(f"Điểm tối đa của tiêu chí “{code}” chỉ được có 2 chữ số thập phân.")
    order = data.get("order") or 0
    if not isinstance(order, int) or not 0 <= order <= 32767:
        errors.append("Thứ tự tiêu chí không hợp lệ.")
    taken = movement.criteria.filter(code=code)
    if current is not None:
        taken = taken.exclude(pk=current.pk)
    if code and taken.exists():
        errors.append(f"Phong trào đã có tiêu chí mã “{code}”.")
    if errors:
        raise MovementRefused(errors)
    source = check_source(movement, data.get("source", ""))
    return {"code": code, "name": name, "max_points": max_points, "order": order, "source": source}


@transaction.atomic
def add_criterion(
    user, movement: Movement, data: Mapping, expected_revision: int | None = None
) -> MovementCriterion:
    """A criterion: code, name, maximum points, source (empty: entered by hand)."""
    fresh = _lock(user, movement, expected_revision)
    criterion = MovementCriterion.objects.create(
        movement=fresh, **_clean_criterion(fresh, data, None)
    )
    _bump(fresh)
    _record(user, fresh, f"Thêm tiêu chí {criterion.code}. {criterion.name}.")
    return criterion


@transaction.atomic
def update_criterion(
    user, criterion: MovementCriterion, data: Mapping, expected_revision: int | None = None
) -> MovementCriterion:
    """Change a criterion. Refused when it would turn points already entered by hand into
    computed ones, or leave them above the new maximum."""
    fresh = _lock(user, criterion.movement, expected_revision)
    row = MovementCriterion.objects.get(pk=criterion.pk, movement=fresh)
    cleaned = _clean_criterion(fresh, data, row)
    scores = MovementScore.objects.filter(criterion=row).select_related("participant__unit")
    label = f"“{cleaned['code']}. {cleaned['name']}”"
    if criterion_kind(cleaned["source"]) != "manual" and scores.exists():
        raise MovementRefused(
            f"Tiêu chí {label} đã có điểm nhập tay của {scores.count()} đơn vị; xóa các điểm "
            "đó trước khi chuyển sang tính từ dữ liệu."
        )
    above = [s for s in scores if s.points > cleaned["max_points"]]
    if above:
        raise MovementRefused(
            f"Điểm tối đa mới của tiêu chí {label} ({_points(cleaned['max_points'])}) thấp hơn "
            "điểm đã chấm của: "
            + ", ".join(f"{s.participant.unit.name} ({_points(s.points)})" for s in above)
            + "."
        )
    for name, value in cleaned.items():
        setattr(row, name, value)
    row.save()
    _bump(fresh)
    _record(user, fresh, f"Sửa tiêu chí {row.code}. {row.name}.")
    return row


@transaction.atomic
def remove_criterion(
    user, criterion: MovementCriterion, expected_revision: int | None = None
) -> None:
    """Remove a criterion and the points entered for it."""
    fresh = _lock(user, criterion.movement, expected_revision)
    row = MovementCriterion.objects.get(pk=criterion.pk, movement=fresh)
    label = f"{row.code}. {row.name}"
    row.delete()
    _bump(fresh)
    _record(user, fresh, f"Xóa tiêu chí {label}.")


# -- points entered by hand ----------------------------------------------------------------


@transaction.atomic
def enter_points(
    user,
    movement: Movement,
    entries: Mapping[tuple[int, int], tuple[Decimal | None, str]],
    expected_revision: int | None = None,
) -> int:
    """Points for manual criteria: (participant id, criterion id) → (points or None to clear,
    note). Every entry is checked first — between 0 and the criterion's maximum, a manual
    criterion, a participant of the movement — so one bad entry saves nothing. Returns the
    number of points changed."""
    fresh = _lock(user, movement, expected_revision)
    participants = {p.pk: p for p in fresh.participants.select_related("unit")}
    criteria = {c.pk: c for c in fresh.criteria.all()}
    existing = {
        (s.participant_id, s.criterion_id): s
        for s in MovementScore.objects.filter(participant__movement=fresh)
    }
    errors: list[str] = []
    for (participant_id, criterion_id), (points, _note) in entries.items():
        participant, criterion = participants.get(participant_id), criteria.get(criterion_id)
        if participant is None or criterion is None:
            errors.append("Đơn vị hoặc tiêu chí không thuộc phong trào này.")
            continue
        label = f"tiêu chí “{criterion.code}. {criterion.name}”"
        if criterion.source:
            if points is not None:
                errors.append(
                    f"Điểm {label} được tính từ dữ liệu, không nhập tay ({participant.unit.name})."
                )
            continue
        if points is None:
            continue
        if points < 0:
            errors.append(
                f"Điểm {label} của {participant.unit.name} không được âm "
                f"(đã nhập {_points(points)})."
            )
        elif points > criterion.max_points:
            errors.append(
                f"Điểm {label} của {participant.unit.name} vượt điểm tối đa "
                f"{_points(criterion.max_points)} (đã nhập {_points(points)})."
            )
        elif points != points.quantize(Decimal("0.01")):
            errors.append(f"Điểm {label} của {participant.unit.name} chỉ có 2 chữ số thập phân.")
    if errors:
        raise MovementRefused(errors)
    changed: list[str] = []
    for key, (points, note) in entries.items():
        criterion, participant = criteria[key[1]], participants[key[0]]
        if criterion.source:
            continue
        score = existing.get(key)
        note = (note or "").strip()
        if points is None:
            if score is not None:
                score.delete()
                changed.append(f"{participant.unit.name} – {criterion.code}: xóa điểm")
            continue
        if score is not None and score.points == points and score.note == note:
            continue
        MovementScore.objects.update_or_create(
            participant=participant, criterion=criterion, defaults={"points": points, "note": note}
        )
        before = f"{_points(score.points)} → " if score is not None else ""
        changed.append(f"{participant.unit.name} – {criterion.code}: {before}{_points(points)}")
    if changed:
        _bump(fresh)
        _record(user, fresh, "Chấm điểm: " + "; ".join(changed) + ".")
    return len(changed)


# -- awards --------------------------------------------------------------------------------


def _clean_award(movement: Movement, data: Mapping) -> dict:
    errors: list[str] = []
    kind = data.get("kind")
    if kind not in AwardKind.values:
        errors.append("Vui lòng chọn hình thức khen thưởng.")
    participant = data.get("participant")
    if participant is not None and participant.movement_id != movement.pk:
        errors.append("Tập thể được khen thưởng không tham gia phong trào này.")
    name = _text(data.get("individual_name"), "tên cá nhân", 150, errors, required=False)
    position = _text(
        data.get("individual_position"), "chức vụ, đơn vị công tác", 255, errors, required=False
    )
    if participant is None and not name:
        errors.append("Vui lòng chọn tập thể hoặc ghi tên cá nhân được khen thưởng.")
    if participant is not None and name:
        errors.append("Mỗi khen thưởng dành cho một tập thể hoặc một cá nhân, không cả hai.")
    if name and not position:
        errors.append(f"Vui lòng ghi chức vụ, đơn vị công tác của {name}.")
    if participant is not None and position:
        errors.append("Chức vụ chỉ ghi cho cá nhân được khen thưởng.")
    decision_ref = _text(data.get("decision_ref"), "quyết định khen thưởng", 255, errors)
    reason = _text(data.get("reason"), "thành tích", 500, errors, required=False)
    awarded_on = data.get("awarded_on")
    if not awarded_on:
        errors.append("Vui lòng nhập ngày khen thưởng.")
    elif awarded_on < movement.starts_on:
        errors.append(
            f"Ngày khen thưởng ({vnformat.short_date(awarded_on)}) trước khi phong trào bắt đầu."
        )
    if errors:
        raise MovementRefused(errors)
    return {
        "kind": kind,
        "participant": participant,
        "individual_name": name,
        "individual_position": position,
        "decision_ref": decision_ref,
        "awarded_on": awarded_on,
        "reason": reason,
    }


@transaction.atomic
def record_award(
    user, movement: Movement, data: Mapping, expected_revision: int | None = None
) -> Award:
    """An award to a participating unit (collective) or to an individual with a position."""
    fresh = _lock(user, movement, expected_revision)
    award = Award.objects.create(movement=fresh, **_clean_award(fresh, data))
    _bump(fresh)
    _record(user, fresh, f"Ghi nhận khen thưởng: {award}.")
    return award


@transaction.atomic
def remove_award(user, award: Award, expected_revision: int | None = None) -> None:
    fresh = _lock(user, award.movement, expected_revision)
    row = Award.objects.select_related("participant__unit").get(pk=award.pk, movement=fresh)
    text = str(row)
    row.delete()
    _bump(fresh)
    _record(user, fresh, f"Xóa khen thưởng: {text}.")


# -- reports -------------------------------------------------------------------------------

REPORT_HEADER_FIELDS = (
    "number",
    "place",
    "issued_on",
    "recipients",
    "signer_authority",
    "signer_position",
    "signer_name",
)
REPORT_TEXT_FIELDS = ("situation", "leadership", "results", "next_tasks")


def area_of(unit: Unit) -> str:
    """ "huyện Châu Thành" for "UBND huyện Châu Thành" (the report's "trên địa bàn …")."""
    name = unit.name
    for prefix in ("UBND ", "Ủy ban nhân dân "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def plan_reference(movement: Movement, *, in_words: bool = True) -> str:
    """ "Kế hoạch số 30/KH-UBND ngày 28 tháng 02 năm 2022 về việc phát động phong trào thi
    đua cải cách hành chính năm 2022"."""
    day = (
        vnformat.date_in_words(movement.plan_date)
        if in_words
        else f"ngày {movement.plan_date:%d/%m/%Y}"
    )
    name = movement.name
    subject = name[:1].lower() + name[1:] if name[:2] != name[:2].upper() else name
    year = "" if str(movement.year) in name else f" năm {movement.year}"
    return (
        f"Kế hoạch số {movement.plan_number} {day} về việc phát động phong trào thi đua "
        f"{subject}{year}"
    )


def _default_recipients(movement: Movement) -> str:
    organiser = movement.organiser
    lines = []
    parent = organiser.parent
    if parent is not None and parent.kind == UnitKind.PROVINCE:
        lines.append(f"Sở Nội vụ {area_of(parent)}")
    elif parent is not None:
        lines.append(parent.name)
    lines += [
        "Các cơ quan, đơn vị tham gia phong trào",
        "Lưu: VT",
    ]
    return "\n".join(lines)


def default_texts(movement: Movement, period: str) -> dict[str, str]:
    """Narrative texts a new report starts from; they cite the movement's plan."""
    area = area_of(movement.organiser)
    title = period_title(movement, period)
    plan = plan_reference(movement)
    plan_short = plan_reference(movement, in_words=False)
    return {
        "situation": (
            f"Năm {movement.year}, thực hiện {plan}, {movement.organiser.name} đã chủ động phát "
            "động phong trào thi đua gắn với thực hiện nhiệm vụ phát triển kinh tế - xã hội, "
            "quốc phòng - an ninh; kiện toàn và chỉ đạo các cụm, khối thi đua xây dựng quy chế, "
            "kế hoạch triển khai phong trào, nội dung tiêu chí chấm điểm, ký kết giao ước thi "
            "đua và đăng ký thi đua."
        ),
        "leadership": (
            f"Thực hiện {plan}; {movement.organiser.name} đã ban hành văn bản chỉ đạo, hướng dẫn "
            "các cơ quan, đơn vị triển khai thực hiện phong trào.\n"
            f"Tổ chức thực hiện {plan_short}."
        ),
        "results": (
            f"{movement.organiser.name} đã phát động phong trào thi đua {movement.name} trên địa "
            f"bàn {area} năm {movement.year}, nhằm tạo không khí thi đua sôi nổi, động viên tập "
            "thể, cá nhân phấn đấu hoàn thành các mục tiêu, nhiệm vụ cải cách hành chính, góp "
            "phần xây dựng nền hành chính hiện đại, chuyên nghiệp, hiệu lực, hiệu quả.\n"
            f"Trong {title}, công tác cải cách hành chính tiếp tục được các cơ quan, đơn vị quan "
            "tâm, chỉ đạo, tổ chức thực hiện; công tác tiếp nhận và giải quyết thủ tục hành chính "
            "được tăng cường, tinh thần trách nhiệm và thái độ phục vụ của cán bộ, công chức, "
            "viên chức ngày càng được nâng cao."
        ),
        "next_tasks": (
            "1. Tiếp tục triển khai thực hiện Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của "
            "Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục "
            "hành chính.\n"
            "2. Đẩy mạnh ứng dụng công nghệ thông tin, công khai, minh bạch hoạt động quản lý nhà "
            "nước; nâng cao tỷ lệ hồ sơ trực tuyến và hồ sơ giải quyết đúng hạn.\n"
            "3. Tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy đảng, chính quyền và các đoàn thể "
            "trong thi đua đẩy mạnh cải cách hành chính.\n"
            "4. Thủ trưởng các cơ quan, đơn vị tham gia phong trào quán triệt mục đích, yêu cầu, "
            "nội dung phong trào đến cán bộ, công chức, viên chức; căn cứ tiêu chí chấm điểm để "
            "xét khen thưởng cho tập thể, cá nhân từng giai đoạn thi đua."
        ),
    }


def new_report(movement: Movement, period: str) -> MovementReport:
    """An unsaved report with its default header and narrative."""
    if period not in PERIODS:
        raise MovementRefused("Kỳ báo cáo không hợp lệ.")
    return MovementReport(
        movement=movement,
        period=period,
        place=place_of(movement.organiser),
        recipients=_default_recipients(movement),
        signer_authority="TM. ỦY BAN NHÂN DÂN"
        if movement.organiser.name.startswith("UBND")
        else "",
        signer_position="CHỦ TỊCH" if movement.organiser.name.startswith("UBND") else "",
        **default_texts(movement, period),
    )


def report_or_new(movement: Movement, period: str) -> MovementReport:
    return movement.reports.filter(period=period).first() or new_report(movement, period)


@transaction.atomic
def save_report(
    user,
    movement: Movement,
    period: str,
    data: Mapping,
    expected_revision: int | None = None,
) -> MovementReport:
    """Save the H1 or annual report's header and narrative (created on first save).
    `expected_revision` is the report's (0 for one not saved yet)."""
    _require_writer(user, movement.organiser)
    fresh_movement = Movement.objects.select_for_update().get(pk=movement.pk)
    if period not in PERIODS:
        raise MovementRefused("Kỳ báo cáo không hợp lệ.")
    report = (
        MovementReport.objects.select_for_update()
        .filter(movement=fresh_movement, period=period)
        .first()
    )
    current = report.revision if report is not None else 0
    if expected_revision is not None and expected_revision != current:
        raise MovementConflict("Báo cáo phong trào thi đua")
    errors: list[str] = []
    cleaned = {
        "number": _text(data.get("number"), "số văn bản", 40, errors, required=False),
        "place": _text(data.get("place"), "địa danh", 100, errors, required=False),
        "issued_on": data.get("issued_on"),
        "recipients": (data.get("recipients") or "").strip(),
        "signer_authority": _text(
            data.get("signer_authority"), "thẩm quyền ký", 60, errors, required=False
        ),
        "signer_position": _text(
            data.get("signer_position"), "chức vụ người ký", 60, errors, required=False
        ),
        "signer_name": _text(data.get("signer_name"), "người ký", 150, errors, required=False),
    }
    for name in REPORT_TEXT_FIELDS:
        cleaned[name] = (data.get(name) or "").strip()
    issued_on = cleaned["issued_on"]
    if issued_on and issued_on.year not in (fresh_movement.year, fresh_movement.year + 1):
        errors.append(
            f"Ngày ký báo cáo ({vnformat.short_date(issued_on)}) không thuộc năm "
            f"{fresh_movement.year} hoặc đầu năm sau."
        )
    if errors:
        raise MovementRefused(errors)
    if report is None:
        report = MovementReport(movement=fresh_movement, period=period)
    for name, value in cleaned.items():
        setattr(report, name, value)
    report.revision = current + 1
    report.save()
    _record(
        user,
        fresh_movement,
        f"Cập nhật báo cáo kết quả phong trào {period_title(fresh_movement, period)}.",
    )
    return report
