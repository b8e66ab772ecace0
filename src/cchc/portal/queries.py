"""Reads of the public portal: no user, so no unit scope — every read here answers one
applicant about one dossier (after the check value matched) or lists what is public
(procedures offered online, the units that receive them).

The lookup is built for speed (bench/lookup.py): plain SQL, no model instances — one indexed
statement for the dossier by its unique code or reference, with (PostgreSQL) its public
history steps as a JSON array; other databases read the steps in a second statement, only
when the check value matched. A returned dossier adds the feedback app's
rating link (signed; the feedback app is asked when the applicant follows it).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core import signing
from django.db import connection
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cchc.catalog.models import OnlineMode, Procedure, RequiredComponent
from cchc.dossiers.models import Dossier, HistoryEntry, ReturnChannel, Status
from cchc.dossiers.receiving import units_receiving
from cchc.dossiers.transitions import supplement_pending
from cchc.units.models import Unit

from . import rules
from .models import OnlineApplication

log = logging.getLogger("cchc.portal")

ONLINE_MODES = (OnlineMode.FULL, OnlineMode.PARTIAL)

# -- submission -----------------------------------------------------------------------------


def online_procedure(code: str) -> Procedure:
    """The active procedure `code` offered online (full or partial); Http404 otherwise."""
    procedure = (
        Procedure.objects.filter(code=code, active=True, online_mode__in=ONLINE_MODES)
        .select_related("sector")
        .first()
    )
    if procedure is None:
        raise Http404("Thủ tục không có hoặc chưa được cung cấp trực tuyến.")
    return procedure


def required_components(procedure: Procedure, day=None) -> list[RequiredComponent]:
    """The components list of the version in force today: one upload field each."""
    version = procedure.version_on(day or timezone.localdate())
    if version is None:
        return []
    return list(version.components.order_by("order"))


def receiving_units(procedure: Procedure, day=None) -> list[Unit]:
    """Units that take in the procedure (`dossiers.receiving`), by name."""
    return units_receiving(procedure.level, day or timezone.localdate())


# -- lookup ---------------------------------------------------------------------------------


def _dossier_sql(where: str, steps: str = "") -> str:
    """The dossier by its unique code or reference; the names by scalar subqueries (cheaper to
    plan than joins); on PostgreSQL also its public steps as one JSON array. Plain SQL: no ORM
    compilation on the public hot path."""
    d, p, u = Dossier._meta.db_table, Procedure._meta.db_table, Unit._meta.db_table
    a = OnlineApplication._meta.db_table
    return (
        "SELECT d.id, d.code, d.status, d.applicant_name, d.applicant_phone,"
        " d.applicant_id_number, d.submitted_at, d.received_at, d.due_at, d.extension_used,"
        " d.supplement_deadline, d.return_channel, d.end_reason, d.revision,"
        f" (SELECT p.name FROM {p} p WHERE p.id = d.procedure_id),"
        f" (SELECT u.name FROM {u} u WHERE u.id = d.unit_id),"
        f" (SELECT a.reference FROM {a} a WHERE a.dossier_id = d.id){steps}"
        f" FROM {d} d WHERE {where}"
    )


_PUBLIC_ACTIONS_SQL = ", ".join(f"'{action}'" for action in rules.PUBLIC_ACTIONS)
_HISTORY = HistoryEntry._meta.db_table
# PostgreSQL: the public steps in the same statement (one round trip per lookup).
_STEPS_JSON = (
    ", (SELECT json_agg(json_build_array(h.action, h.at, h.note) ORDER BY h.at, h.id)"
    f" FROM {_HISTORY} h WHERE h.dossier_id = d.id AND h.action IN ({_PUBLIC_ACTIONS_SQL}))"
)
_CODE = "d.code IN (%s, %s)"
_REFERENCE = (
    f"d.id = (SELECT a.dossier_id FROM {OnlineApplication._meta.db_table} a WHERE a.reference = %s)"
)
BY_CODE = {"postgresql": _dossier_sql(_CODE, _STEPS_JSON), "other": _dossier_sql(_CODE)}
BY_REFERENCE = {
    "postgresql": _dossier_sql(_REFERENCE, _STEPS_JSON),
    "other": _dossier_sql(_REFERENCE),
}
# Other databases: the public steps in a second statement, once the check value matched.
PUBLIC_STEPS = (
    f"SELECT action, at, note FROM {_HISTORY} WHERE dossier_id = %s"
    f" AND action IN ({_PUBLIC_ACTIONS_SQL}) ORDER BY at, id"
)
# Compared against when no dossier was found: the same work as for a wrong check value.
_NOBODY = (None, "", 0, "", "0000000000", "000000000000")
ROW_LENGTH = 17  # the dossier's columns; on PostgreSQL its steps follow


def _moment(value):
    """A timestamp as the ORM would give it (SQLite hands back text, PostgreSQL aware times)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def when(moment: datetime | None) -> str:
    """ "09:00, ngày 05/03/2026" in local time ("" for none): formatted once here, which is
    cheaper than the template's date filters on the hot path."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%H:%M}, ngày {local:%d/%m/%Y}"


@dataclass
class Step:
    when: str
    words: str


@dataclass
class Todo:
    """What the applicant must do now."""

    title: str
    items: list[str] = field(default_factory=list)
    deadline: str = ""
    text: str = ""


@dataclass
class Answer:
    """Everything the public lookup page shows about one dossier (no personal data but the
    applicant's initials)."""

    code: str | None
    reference: str | None
    procedure: str
    unit: str
    status: int
    status_words: str
    initials: str
    submitted: str
    received: str
    appointment: str
    extended: bool
    return_channel: str
    timeline: list[Step]
    todo: Todo | None
    rating_url: str | None = None
    end_reason: str = ""
    supplement_token: str = ""  # the online supplement form's (`supplement_target`)


def find(key_text: str, check_value: str) -> Answer | None:
    """The answer for a dossier code (or reference) and a check value, or None.

    None alike for an unknown key and a wrong check value: one query either way, and the check
    value is compared (in constant time) against a stand-in when no dossier was found."""
    parsed = rules.parse_key(key_text)
    row = None
    flavour = "postgresql" if connection.vendor == "postgresql" else "other"
    with connection.cursor() as cursor:
        if parsed is not None:
            kind, key = parsed
            if kind == "reference":
                cursor.execute(BY_REFERENCE[flavour], [key])
            else:
                cursor.execute(BY_CODE[flavour], [key, key.upper()])
            row = cursor.fetchone()
        person = row or _NOBODY
        matches = rules.check_value_matches(check_value, person[4], person[5])
        if row is None or not matches:
            return None
        if flavour == "postgresql":
            steps = row[ROW_LENGTH]
            steps = json.loads(steps) if isinstance(steps, str) else steps or []
        else:
            cursor.execute(PUBLIC_STEPS, [row[0]])
            steps = cursor.fetchall()
    return _answer(row[:ROW_LENGTH], steps)


def _answer(row, steps) -> Answer:
    (pk, code, status, name, _phone, _id_number, submitted, received, due, extended,
     deadline, return_channel, end_reason, revision, procedure, unit, reference) = row  # fmt: skip
    history = [(action, _moment(at), note) for action, at, note in steps]
    incomplete = status == Status.SUBMITTED and supplement_pending(a for a, *_ in history)
    answer = Answer(
        code=code,
        reference=reference,
        procedure=procedure,
        unit=unit,
        status=status,
        status_words=rules.INCOMPLETE_WORDS if incomplete else rules.STATUS_WORDS.get(status, ""),
        initials=rules.initials(name),
        submitted=when(_moment(submitted)),
        received=when(_moment(received)),
        appointment=when(_moment(due)) if status not in (1, 3, 7, 8) else "",
        extended=bool(extended),
        return_channel=return_channel,
        timeline=[Step(when(at), rules.TIMELINE_WORDS[action]) for action, at, _ in history],
        todo=_todo(status, unit, return_channel, when(_moment(deadline)), history, incomplete),
        end_reason=end_reason if status in (3, 8) else "",
    )
    if status == Status.RETURNED:
        answer.rating_url = _rating_link(pk)
    if incomplete:
        answer.supplement_token = supplement_token(pk, revision)
    return answer


def _last_note(history, action: str) -> str:
    notes = [note for a, _, note in history if a == action]
    return notes[-1] if notes else ""


def _lines(text: str, separator: str | None = None) -> list[str]:
    parts = text.split(separator) if separator else text.splitlines()
    return [part.strip() for part in parts if part.strip()]


COLLECT = {
    ReturnChannel.DESK: "Mời ông/bà đến nhận kết quả tại Bộ phận Một cửa – {unit}; "
    "mang theo giấy tiếp nhận hồ sơ và giấy tờ tùy thân.",
    ReturnChannel.POST: "Kết quả được gửi qua dịch vụ bưu chính công ích đến địa chỉ "
    "ông/bà đã đăng ký.",
    ReturnChannel.ONLINE: "Kết quả được trả trực tuyến; ông/bà sẽ nhận thông báo qua "
    "thư điện tử hoặc tin nhắn đã đăng ký.",
}


def _todo(status, unit, return_channel, deadline, history, incomplete) -> Todo | None:
    if status == Status.SUBMITTED:
        if incomplete:
            return Todo(
                "Bổ sung, hoàn thiện hồ sơ",
                items=_lines(_last_note(history, "intake_incomplete"), ";"),
                text="Gửi giấy tờ bổ sung ngay trên trang này, hoặc liên hệ Bộ phận Một cửa – "
                f"{unit} để được hướng dẫn.",
            )
        return None
    if status == Status.AWAITING_SUPPLEMENT:
        return Todo(
            "Bổ sung giấy tờ",
            items=_lines(_last_note(history, "request_supplement")),
            deadline=deadline,
            text=f"Nộp giấy tờ bổ sung tại Bộ phận Một cửa – {unit}. Thời gian chờ bổ sung "
            "không tính vào thời hạn giải quyết.",
        )
    if status == Status.AWAITING_PAYMENT:
        note = _last_note(history, "request_payment")
        return Todo(
            "Thực hiện nghĩa vụ tài chính",
            items=_lines(note),
            text="Nộp các khoản nghĩa vụ tài chính theo thông báo; thời gian chờ không tính "
            "vào thời hạn giải quyết.",
        )
    if status == Status.RESOLVED:
        text = COLLECT.get(return_channel, COLLECT[ReturnChannel.DESK]).format(unit=unit)
        return Todo("Nhận kết quả", text=text)
    return None


RATING_SALT = "cchc.portal.lookup.rating"


def _rating_link(pk: int) -> str | None:
    """The lookup page's rating link of a returned dossier: a signed address of ours that
    opens the feedback app's rating page (`rating_target`). The feedback app is asked only
    when the applicant follows it, so the lookup itself stays two queries."""
    try:
        from cchc.feedback.services import rating_url  # noqa: F401 - is there a rating page?
    except (ImportError, AttributeError):
        return None
    return reverse("portal-lookup-rating", args=[signing.dumps(pk, salt=RATING_SALT)])


def rating_target(token: str) -> str | None:
    """The feedback app's rating address for a signed link of `_rating_link`; None for a
    forged link or when the feedback app gives none
    (`cchc.feedback.services.rating_url(dossier or id)`)."""
    try:
        pk = signing.loads(token, salt=RATING_SALT)
    except signing.BadSignature:
        return None
    try:
        from cchc.feedback.services import rating_url
    except (ImportError, AttributeError):
        return None
    try:
        return rating_url(int(pk))
    except Exception:  # the page answers even if the rating link cannot be made
        log.exception("rating link failed for dossier %s", pk)
        return None


SUPPLEMENT_SALT = "cchc.portal.lookup.supplement"
SUPPLEMENT_MAX_AGE = 3600  # seconds; then the applicant looks the dossier up again


def supplement_token(pk: int, revision: int) -> str:
    """The online supplement form's proof that its sender looked the dossier up (code and
    check value) and saw it at `revision`: signed, valid `SUPPLEMENT_MAX_AGE`."""
    return signing.dumps([pk, revision], salt=SUPPLEMENT_SALT)


def supplement_target(token: str) -> tuple[int, int] | None:
    """(dossier id, revision shown) of a supplement token; None when forged or expired."""
    try:
        pk, revision = signing.loads(token, salt=SUPPLEMENT_SALT, max_age=SUPPLEMENT_MAX_AGE)
        return int(pk), int(revision)
    except (signing.BadSignature, TypeError, ValueError):
        return None


def application_for_token(token: str):
    """The online application a submission token already created, or None."""
    if not token:
        return None
    return (
        OnlineApplication.objects.select_related("dossier__procedure", "dossier__unit")
        .filter(token=token)
        .first()
    )
