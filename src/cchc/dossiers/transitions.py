"""THE transition table of a dossier (dossiers.md §1–2), in the manner of Signalen's
ALLOWED_STATUS_CHANGES: every allowed (from status, action) → to status, with its reason.

Nothing else decides whether an action is allowed: services call `check()` first. An edge
missing here is refused with a Vietnamese message and the dossier stays unchanged. A
`from` of None means the action creates the dossier.

Guards that depend on more than the status (once-only supplement and extension, the
extension deadline, supplementing online only what the desk asked for) live in `check()` too,
next to the table.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import Channel, HistoryAction, Status

A = HistoryAction
S = Status


@dataclass(frozen=True)
class Edge:
    to: int
    reason: str


TRANSITIONS: dict[tuple[int | None, str], Edge] = {
    # -- intake ---------------------------------------------------------------------------
    (None, A.SUBMIT): Edge(S.SUBMITTED, "An online application arrives, not yet checked."),
    (None, A.RECEIVE): Edge(
        S.RECEIVED, "Counter or postal intake of a complete dossier creates it accepted."
    ),
    (S.SUBMITTED, A.ACCEPT): Edge(S.RECEIVED, "The desk checked an online dossier: complete."),
    (S.SUBMITTED, A.REFUSE_INTAKE): Edge(
        S.REFUSED, "Online dossier outside the unit's competence or not eligible (Mẫu 03)."
    ),
    (S.SUBMITTED, A.INTAKE_INCOMPLETE): Edge(
        S.SUBMITTED, "Online dossier incomplete: the applicant is asked to complete it (Mẫu 02)."
    ),
    (S.SUBMITTED, A.SUPPLEMENT_ONLINE): Edge(
        S.SUBMITTED,
        "The applicant sends what the desk asked for, through the portal; the desk checks again.",
    ),
    # -- processing -----------------------------------------------------------------------
    (S.RECEIVED, A.START): Edge(
        S.PROCESSING, "The desk forwards the dossier to the competent office; processing starts."
    ),
    (S.RECEIVED, A.ASSIGN): Edge(S.RECEIVED, "The desk step is given to a named officer."),
    (S.PROCESSING, A.ASSIGN): Edge(S.PROCESSING, "Hand-over: the step gets an assignee."),
    (S.PROCESSING, A.FORWARD): Edge(S.PROCESSING, "Hand-over to the next workflow step."),
    (S.PROCESSING, A.SEND_BACK): Edge(
        S.PROCESSING, "Hand-over back one step, with a reason (e.g. appraisal to redo)."
    ),
    (S.PROCESSING, A.FORWARD_TO_UNIT): Edge(
        S.PROCESSING, "Inter-agency hand-over: the next step runs in another unit (one dossier)."
    ),
    (S.PROCESSING, A.APPROVE): Edge(S.PROCESSING, "The leader signs; hand-over to the next step."),
    (S.PROCESSING, A.EXTEND): Edge(
        S.PROCESSING,
        "Apology and new appointment (Mẫu 04): once only, at the latest one working day before due.",
    ),
    # -- pauses ---------------------------------------------------------------------------
    (S.PROCESSING, A.REQUEST_SUPPLEMENT): Edge(
        S.AWAITING_SUPPLEMENT, "Supplement request (Mẫu 02): once only; the clock is paused."
    ),
    (S.AWAITING_SUPPLEMENT, A.RECEIVE_SUPPLEMENT): Edge(
        S.PROCESSING, "Complete supplement received: due time moved by the paused working time."
    ),
    (S.PROCESSING, A.REQUEST_PAYMENT): Edge(
        S.AWAITING_PAYMENT, "Waiting for financial obligations; the clock is paused."
    ),
    (S.AWAITING_PAYMENT, A.RECORD_PAYMENT): Edge(
        S.PROCESSING, "Obligations paid: due time moved by the paused working time."
    ),
    # -- endings --------------------------------------------------------------------------
    (S.PROCESSING, A.REFUSE): Edge(S.STOPPED, "Not eligible, found during processing (Mẫu 03)."),
    (S.RECEIVED, A.WITHDRAW): Edge(S.WITHDRAWN, "The applicant withdraws before processing."),
    (S.PROCESSING, A.WITHDRAW): Edge(S.WITHDRAWN, "The applicant withdraws during processing."),
    (S.AWAITING_SUPPLEMENT, A.WITHDRAW): Edge(
        S.WITHDRAWN, "The applicant withdraws instead of supplementing."
    ),
    (S.AWAITING_PAYMENT, A.WITHDRAW): Edge(
        S.WITHDRAWN, "The applicant withdraws instead of paying."
    ),
    (S.PROCESSING, A.STOP): Edge(S.STOPPED, "Processing stopped (Mẫu 05)."),
    (S.AWAITING_SUPPLEMENT, A.STOP): Edge(
        S.STOPPED, "The supplement deadline passed without a supplement (Mẫu 05)."
    ),
    (S.AWAITING_PAYMENT, A.STOP): Edge(
        S.STOPPED, "The obligations were not paid in time (Mẫu 05)."
    ),
    (S.PROCESSING, A.RESULT_READY): Edge(S.RESOLVED, "The result is issued and sent to the desk."),
    (S.RESOLVED, A.RETURN): Edge(
        S.RETURNED, "The result is returned (desk, post or online); the dossier is closed."
    ),
}

# History-only actions: appended to the history, no status change (allowed while open).
NON_TRANSITIONS = frozenset({A.ATTACH, A.IMPORT})

# National channel codes, for exports and synchronisation with the national portal.
CHANNEL_CODES: dict[int, str] = {c.value: c.label for c in Channel}
STATUS_CODES: dict[int, str] = {s.value: s.label for s in Status}

NOTHING_TO_SUPPLEMENT = (
    "Hồ sơ không có yêu cầu bổ sung, hoàn thiện nào đang chờ; Bộ phận Một cửa đang kiểm tra "
    "hồ sơ, hoặc hồ sơ đã được tiếp nhận hay đã kết thúc."
)

# Refusal message when an action has no edge from the current status.
REFUSALS: dict[str, str] = {
    A.SUPPLEMENT_ONLINE: NOTHING_TO_SUPPLEMENT,
    A.RETURN: "Hồ sơ chưa có kết quả, không thể trả kết quả.",
    A.ACCEPT: "Chỉ tiếp nhận được hồ sơ trực tuyến mới đăng ký, chưa được kiểm tra.",
    A.REFUSE_INTAKE: "Chỉ từ chối tiếp nhận được hồ sơ trực tuyến mới đăng ký, chưa được kiểm tra.",
    A.RECEIVE_SUPPLEMENT: "Hồ sơ không ở trạng thái chờ bổ sung nên không thể nhận hồ sơ bổ sung.",
    A.RECORD_PAYMENT: "Hồ sơ không ở trạng thái chờ thực hiện nghĩa vụ tài chính.",
    A.RESULT_READY: "Chỉ hồ sơ đang xử lý mới có thể chuyển sang đã có kết quả.",
    A.EXTEND: "Chỉ gia hạn được hồ sơ đang xử lý.",
    A.WITHDRAW: "Hồ sơ đã có kết quả hoặc đã kết thúc nên không thể rút.",
    A.STOP: "Hồ sơ đã có kết quả hoặc đã kết thúc nên không thể dừng giải quyết.",
}

SECOND_SUPPLEMENT = "Hồ sơ đã yêu cầu bổ sung một lần; không được yêu cầu lần thứ hai."
SECOND_EXTENSION = "Hồ sơ đã được gia hạn một lần; không được gia hạn lần thứ hai."
EXTENSION_TOO_LATE = "Chỉ được gia hạn chậm nhất 01 ngày làm việc trước hạn trả kết quả."


class TransitionRefused(ValidationError):
    """An action not allowed on the dossier in its current state (Vietnamese message)."""

    def __init__(self, message: str, action: str = "", status: int | None = None):
        super().__init__(message, code="transition_refused")
        self.action = action
        self.status = status

    def __str__(self) -> str:
        return self.messages[0]


def target(status: int | None, action: str) -> int | None:
    """The status `action` leads to from `status`, or None when the table has no such edge."""
    edge = TRANSITIONS.get((status, action))
    return edge.to if edge else None


def allowed_actions(dossier) -> list[str]:
    """The actions the table allows from the dossier's status (for pages: which buttons)."""
    return [action for (status, action) in TRANSITIONS if status == dossier.status]


