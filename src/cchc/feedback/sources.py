"""The figures reports, the portal statistics and the 766 index read from this app: named
computed sources for `cchc.reporting.sources` (registered in `FeedbackConfig.ready`).

Every source takes the report's unit and window; `scope=self` (default) counts the unit's
own records, `scope=all` the unit and every unit below it (as the other "all" scopes).

    feedback.received[?content=&channel=]   feedback items received in the window (05a)
    feedback.handled[?timing=on_time|late&content=&channel=]   answered in the window;
                                            on time = answered on or before the due day
    feedback.in_progress[?content=&channel=]  received before the window's end and not
                                            answered by then (carried-over ones included)
    feedback.surveys                        forms collected in the window: dossier ratings
                                            (by rating time) + survey responses (by answer
                                            day) — "Số lượng phiếu khảo sát"
    feedback.satisfaction_rate[?forms=ratings|all]   percent, two decimals, half up:
                                            satisfied ÷ rated, parts {"rated", "satisfied"}.

`feedback.satisfaction_rate`, exactly: the ratings of dossiers (dossiers.md §7) whose
`rated_at` falls in the window (local days, both ends inclusive) and whose dossier was
received by the unit (or, with scope=all, a unit below it). `rated` = those ratings;
`satisfied` = those whose two satisfaction answers ("thái độ phục vụ", "kết quả giải
quyết") are both "Hài lòng" or "Rất hài lòng". With `forms=all` the survey responses of the
window that answer at least one satisfaction question are added to `rated`, and those with
no "Không hài lòng" to `satisfied`. The value is None (not 0) when nothing was rated.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from cchc.core import vnformat
from cchc.reporting.sources import Computed, SourceContext

from . import grades, queries
from .models import FeedbackChannel, FeedbackContent

SCOPE_TEXT = {"self": "của {unit}", "all": "của {unit} và các đơn vị trực thuộc"}


def _scope(params: dict[str, str]) -> str:
    scope = params.get("scope", "self")
    return scope if scope in SCOPE_TEXT else ""


def _unit_ids(context: SourceContext, scope: str) -> list[int]:
    key = ("feedback", "units", scope)
    if key not in context.cache:
        context.cache[key] = queries.subtree_ids(context.unit, scope == "all")
    return context.cache[key]


def _where(context: SourceContext, scope: str) -> str:
    return SCOPE_TEXT[scope].format(unit=context.unit.name)


def _window(context: SourceContext) -> str:
    return context.window.range_text.lower()


def _link(name: str, context: SourceContext, scope: str) -> str:
    query = {
        "don_vi": context.unit.pk,
        "ky": context.window.label,
        "co_so": str(context.window.basis),
    }
    if scope == "all":
        query["gom"] = 1
    return f"{reverse(name)}?{urlencode(query)}"


def _bad(params: dict[str, str]) -> str:
    if not _scope(params):
        return f"Không có phạm vi “{params.get('scope')}” (self, all)."
    if params.get("content", "") not in ("", *FeedbackContent.values):
        return f"Không có nội dung phản ánh “{params['content']}”."
    if params.get("channel", "") not in ("", *FeedbackChannel.values):
        return f"Không có kênh tiếp nhận “{params['channel']}”."
    return ""


def _stats(context: SourceContext, params: dict[str, str]) -> queries.FeedbackCounts:
    scope = _scope(params)
    filters = {k: params[k] for k in ("content", "channel") if params.get(k)}
    key = ("feedback", "stats", scope, tuple(sorted(filters.items())))
    if key not in context.cache:
        stats = queries.feedback_stats(_unit_ids(context, scope), context.window, **filters)
        context.cache[key] = stats.total
    return context.cache[key]


def _which(params: dict[str, str]) -> str:
    parts = []
    if params.get("content"):
        parts.append(FeedbackContent(params["content"]).label.lower())
    if params.get("channel"):
        parts.append(f"kênh {FeedbackChannel(params['channel']).label.lower()}")
    return f" ({', '.join(parts)})" if parts else ""


def _summary(counts: queries.FeedbackCounts) -> str:
    return (
        f"tiếp nhận mới {counts.received}, kỳ trước chuyển sang {counts.carried_over}; đã xử "
        f"lý {counts.handled} (đúng hạn {counts.handled_on_time}, quá hạn "
        f"{counts.handled_late}); đang xử lý {counts.in_progress} (trong hạn "
        f"{counts.in_progress_in_time}, quá hạn {counts.in_progress_overdue})"
    )


def _feedback_source(value_of, what: str):
    def source(context: SourceContext, params: dict[str, str]) -> Computed:
        problem = _bad(params)
        if problem:
            return Computed(None, problem)
        scope = _scope(params)
        counts = _stats(context, params)
        value, detail = value_of(counts, params)
        if value is None:
            return Computed(None, detail)
        return Computed(
            value,
            f"{what}{detail}{_which(params)} — phản ánh, kiến nghị {_where(context, scope)}, "
            f"{_window(context)}: {_summary(counts)}.",
            _link("feedback-stats", context, scope),
        )

    return source


def _received(counts, params):
    return counts.received, ""


def _handled(counts, params):
    timing = params.get("timing", "")
    if timing == "on_time":
        return counts.handled_on_time, " đúng hạn"
    if timing == "late":
        return counts.handled_late, " quá hạn"
    if timing:
        return None, f"Không có loại “{timing}” (on_time, late)."
    return counts.handled, ""


def _in_progress(counts, params):
    return counts.in_progress, ""


received = _feedback_source(_received, "Số phản ánh, kiến nghị tiếp nhận trong kỳ")
handled = _feedback_source(_handled, "Số phản ánh, kiến nghị đã xử lý")
in_progress = _feedback_source(_in_progress, "Số phản ánh, kiến nghị đang xử lý")


def _ratings(context: SourceContext, scope: str) -> tuple[int, int]:
    key = ("feedback", "ratings", scope)
    if key not in context.cache:
        context.cache[key] = queries.rating_counts(_unit_ids(context, scope), context.window)
    return context.cache[key]


def _responses(context: SourceContext, scope: str) -> tuple[int, int, int]:
    key = ("feedback", "responses", scope)
    if key not in context.cache:
        rows = queries.responses_in(_unit_ids(context, scope), context.window)
        context.cache[key] = queries.response_counts(rows)
    return context.cache[key]


def surveys(context: SourceContext, params: dict[str, str]) -> Computed:
    scope = _scope(params)
    if not scope:
        return Computed(None, _bad(params))
    rated, _ = _ratings(context, scope)
    responses, _, _ = _responses(context, scope)
    return Computed(
        rated + responses,
        f"Phiếu đánh giá, khảo sát {_where(context, scope)}, {_window(context)}: "
        f"{vnformat.number(rated)} phiếu đánh giá việc giải quyết hồ sơ và "
        f"{vnformat.number(responses)} phiếu khảo sát.",
        _link("rating-results", context, scope),
    )


def satisfaction_rate(context: SourceContext, params: dict[str, str]) -> Computed:
    scope = _scope(params)
    forms = params.get("forms", "ratings")
    if not scope or forms not in ("ratings", "all"):
        problem = _bad(params) or f"Không có loại phiếu “{forms}” (ratings, all)."
        return Computed(None, problem, percent=True)
    rated, satisfied = _ratings(context, scope)
    what = "phiếu đánh giá việc giải quyết hồ sơ"
    if forms == "all":
        _, survey_rated, survey_satisfied = _responses(context, scope)
        rated, satisfied = rated + survey_rated, satisfied + survey_satisfied
        what = "phiếu đánh giá hồ sơ và phiếu khảo sát có câu hỏi về mức độ hài lòng"
    value = grades.rate(satisfied, rated)
    shown = f" = {vnformat.percent(value, 2)}" if value is not None else ""
    return Computed(
        value,
        f"Tỷ lệ hài lòng = phiếu hài lòng hoặc rất hài lòng / phiếu đã đánh giá = "
        f"{vnformat.number(satisfied)}/{vnformat.number(rated)}{shown} — {what} "
        f"{_where(context, scope)}, {_window(context)}.",
        _link("rating-results", context, scope),
        percent=True,
        parts={"rated": rated, "satisfied": satisfied},
    )


SOURCES = {
    "feedback.received": received,
    "feedback.handled": handled,
    "feedback.in_progress": in_progress,
    "feedback.surveys": surveys,
    "feedback.satisfaction_rate": satisfaction_rate,
}


def register_all() -> None:
    from cchc.reporting import sources

    for name, fn in SOURCES.items():
        sources.register(name, fn)
