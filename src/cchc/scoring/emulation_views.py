"""Pages of emulation movements: the list, launching and editing a movement, the movement
page (plan, participants by cluster, criteria, results with ranks, awards, reports), the
participants, criteria, points, awards and the report editor with preview and DOCX.

Order of answers, as on the report pages: a movement the user can see neither through its
organiser nor through a participant → 404 (`emulation_queries.movement_for`); an object of
another movement or another participant's scores → 404; a page or action without a writer
role on the organiser → 403 (checked here before anything is parsed, and again by the
services); a stale revision → the page again with the conflict message, 409; input the
forms or services refuse → the page again with the message, 400. A refusal changes nothing;
a success redirects.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cchc.reporting import figures
from cchc.units.models import Unit
from cchc.units.permissions import visible_unit_ids

from . import emulation_documents as documents
from . import emulation_queries as queries
from . import emulation_services as services
from .emulation_forms import (
    AwardForm,
    CriterionForm,
    MovementForm,
    ParticipantForm,
    ReportForm,
    RevisionForm,
    ScoresForm,
)
from .models import Award, MovementCriterion, MovementParticipant, MovementScore

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
READ_ONLY = "Anh/chị không có quyền cập nhật phong trào thi đua của {unit}."
ORGANISER_ONLY = "Chỉ cán bộ của {unit} xem được báo cáo của phong trào."


def _refused(request, error) -> None:
    for text in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, text)


def _require_manager(request, movement) -> None:
    if not queries.can_manage(request.user, movement):
        raise PermissionDenied(READ_ONLY.format(unit=movement.organiser.name))


def _posted_revision(request) -> int:
    form = RevisionForm(request.POST)
    return form.cleaned_data["revision"] if form.is_valid() else -1


def _period(slug: str) -> str:
    period = queries.PERIOD_SLUGS.get(slug)
    if period is None:
        raise Http404("Không có kỳ báo cáo này.")
    return period


# -- list, launch, edit ----------------------------------------------------------------------


@login_required
def movement_list(request):
    movements = queries.visible_movements(request.user).order_by("-year", "organiser__path", "name")
    return render(
        request,
        "scoring/emulation/list.html",
        {
            "movements": movements[:300],
            "can_create": queries.writer_units(request.user).exists(),
        },
    )


@login_required
def movement_create(request):
    units = list(queries.writer_units(request.user))
    if not units:
        raise PermissionDenied("Anh/chị không có quyền phát động phong trào thi đua.")
    if request.method != "POST":
        return _form_page(request, MovementForm(units=units), None)
    form = MovementForm(request.POST, units=units)
    if not form.is_valid():
        return _form_page(request, form, None, status=400)
    organiser = Unit.objects.filter(
        pk=form.cleaned_data["organiser"], id__in=visible_unit_ids(request.user)
    ).first()
    if organiser is None:
        raise Http404("Không tìm thấy đơn vị.")
    if organiser.pk not in {u.pk for u in units}:
        raise PermissionDenied(
            "Anh/chị không có quyền phát động phong trào thi đua của đơn vị này."
        )
    try:
        movement = services.create_movement(request.user, organiser, form.movement_data())
    except services.MovementRefused as exc:
        _refused(request, exc)
        return _form_page(request, form, None, status=400)
    messages.success(request, "Đã phát động phong trào thi đua.")
    return redirect("movement-detail", pk=movement.pk)


def _form_page(request, form, movement, status=200):
    return render(
        request,
        "scoring/emulation/form.html",
        {"form": form, "movement": movement},
        status=status,
    )


@login_required
def movement_edit(request, pk):
    movement = queries.movement_for(request.user, pk)
    _require_manager(request, movement)
    if request.method != "POST":
        return _form_page(request, MovementForm(movement=movement), movement)
    form = MovementForm(request.POST, movement=movement)
    if not form.is_valid():
        return _form_page(request, form, movement, status=400)
    try:
        services.update_movement(
            request.user, movement, form.movement_data(), form.cleaned_data["revision"]
        )
    except services.MovementConflict as exc:
        messages.error(request, str(exc))
        fresh = queries.movement_for(request.user, pk)
        return _form_page(request, MovementForm(movement=fresh), fresh, status=409)
    except services.MovementRefused as exc:
        _refused(request, exc)
        return _form_page(request, form, movement, status=400)
    messages.success(request, "Đã lưu thông tin phong trào.")
    return redirect("movement-detail", pk=pk)


# -- the movement page ---------------------------------------------------------------------


@login_required
def movement_detail(request, pk):
    movement = queries.movement_for(request.user, pk)
    organiser_view = queries.sees_organiser(request.user, movement)
    results = queries.results_for(request.user, movement)
    participants = list(movement.participants.select_related("unit"))
    clusters: dict[str, list] = {}
    for participant in participants:
        clusters.setdefault(participant.cluster, []).append(participant)
    return render(
        request,
        "scoring/emulation/detail.html",
        {
            "movement": movement,
            "can_manage": queries.can_manage(request.user, movement),
            "organiser_view": organiser_view,
            "published": queries.ranking_published(movement),
            "clusters": sorted(clusters.items(), key=lambda item: (item[0] == "", item[0])),
            "participant_count": len(participants),
            "criteria": [
                (c, queries.KIND_LABELS[queries.criterion_kind(c.source)])
                for c in movement.criteria.all()
            ],
            "results": results,
            "awards": queries.awards_of(movement) if organiser_view else [],
            "reports": [
                (slug, queries.period_title(movement, period), queries.report_of(movement, period))
                for slug, period in queries.PERIOD_SLUGS.items()
            ]
            if organiser_view
            else [],
            "history": queries.history_of(movement) if organiser_view else [],
        },
    )


@login_required
def participant_detail(request, pk, participant):
    """One unit's points per criterion with their provenance (its staff, the organiser's)."""
    movement = queries.movement_for(request.user, pk)
    found = queries.participant_for(request.user, movement, participant)
    results = queries.results_for(request.user, movement)
    return render(
        request,
        "scoring/emulation/participant.html",
        {
            "movement": movement,
            "participant": found,
            "row": results.row_of(found),
            "results": results,
        },
    )


# -- participants ------------------------------------------------------------------------------


def _participants_page(request, movement, *, add_form=None, edit_forms=None, status=200):
    participants = list(movement.participants.select_related("unit"))
    taken = {p.unit_id for p in participants}
    units = [u for u in services.eligible_units(movement) if u.pk not in taken]
    edit_forms = edit_forms or {}
    rows = [
        (
            p,
            edit_forms.get(p.pk)
            or ParticipantForm(participant=p, revision=movement.revision, prefix=f"p{p.pk}"),
        )
        for p in participants
    ]
    return render(
        request,
        "scoring/emulation/participants.html",
        {
            "movement": movement,
            "rows": rows,
            "add_form": add_form or ParticipantForm(units=units, revision=movement.revision),
        },
        status=status,
    )


@login_required
def movement_participants(request, pk):
    movement = queries.movement_for(request.user, pk)
    _require_manager(request, movement)
    if request.method != "POST":
        return _participants_page(request, movement)
    units = {u.pk: u for u in services.eligible_units(movement)}
    form = ParticipantForm(request.POST, units=units.values())
    if not form.is_valid():
        return _participants_page(request, movement, add_form=form, status=400)
    unit = Unit.objects.filter(
        pk=form.cleaned_data["unit"], id__in=visible_unit_ids(request.user)
    ).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    try:
        services.add_participant(
            request.user, movement, unit, form.participant_data(), form.cleaned_data["revision"]
        )
    except services.MovementConflict as exc:
        messages.error(request, str(exc))
        return _participants_page(request, queries.movement_for(request.user, pk), status=409)
    except services.MovementRefused as exc:
        _refused(request, exc)
        return _participants_page(request, movement, add_form=form, status=400)
    messages.success(request, f"Đã thêm {unit.name} vào phong trào.")
    return redirect("movement-participants", pk=pk)


@login_required
@require_POST
def participant_edit(request, pk, participant):
    movement = queries.movement_for(request.user, pk)
    found = get_object_or_404(MovementParticipant, pk=participant, movement=movement)
    _require_manager(request, movement)
    form = ParticipantForm(request.POST, prefix=f"p{found.pk}")
    if not form.is_valid():
        return _participants_page(request, movement, edit_forms={found.pk: form}, status=400)
    try:
        services.update_participant(
            request.user, found, form.participant_data(), form.cleaned_data["revision"]
        )
    except services.MovementConflict as exc:
        messages.error(request, str(exc))
        return _participants_page(request, queries.movement_for(request.user, pk), status=409)
    except services.MovementRefused as exc:
        _refused(request, exc)
        return _participants_page(request, movement, edit_forms={found.pk: form}, status=400)
    messages.success(request, f"Đã cập nhật {found.unit.name}.")
    return redirect("movement-participants", pk=pk)


@login_required
@require_POST
def participant_remove(request, pk, participant):
    movement = queries.movement_for(request.user, pk)
    found = get_object_or_404(MovementParticipant, pk=participant, movement=movement)
    _require_manager(request, movement)
    try:
        services.remove_participant(request.user, found, _posted_revision(request))
    except services.MovementConflict as exc:
        messages.error(request, str(exc))
        return _participants_page(request, queries.movement_for(request.user, pk), status=409)
    except services.MovementRefused as exc:
        _refused(request, exc)
        return _participants_page(request, movement, status=400)
    messages.success(request, f"Đã bỏ {found.unit.name} khỏi phong trào.")
    return redirect("movement-participants", pk=pk)


# -- criteria ------------------------------------------------------------------------------


def _criteria_page(request, movement, *, form=None, editing=None, status=200):
    return render(
        request,
        "scoring/emulation/criteria.html",
        {
            "movement": movement,
            "criteria": [
                (c, queries.KIND_LABELS[queries.criterion_kind(c.source)])
                for c in movement.criteria.all()
            ],
            "form": form or CriterionForm(criterion=editing, revision=movement.revision),
            "editing": editing,
        },
        status=status,
    )


@login_required
def movement_criteria(request, pk):
    movement = queries.movement_for(request.user, pk)
    _require_manager(request, movement)
    if request.method != "POST":
        return _criteria_page(request, movement)
    form = CriterionForm(request.POST)
    if not form.is_valid():
        return _criteria_page(request, movement, form=form, status=400)
    try:
        services.add_criterion(
            request.user, movement, form.criterion_data(), form.cleaned_data["revision"]
        )
    except services.MovementConflict as exc:
        messages.error(request, str(exc))
        return _criteria_page(request, queries.movement_for(request.user, pk), status=409)
    except services.MovementRefused as exc:
        _refused(request, exc)
        return _criteria_page(request, movement, form=form, status=400)
    messages.success(request, "Đã thêm tiêu chí.")
    return redirect("movement-criteria", pk=pk)


@login_required
def criterion_edit(request, pk, criterion):
    movement = queries.movement_for(request.user, pk)
    found = get_object_or_404(MovementCriterion, pk=criterion, movement=movement)
    _require_manager(request, movement)
    if request.method != "POST":
        return _criteria_page(request, movement, editing=found)
    form = CriterionForm(request.POST)
    if not form.is_valid():
        return _criteria_page(request, movement, form=form, editing=found, status=400)
    try:
        services.update_criterion(
            request.user, found, form.criterion_data(), form.cleaned_data["revision"]
        )
    except services.MovementConflict as exc:
        messages.error(request, str(exc))
        fresh = queries.movement_for(request.user, pk)
        return _criteria_page(request, fresh, editing=found, status=409)
    except services.MovementRefused as exc:
        _refused(request, exc)
        return _criteria_page(request, movement, form=form, editing=found, status=400)
    messages.success(request, "Đã lưu tiêu chí.")
    return redirect("movement-criteria", pk=pk)


@login_required
@require_POST
def criterion_remove(request, pk, criterion):
    movement = queries.movement_for(request.user, pk)
    found = get_object_or_404(MovementCriterion, pk=criterion, movement=movement)
    _require_manager(request, movement)
    try:
        services.remove_criterion(request.user, found, _posted_revision(request))
    except services.MovementConflict as exc:
        messages.error(request, str(exc))
        return _criteria_page(request, queries.movement_for(request.user, pk), status=409)
    messages.success(request, f"Đã xóa tiêu chí {found.code}.")
    return redirect("movement-criteria", pk=pk)


# -- points --------------------------------------------------------------------------------


def _scores_form(movement, data=None):
    participants = list(movement.participants.select_related("unit"))
    manual = [c for c in movement.criteria.all() if not c.source]
    scores = {
        (s.participant_id, s.criterion_id): s
        for s in MovementScore.objects.filter(participant__movement=movement)
    }
    form = ScoresForm(
        data,
        participants=participants,
        criteria=manual,
        scores=scores,
        revision=movement.revision,
    )
    return form, participants, manual


def _scores_page(request, movement, *, data=None, status=200):
    form, participants, manual = _scores_form(movement, data)
    if data is not None:
        form.is_valid()  # show what was typed with its errors
    grid = [
        (
            participant,
            [
                (form[f"diem-{participant.pk}-{c.pk}"], form[f"ghichu-{participant.pk}-{c.pk}"])
                for c in manual
            ],
        )
        for participant in participants
    ]
    return render(
        request,
        "scoring/emulation/scores.html",
        {"movement": movement, "form": form, "criteria": manual, "grid": grid},
        status=status,
    )


@login_required
def movement_scores(request, pk):
    movement = queries.movement_for(request.user, pk)
    _require_manager(request, movement)
    if request.method != "POST":
        return _scores_page(request, movement)
    form, _, _ = _scores_form(movement, request.POST)
    if not form.is_valid():
        return _scores_page(request, movement, data=request.POST, status=400)
    try:
        changed = services.enter_points(
            request.user, movement, form.entries(), form.cleaned_data["revision"]
        )
    except services.MovementConflict as exc:
        messages.error(request, str(exc))
        return _scores_page(request, queries.movement_for(request.user, pk), status=409)
    except services.MovementRefused as exc:
        _refused(request, exc)
        return _scores_page(request, movement, data=request.POST, status=400)
    messages.success(request, f"Đã lưu điểm ({changed} thay đổi).")
    return redirect("movement-detail", pk=pk)


# -- awards --------------------------------------------------------------------------------


def _awards_page(request, movement, *, form=None, status=200):
    participants = list(movement.participants.select_related("unit"))
    return render(
        request,
        "scoring/emulation/awards.html",
        {
            "movement": movement,
            "awards": queries.awards_of(movement),
            "form": form or AwardForm(participants=participants, revision=movement.revision),
        },
        status=status,
    )


@login_required
def movement_awards(request, pk):
    movement = queries.movement_for(request.user, pk)
    _require_manager(request, movement)
    if request.method != "POST":
        return _awards_page(request, movement)
    participants = list(movement.participants.select_related("unit"))
    form = AwardForm(request.POST, participants=participants)
    if not form.is_valid():
        return _awards_page(request, movement, form=form, status=400)
    try:
        services.record_award(
            request.user, movement, form.award_data(), form.cleaned_data["revision"]
        )
    except services.MovementConflict as exc:
        messages.error(request, str(exc))
        return _awards_page(request, queries.movement_for(request.user, pk), status=409)
    except services.MovementRefused as exc:
        _refused(request, exc)
        return _awards_page(request, movement, form=form, status=400)
    messages.success(request, "Đã ghi nhận khen thưởng.")
    return redirect("movement-awards", pk=pk)


@login_required
@require_POST
def award_remove(request, pk, award):
    movement = queries.movement_for(request.user, pk)
    found = get_object_or_404(Award, pk=award, movement=movement)
    _require_manager(request, movement)
    try:
        services.remove_award(request.user, found, _posted_revision(request))
    except services.MovementConflict as exc:
        messages.error(request, str(exc))
        return _awards_page(request, queries.movement_for(request.user, pk), status=409)
    messages.success(request, "Đã xóa khen thưởng.")
    return redirect("movement-awards", pk=pk)


# -- reports -------------------------------------------------------------------------------


def _require_organiser_view(request, movement) -> None:
    if not queries.sees_organiser(request.user, movement):
        raise PermissionDenied(ORGANISER_ONLY.format(unit=movement.organiser.name))


def _report_page(request, movement, period, *, form=None, status=200):
    report = services.report_or_new(movement, period)
    return render(
        request,
        "scoring/emulation/report.html",
        {
            "movement": movement,
            "report": report,
            "slug": queries.SLUG_OF_PERIOD[period],
            "title": queries.period_title(movement, period),
            "window": queries.report_window(movement, period),
            "form": form or ReportForm(report=report),
        },
        status=status,
    )


@login_required
def movement_report(request, pk, period):
    movement = queries.movement_for(request.user, pk)
    period = _period(period)
    _require_manager(request, movement)
    if request.method != "POST":
        return _report_page(request, movement, period)
    form = ReportForm(request.POST, report=services.report_or_new(movement, period))
    if not form.is_valid():
        return _report_page(request, movement, period, form=form, status=400)
    try:
        services.save_report(
            request.user, movement, period, form.report_data(), form.cleaned_data["revision"]
        )
    except services.MovementConflict as exc:
        messages.error(request, str(exc))
        return _report_page(request, movement, period, status=409)
    except services.MovementRefused as exc:
        _refused(request, exc)
        return _report_page(request, movement, period, form=form, status=400)
    messages.success(request, "Đã lưu báo cáo.")
    return redirect("movement-report", pk=pk, period=queries.SLUG_OF_PERIOD[period])


def _content_error(error) -> list[str]:
    found = [v.message for v in getattr(error, "violations", [])] or [str(error)]
    return ["Số liệu không khớp, chưa thể lập báo cáo: " + " ".join(found)]


@login_required
def report_preview(request, pk, period):
    movement = queries.movement_for(request.user, pk)
    period = _period(period)
    _require_organiser_view(request, movement)
    errors, html = [], ""
    try:
        html = documents.render_html(documents.build(movement, period))
    except figures.IdentityError as exc:
        errors = _content_error(exc)
    return render(
        request,
        "scoring/emulation/preview.html",
        {
            "movement": movement,
            "slug": queries.SLUG_OF_PERIOD[period],
            "title": queries.period_title(movement, period),
            "document": html,  # rendered from the escaped template of emulation_documents
            "content_errors": errors,
            "can_manage": queries.can_manage(request.user, movement),
        },
        status=400 if errors else 200,
    )


@login_required
def report_download(request, pk, period):
    movement = queries.movement_for(request.user, pk)
    period = _period(period)
    _require_organiser_view(request, movement)
    try:
        doc = documents.build(movement, period)
    except figures.IdentityError as exc:
        for text in _content_error(exc):
            messages.error(request, text)
        return redirect("movement-report-preview", pk=pk, period=queries.SLUG_OF_PERIOD[period])
    response = HttpResponse(documents.render_docx(doc), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{doc.filename}"'
    return response