def supplement_pending(actions) -> bool:
    """Has the desk asked for an online dossier to be supplemented (Mẫu 02) since the
    applicant last supplemented it? `actions`: the dossier's history actions, oldest first."""
    last = None
    for action in actions:
        if action in (A.INTAKE_INCOMPLETE, A.SUPPLEMENT_ONLINE):
            last = action
    return last == A.INTAKE_INCOMPLETE


def awaiting_online_supplement(dossier) -> bool:
    """An online dossier (status 1) the applicant may supplement now (`supplement_pending`)."""
    if dossier.status != S.SUBMITTED:
        return False
    actions = dossier.history.filter(
        action__in=(A.INTAKE_INCOMPLETE, A.SUPPLEMENT_ONLINE)
    ).order_by("at", "id")
    return supplement_pending(actions.values_list("action", flat=True))


def check(dossier, action: str, at: datetime | None = None) -> int:
    """Return the status `action` leads to, or raise TransitionRefused (nothing changes)."""
    status = dossier.status if dossier is not None and dossier.pk else None
    edge = TRANSITIONS.get((status, action))
    if edge is None:
        label = Status(status).label if status else "chưa có"
        message = REFUSALS.get(
            action,
            f"Không thể thực hiện thao tác «{HistoryAction(action).label.lower()}» "
            f"khi hồ sơ đang ở trạng thái «{label}».",
        )
        raise TransitionRefused(message, action, status)
    if action == A.SUPPLEMENT_ONLINE and not awaiting_online_supplement(dossier):
        raise TransitionRefused(NOTHING_TO_SUPPLEMENT, action, status)
    if action == A.REQUEST_SUPPLEMENT and dossier.supplement_used:
        raise TransitionRefused(SECOND_SUPPLEMENT, action, status)
    if action == A.EXTEND:
        if dossier.extension_used:
            raise TransitionRefused(SECOND_EXTENSION, action, status)
        from cchc.workcal.services import before_due

        at = at or timezone.now()
        if dossier.due_at is None or at > before_due(dossier.due_at, "1d", dossier.unit):
            raise TransitionRefused(EXTENSION_TOO_LATE, action, status)
    return edge.to
