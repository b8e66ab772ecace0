"""Pages of the reform index: rounds, one unit's scoring sheet (self-assessment, appraisal,
explanation, survey points), evidence files, results and downloads, the responsibility
analysis with its report and remediation tasks, and a round's history.

Order of answers, as elsewhere: a round or unit result the user may not see → 404
(`queries.round_for`, `queries.participation_for`); an action without the role → 403; a
stale revision → the page again with the conflict message, 409; a refusal of the rules → the
page again with the Vietnamese message naming the criterion, 400. A refusal changes nothing;
a success redirects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from cchc.core import vnformat
from cchc.core.charts import inline_svg
from cchc.units.models import Unit, UnitKind
from cchc.units.permissions import visible_unit_ids

from . import index, queries, services
from .models import (
    AssessmentRound,
    CriteriaSet,
    Criterion,
    Evidence,
    Part,
    Participation,
    ParticipationStatus,
    RoundStatus,
    Score,
)
from .round_forms import (
    AnalysisForm,
    AppraisalForm,
    EvidenceForm,
    ExplanationForm,
    OpenRoundForm,
    OrganiserPointsForm,
    RemediationForm,
    RevisionForm,
    SelfAssessmentForm,
)
from .services import ScoringConflict, ScoringRefused

PS = ParticipationStatus
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _say(request, error) -> None:
    for text in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, text)


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# -- rounds ----------------------------------------------------------------------------------


@login_required
def round_list(request):
    rounds = queries.visible_rounds(request.user).order_by("-year", "code")
    return render(
        request,
        "scoring/rounds/list.html",
        {
            "rounds": rounds,
            "can_open": queries.organiser_units(request.user).exists(),
            "mine": queries.own_participations(request.user),
        },
    )


def _candidate_units(organisers) -> Unit.objects:
    """Units an organiser may assess: below it (a district's communes) or, for a department,
    below its parent (Sở Nội vụ assesses the province's districts)."""
    roots = Q(pk__in=[])
    for unit in organisers:
        root = unit if unit.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT) else unit.parent
        if root is not None:
            roots |= Q(path__startswith=root.path)
    return Unit.objects.filter(roots).exclude(kind=UnitKind.DEPARTMENT).order_by("path")


def _open_form(request, data=None):
    organisers = queries.organiser_units(request.user)
    visible = visible_unit_ids(request.user)
    sets = CriteriaSet.objects.filter(Q(issuer__isnull=True) | Q(issuer_id__in=visible)).order_by(
        "-year", "code"
    )
    today = timezone.localdate()
    return OpenRoundForm(
        data,
        organisers=organisers,
        sets=sets,
        units=_candidate_units(list(organisers)),
        initial={"year": today.year - 1 if today.month < 7 else today.year},
    )


@login_required
def round_open(request):
    if not queries.organiser_units(request.user).exists():
        raise PermissionDenied("Anh/chị không có quyền mở đợt đánh giá.")
    form = _open_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.open_round(
                request.user,
                code=data["code"],
                name=data["name"],
                criteria_set=data["criteria_set"],
                organiser=data["organiser"],
                units=data["units"],
                year=data["year"],
                self_due_on=data["self_due_on"],
                appraisal_due_on=data["appraisal_due_on"],
            )
        except ScoringRefused as exc:
            _say(request, exc)
        else:
            messages.success(request, f"Đã mở {round_.name}.")
            return redirect("round-detail", pk=round_.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "scoring/rounds/open.html", {"form": form}, status=status)


@login_required
def round_detail(request, pk):
    round_ = queries.round_for(request.user, pk)
    organiser = queries.can_organise(request.user, round_) or queries.can_appraise(
        request.user, round_
    )
    shown = round_.participations.select_related("unit").order_by("unit__path")
    if not organiser:
        shown = shown.filter(unit_id__in=visible_unit_ids(request.user))
    results = queries.results_of(round_, with_previous=False)
    by_pk = {r.key.pk: r for r in results.units}
    return render(
        request,
        "scoring/rounds/detail.html",
        {
            "round": round_,
            "rows": [(p, by_pk.get(p.pk)) for p in shown],
            "organiser": organiser,
            "can_publish": queries.can_organise(request.user, round_)
            and round_.status == RoundStatus.OPEN,
            "revision_form": RevisionForm(initial={"revision": round_.revision}),
            "counts": {s.label: round_.participations.filter(status=s.value).count() for s in PS},
        },
    )


@login_required
@require_POST
def round_publish(request, pk):
    round_ = queries.round_for(request.user, pk)
    form = RevisionForm(request.POST)
    try:
        services.publish(
            request.user,
            round_,
            expected_revision=form.cleaned_data["revision"] if form.is_valid() else -1,
        )
    except ScoringConflict as exc:
        messages.error(request, str(exc))
    except ScoringRefused as exc:
        _say(request, exc)
    else:
        messages.success(request, f"Đã công bố kết quả {round_.name}.")
        return redirect("round-results", pk=pk)
    return redirect("round-detail", pk=pk)


@login_required
def round_history(request, pk):
    round_ = queries.round_for(request.user, pk)
    events = round_.events.select_related("participation__unit", "actor")
    if not (
        queries.can_organise(request.user, round_) or queries.can_appraise(request.user, round_)
    ):
        events = events.filter(participation__unit_id__in=visible_unit_ids(request.user))
    return render(request, "scoring/rounds/history.html", {"round": round_, "events": events})


# -- results ---------------------------------------------------------------------------------


def _results_visible(user, round_: AssessmentRound) -> bool:
    return round_.status == RoundStatus.PUBLISHED or (
        queries.can_organise(user, round_) or queries.can_appraise(user, round_)
    )


@login_required
def round_results(request, pk):
    from . import results_documents as docs

    round_ = queries.round_for(request.user, pk)
    if not _results_visible(request.user, round_):
        return render(request, "scoring/rounds/results.html", {"round": round_, "hidden": True})
    results = queries.results_of(round_)
    charts = {
        "ranking": docs.ranking_chart(results, "svg"),
        "heatmap": docs.heatmap_chart(results, "svg"),
        "change": docs.year_over_year_chart(results, "svg"),
    }
    return render(
        request,
        "scoring/rounds/results.html",
        {
            "round": round_,
            "results": results,
            "rows": [_result_row(results, r) for r in results.units],
            # Drawn by core.charts from our own figures and names, which matplotlib escapes.
            "charts": {k: mark_safe(inline_svg(v, f"{k}-")) for k, v in charts.items() if v},
        },
    )


@dataclass
class ResultRow:
    result: index.UnitResult
    areas: list[tuple[index.NodeResult, str]]  # with a heat class
    change: str
    previous: object
    places: str = ""


def _heat(value) -> str:
    if value is None:
        return "heat-none"
    for floor, name in ((90, "heat-5"), (80, "heat-4"), (65, "heat-3"), (50, "heat-2")):
        if value >= floor:
            return name
    return "heat-1"


def _result_row(results: queries.RoundResults, result: index.UnitResult) -> ResultRow:
    change = results.change(result)
    text = "" if change is None else ("+" if change > 0 else "") + vnformat.number(change, 2)
    return ResultRow(
        result,
        [(area, _heat(area.index)) for area in result.areas],
        text,
        results.previous.get(result.key.unit_id),
        _places(results.rank_change(result)),
    )


def _places(moved: int | None) -> str:
    if moved is None:
        return ""
    if moved == 0:
        return "giữ nguyên thứ hạng"
    return f"{'tăng' if moved > 0 else 'giảm'} {abs(moved):02d} bậc"


@login_required
def round_results_download(request, pk, fmt):
    from . import results_documents as docs

    round_ = queries.round_for(request.user, pk)
    if not _results_visible(request.user, round_):
        raise PermissionDenied("Kết quả đợt đánh giá chưa được công bố.")
    results = queries.results_of(round_)
    name = f"ket-qua-chi-so-cchc-{round_.code}"
    if fmt == "json":
        response = JsonResponse(
            docs.results_json(results), json_dumps_params={"ensure_ascii": False}
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    if fmt == "xlsx":
        return _file(docs.results_xlsx(results), f"{name}.xlsx", XLSX)
    if fmt == "docx":
        return _file(docs.results_docx(results), f"{name}.docx", DOCX)
    raise Http404("Không có định dạng này.")


# -- one unit's scoring sheet ------------------------------------------------------------------


@dataclass
class SheetRow:
    criterion: Criterion
    depth: int
    result: index.NodeResult | None
    score: Score | None = None
    evidence: list[Evidence] = field(default_factory=list)
    fields: dict = field(default_factory=dict)

    @property
    def leaf(self) -> bool:
        return self.score is not None


def _nodes_by_code(result: index.UnitResult) -> dict[str, index.NodeResult]:
    found, stack = {}, list(result.areas)
    while stack:
        item = stack.pop()
        found[item.code] = item
        stack.extend(item.children)
    return found


def _sheet(participation: Participation, result: index.UnitResult, forms_by_prefix: dict):
    criteria = Criterion.objects.filter(criteria_set=participation.round.criteria_set_id).order_by(
        "sort_key"
    )
    scores = {
        s.criterion_id: s
        for s in Score.objects.filter(participation=participation).select_related("criterion")
    }
    evidence: dict[int, list[Evidence]] = {}
    for item in participation.evidence.all():
        evidence.setdefault(item.criterion_id, []).append(item)
    nodes = _nodes_by_code(result)
    rows = []
    for criterion in criteria:
        row = SheetRow(criterion, criterion.code.count("."), nodes.get(criterion.code))
        row.score = scores.get(criterion.pk)
        row.evidence = evidence.get(criterion.pk, [])
        for prefix, form in forms_by_prefix.items():
            name = f"{prefix}-{criterion.code}"
            if form is not None and name in form.fields:
                row.fields[prefix.replace("-", "_")] = form[name]
        rows.append(row)
    return rows


def _scores_of(participation: Participation) -> list[Score]:
    return list(
        Score.objects.filter(participation=participation)
        .select_related("criterion")
        .order_by("criterion__sort_key")
    )


def render_sheet(request, participation, *, bound: dict | None = None, status=200):
    """The sheet with the forms the user may use in the current state."""
    user, round_ = request.user, participation.round
    bound = bound or {}
    open_round = round_.status == RoundStatus.OPEN
    own = queries.can_self_score(user, participation) and open_round
    council = queries.can_appraise(user, round_) and open_round
    organiser = queries.can_organise(user, round_) and open_round
    scores = _scores_of(participation)
    initial = {"revision": participation.revision}

    def make(kind, cls, allowed):
        if not allowed:
            return None
        return bound.get(kind) or cls(initial=initial, scores=scores)

    forms_ = {
        "self": make(
            "self", SelfAssessmentForm, own and participation.status == PS.SELF_ASSESSMENT
        ),
        "appraisal": make(
            "appraisal",
            AppraisalForm,
            council and participation.status in (PS.SUBMITTED, PS.EXPLAINED),
        ),
        "explain": make("explain", ExplanationForm, own and participation.status == PS.APPRAISED),
        "organiser": make(
            "organiser",
            OrganiserPointsForm,
            organiser and any(s.criterion.part != Part.SELF for s in scores),
        ),
    }
    prefixes = {
        "p": forms_["self"],
        "n": forms_["self"],
        "na": forms_["self"],
        "nr": forms_["self"],
        "o": forms_["self"],
        "d": forms_["appraisal"],
        "ap": forms_["appraisal"],
        "an": forms_["appraisal"],
        "e": forms_["explain"],
        "sp": forms_["organiser"],
        "sn": forms_["organiser"],
    }
    result = queries.unit_result(participation)
    leaves = [s.criterion for s in scores]
    can_attach = own and participation.status in (PS.SELF_ASSESSMENT, PS.APPRAISED)
    return render(
        request,
        "scoring/participation/sheet.html",
        {
            "p": participation,
            "round": round_,
            "result": result,
            "rows": _sheet(participation, result, prefixes),
            "forms": forms_,
            "revision_form": RevisionForm(initial=initial),
            "evidence_form": bound.get("evidence")
            or (EvidenceForm(leaves=leaves) if can_attach else None),
            "can_attach": can_attach,
            "can_submit": own and participation.status == PS.SELF_ASSESSMENT,
            "can_send": council and participation.status == PS.SUBMITTED,
            "can_finalise": council and participation.status in (PS.APPRAISED, PS.EXPLAINED),
            "can_analyse": queries.can_self_score(user, participation)
            and participation.status == PS.FINAL,
            "organiser_view": queries.can_organise(user, round_)
            or queries.can_appraise(user, round_),
            "max_evidence_mb": services._evidence_limit() // (1024 * 1024),
        },
        status=status,
    )


@login_required
def participation_detail(request, pk):
    return render_sheet(request, queries.participation_for(request.user, pk))


def _leaf_action(request, pk, kind, form_class, allowed, call):
    """POST of one of the sheet's leaf forms: parse, call the service, answer."""
    participation = queries.participation_for(request.user, pk)
    if not allowed(request.user, participation):
        raise PermissionDenied("Anh/chị không có quyền thực hiện thao tác này.")
    form = form_class(request.POST, scores=_scores_of(participation))
    if not form.is_valid():
        return render_sheet(request, participation, bound={kind: form}, status=400)
    try:
        call(participation, form)
    except ScoringConflict as exc:
        messages.error(request, str(exc))
        fresh = queries.participation_for(request.user, pk)
        return render_sheet(request, fresh, status=409)
    except ScoringRefused as exc:
        _say(request, exc)
        return render_sheet(request, participation, bound={kind: form}, status=400)
    messages.success(request, "Đã lưu.")
    return redirect("participation-detail", pk=pk)


@login_required
@require_POST
def participation_self(request, pk):
    return _leaf_action(
        request,
        pk,
        "self",
        SelfAssessmentForm,
        queries.can_self_score,
        lambda p, f: services.save_self_assessment(
            request.user, p, f.entries(), f.cleaned_data["revision"]
        ),
    )


@login_required
@require_POST
def participation_appraise(request, pk):
    return _leaf_action(
        request,
        pk,
        "appraisal",
        AppraisalForm,
        lambda user, p: queries.can_appraise(user, p.round),
        lambda p, f: services.appraise(request.user, p, f.entries(), f.cleaned_data["revision"]),
    )


@login_required
@require_POST
def participation_explain(request, pk):
    return _leaf_action(
        request,
        pk,
        "explain",
        ExplanationForm,
        queries.can_self_score,
        lambda p, f: services.explain(
            request.user, p, f.explanations(), f.cleaned_data["revision"]
        ),
    )


@login_required
@require_POST
def participation_organiser_points(request, pk):
    return _leaf_action(
        request,
        pk,
        "organiser",
        OrganiserPointsForm,
        lambda user, p: queries.can_organise(user, p.round),
        lambda p, f: services.enter_organiser_points(
            request.user, p, f.entries(), f.cleaned_data["revision"]
        ),
    )


STEPS = {
    "submit": (
        queries.can_self_score,
        services.submit_self_assessment,
        "Đã nộp kết quả tự đánh giá cho hội đồng thẩm định.",
    ),
    "refresh": (
        queries.can_self_score,
        services.refresh_auto,
        "Đã cập nhật số liệu tự động.",
    ),
    "send": (
        lambda user, p: queries.can_appraise(user, p.round),
        services.send_appraisal,
        "Đã gửi kết quả thẩm định cho đơn vị.",
    ),
    "finalise": (
        lambda user, p: queries.can_appraise(user, p.round),
        services.finalise,
        "Đã chốt kết quả của đơn vị.",
    ),
}


@login_required
@require_POST
def participation_step(request, pk, step):
    """Submit, refresh the auto figures, send the appraisal, finalise."""
    if step not in STEPS:
        raise Http404("Không có thao tác này.")
    allowed, call, done = STEPS[step]
    participation = queries.participation_for(request.user, pk)
    if not allowed(request.user, participation):
        raise PermissionDenied("Anh/chị không có quyền thực hiện thao tác này.")
    form = RevisionForm(request.POST)
    revision = form.cleaned_data["revision"] if form.is_valid() else -1
    try:
        call(request.user, participation, revision)
    except ScoringConflict as exc:
        messages.error(request, str(exc))
        return render_sheet(request, queries.participation_for(request.user, pk), status=409)
    except ScoringRefused as exc:
        _say(request, exc)
        return render_sheet(request, participation, status=400)
    messages.success(request, done)
    return redirect("participation-detail", pk=pk)


@login_required
@require_POST
def evidence_upload(request, pk):
    participation = queries.participation_for(request.user, pk)
    if not queries.can_self_score(request.user, participation):
        raise PermissionDenied("Anh/chị không có quyền tải tài liệu của đơn vị này.")
    leaves = [s.criterion for s in _scores_of(participation)]
    form = EvidenceForm(request.POST, request.FILES, leaves=leaves)
    if not form.is_valid():
        return render_sheet(request, participation, bound={"evidence": form}, status=400)
    criterion = next(c for c in leaves if c.code == form.cleaned_data["criterion"])
    try:
        services.add_evidence(request.user, participation, criterion, form.cleaned_data["file"])
    except (ScoringRefused, ValidationError) as exc:
        for text in _upload_messages(exc):
            form.add_error("file", text)
        return render_sheet(request, participation, bound={"evidence": form}, status=400)
    messages.success(request, f"Đã tải lên tài liệu kiểm chứng tiêu chí {criterion.code}.")
    return redirect("participation-detail", pk=pk)


def _upload_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [text for texts in error.message_dict.values() for text in texts]
    return list(error.messages)


@login_required
@require_POST
def evidence_remove(request, pk):
    item = Evidence.objects.select_related("participation", "criterion").filter(pk=pk).first()
    if item is None:
        raise Http404("Không tìm thấy tệp.")
    participation = queries.participation_for(request.user, item.participation_id)
    if not queries.can_self_score(request.user, participation):
        raise PermissionDenied("Anh/chị không có quyền xóa tài liệu của đơn vị này.")
    try:
        services.remove_evidence(request.user, item)
    except ScoringRefused as exc:
        _say(request, exc)
        return render_sheet(request, participation, status=400)
    messages.success(request, f"Đã xóa tệp {item.original_name}.")
    return redirect("participation-detail", pk=participation.pk)


@login_required
def evidence_download(request, pk):
    item = Evidence.objects.select_related("participation").filter(pk=pk).first()
    if item is None:
        raise Http404("Không tìm thấy tệp.")
    queries.participation_for(request.user, item.participation_id)  # 404 for others
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)
    response["Content-Type"] = item.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- responsibility analysis -------------------------------------------------------------------


def _analysis(participation: Participation):
    result = queries.unit_result(participation)
    lost = queries.lost_leaves(result)
    return result, lost


def _analysis_form(participation, report, lost, areas, data=None):
    scores = {
        s.criterion.code: s
        for s in Score.objects.filter(
            participation=participation, criterion__code__in=[leaf.code for leaf in lost]
        ).select_related("criterion")
    }
    initial = {
        "revision": report.revision,
        "number": report.number,
        "place": report.place,
        "issued_on": report.issued_on,
        "legal_basis": report.legal_basis,
        "organisation": report.organisation,
        "remediation_due_on": report.remediation_due_on,
        "recipients": report.recipients,
        "signer_authority": report.signer_authority,
        "signer_position": report.signer_position,
        "signer_name": report.signer_name,
    }
    for code, score in scores.items():
        initial[f"r-{code}"] = score.loss_reason
        initial[f"t-{code}"] = score.responsible
    for code in areas:
        saved = report.solutions.get(code, {})
        initial[f"st-{code}"] = saved.get("tasks", "")
        initial[f"sh-{code}"] = saved.get("hosts", "")
    return AnalysisForm(
        data, initial=initial, lost_codes=[leaf.code for leaf in lost], area_codes=areas
    )


def _future(day):
    return day if day and day >= timezone.localdate() else None


def _require_analyst(user, participation):
    if not queries.can_self_score(user, participation):
        raise PermissionDenied("Anh/chị không có quyền lập báo cáo phân tích của đơn vị này.")
    if participation.status != PS.FINAL:
        raise PermissionDenied("Kết quả của đơn vị chưa được chốt.")


@login_required
def participation_analysis(request, pk):
    from . import responsibility

    participation = queries.participation_for(request.user, pk)
    _require_analyst(request.user, participation)
    report = services.report_for(participation)
    result, lost = _analysis(participation)
    areas = [area.code for area in result.areas]
    form = _analysis_form(participation, report, lost, areas, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_analysis(
                    request.user,
                    participation,
                    leaves=form.leaves(),
                    solutions=form.solutions(),
                    fields=form.header(),
                    expected_revision=form.cleaned_data["revision"],
                )
            except ScoringConflict as exc:
                messages.error(request, str(exc))
                status = 409
            except ScoringRefused as exc:
                _say(request, exc)
                status = 400
            else:
                messages.success(request, "Đã lưu báo cáo phân tích.")
                return redirect("participation-analysis", pk=pk)
        else:
            status = 400
    report.refresh_from_db()
    content = responsibility.build_content(report)
    _show_defaults(form, content)
    tasks = [
        s.remediation.task
        for s in Score.objects.filter(participation=participation, remediation__isnull=False)
        .select_related("remediation__task__owner_office", "remediation__task__plan", "criterion")
        .order_by("criterion__sort_key")
    ]
    return render(
        request,
        "scoring/participation/analysis.html",
        {
            "p": participation,
            "round": participation.round,
            "result": result,
            "lost": lost,
            "form": form,
            "preview": responsibility.render_html(content),
            "remediation_form": RemediationForm(initial={"due_on": report.remediation_due_on}),
            "tasks": tasks,
            "missing_tasks": len(lost) - len(tasks),
        },
        status=status,
    )


def _show_defaults(form: AnalysisForm, content) -> None:
    """An empty field shows, greyed, what the report prints in its place."""
    defaults = {}
    for finding in content.findings:
        defaults[f"r-{finding.code}"] = finding.reason
        defaults[f"t-{finding.code}"] = finding.responsible
    for solution in content.solutions:
        defaults[f"st-{solution.area}"] = solution.tasks if solution.tasks_default else ""
        defaults[f"sh-{solution.area}"] = solution.hosts if solution.hosts_default else ""
    for name, text in defaults.items():
        if name in form.fields and text:
            form.fields[name].widget.attrs["placeholder"] = text


@login_required
def participation_analysis_docx(request, pk):
    from . import responsibility

    participation = queries.participation_for(request.user, pk)
    _require_analyst(request.user, participation)
    content = responsibility.build_content(services.report_for(participation))
    name = f"bao-cao-phan-tich-chi-so-cchc-{participation.round.year}-{participation.unit.code}"
    return _file(responsibility.render_docx(content), f"{name}.docx", DOCX)


@login_required
@require_POST
def participation_remediate(request, pk):
    participation = queries.participation_for(request.user, pk)
    _require_analyst(request.user, participation)
    form = RemediationForm(request.POST)
    if not form.is_valid():
        _say(request, ValidationError(list(form.errors.get("due_on", ["Ngày không hợp lệ."]))))
        return redirect("participation-analysis", pk=pk)
    try:
        created = services.create_remediation_tasks(
            request.user, participation, form.cleaned_data["due_on"]
        )
    except ScoringRefused as exc:
        _say(request, exc)
        return redirect("participation-analysis", pk=pk)
    if created:
        messages.success(
            request,
            f"Đã tạo {len(created)} nhiệm vụ khắc phục trong {created[0].plan}.",
        )
    else:
        messages.success(request, "Mọi tiêu chí bị mất điểm đều đã có nhiệm vụ khắc phục.")
    return redirect("participation-analysis", pk=pk)
