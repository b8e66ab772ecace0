"""Reads of the feedback app, always scoped to the units the user may see
(`units.permissions`): rating results per unit and officer, survey results, the feedback
inbox and its statistics (appendix 05a).

Order of answers for one record or unit: not visible at all → 404; visible only through a
role that does not read this → 403. Every figure is counted in the database, one
aggregating query per table (conditional counts); nothing loops over rows to count.

Counting rules (the same for the pages, the API and the report sources):
- Ratings belong to the dossier's receiving unit and to the window holding their `rated_at`
  (local days). A rating is *satisfied* when both satisfaction answers are "Hài lòng" or
  "Rất hài lòng"; the rate is satisfied ÷ rated (`grades.rate`).
- Survey responses belong to their campaign's unit and to the window holding their
  `answered_on`; a response is rated when it answers at least one satisfaction question and
  satisfied when none of those answers is "Không hài lòng".
- Feedback items in a window [S, E): *received* if received in it; *carried over* if
  received before S and not answered before S; *handled* if answered in it — on time when
  answered on or before the due day, late otherwise; *in progress* if received before E and
  not answered before E — in time when due on or after the window's last day, overdue
  otherwise. Hence received + carried over = handled + in progress.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from cchc.dossiers.models import Dossier, Status
from cchc.reporting.counting import LocalDate, local_zone
from cchc.reporting.periods import Window
from cchc.units.models import Unit, User
from cchc.units.permissions import chosen_unit, visible_unit_ids

from . import grades
from .models import (
    SCORE_FIELDS,
    Feedback,
    FeedbackChannel,
    FeedbackContent,
    FeedbackStatus,
    GradeBand,
    QuestionKind,
    Rating,
    Satisfaction,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from .services import (
    DESK_ROLES,
    INTAKE_ROLES,
    MANAGER_ROLES,
    OFFICE_ROLES,
    RESULT_ROLES,
    SURVEY_RECORDERS,
    office_ids,
)

NO_ROLE = "Anh/chị không có vai trò xem đánh giá, khảo sát, phản ánh kiến nghị."


# -- units ----------------------------------------------------------------------------------


def units_with(user, roles) -> QuerySet[Unit]:
    return Unit.objects.filter(id__in=visible_unit_ids(user, tuple(roles))).order_by("path")


def require_any(user, roles) -> frozenset[int]:
    ids = visible_unit_ids(user, tuple(roles))
    if not ids:
        raise PermissionDenied(NO_ROLE)
    return ids


def unit_for(user, raw, roles=RESULT_ROLES) -> Unit:
    """A unit chosen on a page (`units.permissions.chosen_unit`): 404 unseen, 403 no role."""
    return chosen_unit(user, raw, roles, "Anh/chị không có quyền xem nội dung này tại đơn vị này.")


def subtree_ids(unit: Unit, include_children: bool) -> list[int]:
    if not include_children:
        return [unit.pk]
    return list(Unit.objects.filter(path__startswith=unit.path).values_list("id", flat=True))


def window_bounds(win: Window) -> tuple[datetime, datetime]:
    zone = local_zone()
    start = datetime.combine(win.start, time(0), tzinfo=zone)
    return start, datetime.combine(win.end + timedelta(days=1), time(0), tzinfo=zone)


def bands() -> tuple[grades.Band, ...]:
    """The grade bands in force (the table; the defaults while it is empty)."""
    rows = [grades.Band(b.label, b.minimum) for b in GradeBand.objects.all()]
    return grades.ordered(rows) if rows else grades.DEFAULT_BANDS


# -- ratings --------------------------------------------------------------------------------

GROUPS = {
    "unit": ("unit_id", "Đơn vị"),
    "received_by": ("received_by_id", "Công chức tiếp nhận hồ sơ"),
    "returned_by": ("returned_by_id", "Công chức trả kết quả"),
}
SATISFIED = Q(staff_satisfaction__gte=1, result_satisfaction__gte=1)


@dataclass(frozen=True)
class RatingLine:
    key: int | None
    label: str
    forms: int
    score_sum: int
    satisfied: int
    very_satisfied: int
    indicator_sums: tuple[int, ...]
    band_set: tuple[grades.Band, ...] = grades.DEFAULT_BANDS

    @property
    def average(self) -> Decimal | None:
        return grades.average(self.score_sum, self.forms)

    @property
    def grade(self) -> str:
        return grades.grade(self.average, self.band_set)

    @property
    def satisfied_rate(self) -> Decimal | None:
        return grades.rate(self.satisfied, self.forms)

    @property
    def indicator_averages(self) -> tuple[Decimal | None, ...]:
        return tuple(grades.average(s, self.forms) for s in self.indicator_sums)


@dataclass(frozen=True)
class RatingResults:
    window: Window
    by: str
    lines: tuple[RatingLine, ...]
    total: RatingLine

    @property
    def by_label(self) -> str:
        return GROUPS[self.by][1]


def ratings_in(unit_ids, win: Window) -> QuerySet[Rating]:
    start, end = window_bounds(win)
    rows = Rating.objects.filter(rated_at__gte=start, rated_at__lt=end)
    return rows.filter(unit_id__in=list(unit_ids))


def _rating_aggregates() -> dict:
    total = sum((F(name) for name in SCORE_FIELDS[1:]), F(SCORE_FIELDS[0]))
    return {
        "forms": Count("id"),
        "score_sum": Sum(total),
        "satisfied": Count("id", filter=SATISFIED),
        "very_satisfied": Count("id", filter=Q(staff_satisfaction=2, result_satisfaction=2)),
        **{f"sum_{name}": Sum(name) for name in SCORE_FIELDS},
    }


def _line(key, label, row: dict, band_set) -> RatingLine:
    return RatingLine(
        key=key,
        label=label,
        forms=row["forms"] or 0,
        score_sum=row["score_sum"] or 0,
        satisfied=row["satisfied"] or 0,
        very_satisfied=row["very_satisfied"] or 0,
        indicator_sums=tuple(row[f"sum_{name}"] or 0 for name in SCORE_FIELDS),
        band_set=band_set,
    )


def rating_results(
    unit: Unit, win: Window, *, by: str = "unit", include_children: bool = False
) -> RatingResults:
    """Ratings of the unit (and its subordinate units) in the window, one line per unit or
    per officer (who received the dossier / who returned its result) and the total: forms,
    average total, grade, satisfied, indicator averages. Two aggregating queries."""
    column, _ = GROUPS[by]
    band_set = bands()
    rows = ratings_in(subtree_ids(unit, include_children), win)
    grouped = list(rows.values(column).annotate(**_rating_aggregates()).order_by(column))
    keys = [row[column] for row in grouped]
    if by == "unit":
        names = dict(Unit.objects.filter(pk__in=keys).values_list("pk", "name"))
    else:
        names = {u.pk: str(u) for u in User.objects.filter(pk__in=[k for k in keys if k])}
    lines = [
        _line(row[column], names.get(row[column]) or "Không xác định", row, band_set)
        for row in grouped
    ]
    lines.sort(key=lambda line: (line.key is None, line.label))
    total = _line(None, "Tổng cộng", rows.aggregate(**_rating_aggregates()), band_set)
    return RatingResults(win, by, tuple(lines), total)


def rating_counts(unit_ids, win: Window) -> tuple[int, int]:
    """(rated, satisfied) ratings of the units in the window: one query."""
    row = ratings_in(unit_ids, win).aggregate(
        rated=Count("id"), satisfied=Count("id", filter=SATISFIED)
    )
    return row["rated"] or 0, row["satisfied"] or 0


def desk_dossier(user, code: str) -> Dossier:
    """A returned dossier of a unit where the user holds the one-stop desk role, by code (the
    paper form page); Http404 otherwise."""
    dossier = (
        Dossier.objects.filter(code=code, unit_id__in=visible_unit_ids(user, DESK_ROLES))
        .select_related("procedure", "unit", "unit__parent")
        .first()
    )
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier


def desk_dossier_by_pk(user, pk: int) -> Dossier:
    dossier = (
        Dossier.objects.filter(pk=pk, unit_id__in=visible_unit_ids(user))
        .select_related("procedure", "unit", "unit__parent")
        .first()
    )
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    if dossier.unit_id not in visible_unit_ids(user, DESK_ROLES):
        raise PermissionDenied("Chỉ công chức Bộ phận Một cửa của đơn vị mới nhập phiếu đánh giá.")
    return dossier


def is_rateable(dossier: Dossier) -> bool:
    return dossier.status == Status.RETURNED and not Rating.objects.filter(dossier=dossier).exists()


# -- surveys --------------------------------------------------------------------------------


def surveys(user, unit: Unit | None = None) -> QuerySet[Survey]:
    ids = visible_unit_ids(user, RESULT_ROLES)
    found = Survey.objects.filter(unit_id__in=ids).select_related("unit")
    if unit is not None:
        found = found.filter(unit=unit)
    return found.annotate(response_count=Count("responses"))


def survey_for(user, pk: int, roles=RESULT_ROLES) -> Survey:
    survey = (
        Survey.objects.select_related("unit")
        .filter(pk=pk, unit_id__in=visible_unit_ids(user))
        .first()
    )
    if survey is None:
        raise Http404("Không tìm thấy cuộc khảo sát.")
    if survey.unit_id not in visible_unit_ids(user, tuple(roles)):
        raise PermissionDenied(NO_ROLE)
    return survey


def _satisfaction_flags(responses: QuerySet[SurveyResponse]) -> QuerySet[SurveyResponse]:
    sat = SurveyAnswer.objects.filter(
        response=OuterRef("pk"), question__kind=QuestionKind.SATISFACTION
    )
    return responses.annotate(
        rated=Exists(sat), unhappy=Exists(sat.filter(choice=Satisfaction.NOT_SATISFIED))
    )


def response_counts(responses: QuerySet[SurveyResponse]) -> tuple[int, int, int]:
    """(responses, rated — answering a satisfaction question, satisfied): one grouped query."""
    total = rated = satisfied = 0
    grouped = (
        _satisfaction_flags(responses.order_by())
        .values("rated", "unhappy")
        .annotate(n=Count("id"))
        .values_list("rated", "unhappy", "n")
    )
    for is_rated, unhappy, n in grouped:
        total += n
        if is_rated:
            rated += n
            if not unhappy:
                satisfied += n
    return total, rated, satisfied


def responses_in(unit_ids, win: Window) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(
        survey__unit_id__in=list(unit_ids), answered_on__gte=win.start, answered_on__lte=win.end
    )


@dataclass(frozen=True)
class OptionCount:
    value: int
    label: str
    count: int
    share: Decimal | None


@dataclass(frozen=True)
class QuestionResult:
    order: int
    text: str
    kind: str
    answered: int
    options: tuple[OptionCount, ...] = ()
    texts: tuple[str, ...] = ()
    satisfied_rate: Decimal | None = None


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    responses: int
    online: int
    paper: int
    rated: int
    satisfied: int
    questions: tuple[QuestionResult, ...] = field(default_factory=tuple)

    @property
    def satisfied_rate(self) -> Decimal | None:
        return grades.rate(self.satisfied, self.rated)


TEXT_ANSWERS_SHOWN = 50


def survey_results(survey: Survey, start: date | None = None, end: date | None = None):
    """Counts per answer of every question, the satisfied share, optionally for the part of
    the campaign between `start` and `end` (inclusive days)."""
    responses = survey.responses.all()
    if start:
        responses = responses.filter(answered_on__gte=start)
    if end:
        responses = responses.filter(answered_on__lte=end)
    total, rated, satisfied = response_counts(responses)
    by_source = dict(responses.values("source").annotate(n=Count("id")).values_list("source", "n"))
    answers = SurveyAnswer.objects.filter(response__in=responses.values("pk"))
    counts: dict[tuple[int, int], int] = {}
    for question_id, choice, n in (
        answers.filter(choice__isnull=False)
        .values("question_id", "choice")
        .annotate(n=Count("id"))
        .values_list("question_id", "choice", "n")
    ):
        counts[(question_id, choice)] = n
    results = []
    for q in survey.questions.all():
        if q.kind == QuestionKind.TEXT:
            texts = list(
                answers.filter(question=q)
                .exclude(text="")
                .order_by("-response__answered_on", "-id")
                .values_list("text", flat=True)[:TEXT_ANSWERS_SHOWN]
            )
            n = answers.filter(question=q).exclude(text="").count()
            results.append(QuestionResult(q.order, q.text, q.kind, n, texts=tuple(texts)))
            continue
        answered = sum(counts.get((q.pk, value), 0) for value, _ in q.choices)
        options = tuple(
            OptionCount(
                value,
                label,
                counts.get((q.pk, value), 0),
                grades.rate(counts.get((q.pk, value), 0), answered),
            )
            for value, label in q.choices
        )
        happy = None
        if q.kind == QuestionKind.SATISFACTION:
            happy = grades.rate(counts.get((q.pk, 2), 0) + counts.get((q.pk, 1), 0), answered)
        results.append(QuestionResult(q.order, q.text, q.kind, answered, options, (), happy))
    return SurveyResults(
        survey,
        total,
        by_source.get("online", 0),
        by_source.get("paper", 0),
        rated,
        satisfied,
        tuple(results),
    )


# -- feedback (PAKN) ------------------------------------------------------------------------

INBOX_ROLES = (*MANAGER_ROLES, *DESK_ROLES)


def _inbox_q(user) -> Q:
    whole = visible_unit_ids(user, INBOX_ROLES)
    offices = office_ids(user)
    q = Q(unit_id__in=whole)
    if offices:
        q |= Q(office_id__in=offices, unit_id__in=visible_unit_ids(user, OFFICE_ROLES))
    return q


def require_inbox(user) -> None:
    if not visible_unit_ids(user, INBOX_ROLES) and not office_ids(user):
        raise PermissionDenied(NO_ROLE)


def inbox(
    user, *, unit: Unit | None = None, status: str = "", overdue_on: date | None = None
) -> QuerySet[Feedback]:
    """The items the user handles or reads: all items of the units where they manage or hold
    the desk; the items routed to their office for office heads and specialists."""
    found = Feedback.objects.filter(_inbox_q(user)).select_related("unit", "office", "procedure")
    if unit is not None:
        found = found.filter(unit_id__in=subtree_ids(unit, True))
    if status:
        found = found.filter(status=status)
    if overdue_on is not None:
        found = found.exclude(status=FeedbackStatus.ANSWERED).filter(due_on__lt=overdue_on)
    return found


def feedback_for(user, pk: int) -> Feedback:
    item = (
        Feedback.objects.select_related("unit", "office", "procedure", "dossier", "answered_by")
        .filter(pk=pk, unit_id__in=visible_unit_ids(user))
        .first()
    )
    if item is None:
        raise Http404("Không tìm thấy phản ánh, kiến nghị.")
    if not Feedback.objects.filter(_inbox_q(user), pk=pk).exists():
        raise PermissionDenied(NO_ROLE)
    return item


def history(item: Feedback):
    return item.events.select_related("actor", "unit", "office").order_by("at", "id")


def published_answers() -> QuerySet[Feedback]:
    """The answers published on the portal, newest first (public: no sender data is read)."""
    return (
        Feedback.objects.filter(published_at__isnull=False, status=FeedbackStatus.ANSWERED)
        .select_related("unit", "procedure")
        .only(
            "pk",
            "code",
            "subject",
            "public_question",
            "answer",
            "content",
            "received_at",
            "answered_at",
            "published_at",
            "unit__name",
            "procedure__name",
        )
        .order_by("-published_at", "-id")
    )


def follow(code: str) -> Feedback | None:
    """An item by its code, for the sender following it (public; the code is the secret)."""
    return Feedback.objects.select_related("unit").filter(code=code).first()


@dataclass(frozen=True)
class FeedbackCounts:
    received: int = 0
    carried_over: int = 0
    handled_on_time: int = 0
    handled_late: int = 0
    in_progress_in_time: int = 0
    in_progress_overdue: int = 0

    @property
    def handled(self) -> int:
        return self.handled_on_time + self.handled_late

    @property
    def in_progress(self) -> int:
        return self.in_progress_in_time + self.in_progress_overdue

    @property
    def total(self) -> int:
        return self.received + self.carried_over

    def __add__(self, other: FeedbackCounts) -> FeedbackCounts:
        return FeedbackCounts(
            *(getattr(self, f) + getattr(other, f) for f in FeedbackCounts.__dataclass_fields__)
        )


@dataclass(frozen=True)
class FeedbackStats:
    window: Window
    total: FeedbackCounts
    by_channel: tuple[tuple[str, str, FeedbackCounts], ...]
    by_content: tuple[tuple[str, str, FeedbackCounts], ...]


def counted_feedback(unit_ids, win: Window) -> QuerySet[Feedback]:
    start, end = window_bounds(win)
    return Feedback.objects.filter(unit_id__in=list(unit_ids), received_at__lt=end).filter(
        Q(answered_at__isnull=True) | Q(answered_at__gte=start)
    )


def feedback_rules(win: Window) -> dict[str, Q]:
    """One `Q` per leaf count of `FeedbackCounts`, over `counted_feedback` annotated with
    `answered_day` (see the module docstring)."""
    start, end = window_bounds(win)
    answered_in = Q(answered_at__gte=start, answered_at__lt=end)
    open_at_end = Q(answered_at__isnull=True) | Q(answered_at__gte=end)
    return {
        "received": Q(received_at__gte=start),
        "carried_over": Q(received_at__lt=start),
        "handled_on_time": answered_in & Q(answered_day__lte=F("due_on")),
        "handled_late": answered_in & Q(answered_day__gt=F("due_on")),
        "in_progress_in_time": open_at_end & Q(due_on__gte=win.end),
        "in_progress_overdue": open_at_end & Q(due_on__lt=win.end),
    }


def feedback_stats(unit_ids, win: Window, **filters) -> FeedbackStats:
    """Appendix 05a: received, carried over, handled (on time, late), in progress (in time,
    overdue), in total and by channel and by content — one grouped aggregating query."""
    rows = counted_feedback(unit_ids, win).filter(**filters)
    rows = rows.annotate(answered_day=LocalDate("answered_at", tzinfo=local_zone()))
    rules = feedback_rules(win)
    grouped = rows.values("channel", "content").annotate(
        **{name: Count("id", filter=rule) for name, rule in rules.items()}
    )
    cells = {
        (r["channel"], r["content"]): FeedbackCounts(**{k: r[k] for k in rules}) for r in grouped
    }

    def summed(predicate) -> FeedbackCounts:
        found = FeedbackCounts()
        for key, counts in cells.items():
            if predicate(key):
                found = found + counts
        return found

    by_channel = tuple(
        (c.value, c.label, summed(lambda k, c=c: k[0] == c.value)) for c in FeedbackChannel
    )
    by_content = tuple(
        (c.value, c.label, summed(lambda k, c=c: k[1] == c.value)) for c in FeedbackContent
    )
    return FeedbackStats(win, summed(lambda k: True), by_channel, by_content)


def overdue_count(user, today: date) -> int:
    """Items the user handles that are past their answer day and not answered."""
    if not getattr(user, "is_authenticated", False):
        return 0
    manage = visible_unit_ids(user, MANAGER_ROLES)
    offices = office_ids(user)
    q = Q(unit_id__in=manage)
    if offices:
        q |= Q(office_id__in=offices)
    if not manage and not offices:
        return 0
    return (
        Feedback.objects.filter(q, due_on__lt=today).exclude(status=FeedbackStatus.ANSWERED).count()
    )


def intake_units(user) -> QuerySet[Unit]:
    return units_with(user, INTAKE_ROLES)


def recorder_units(user) -> QuerySet[Unit]:
    return units_with(user, SURVEY_RECORDERS)
