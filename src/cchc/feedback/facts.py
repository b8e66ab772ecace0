"""What the records say about a returned dossier, for the pure `indicators` module: its own
times, steps, supplement requests, channels and complaints (`dossier_facts`), and its unit's
and procedure's data in the cut-off quarter of the return (`unit_facts`).

`Facts` keeps the per-unit figures of one batch (the demo rates hundreds of dossiers): each
unit-quarter is counted once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Q

from cchc.catalog.models import OnlineMode, Procedure, PublicationItem
from cchc.dossiers.models import (
    Channel,
    Dossier,
    HistoryAction,
    HistoryEntry,
    IntakeOutcome,
    IntakeRecord,
    ReturnChannel,
)
from cchc.dossiers.receiving import levels_received
from cchc.reporting import periods, statistics
from cchc.units.models import OfficeKind, Unit
from cchc.workcal.services import to_local

from . import indicators
from .models import Feedback, FeedbackContent

REMOTE_CHANNELS = (Channel.ONLINE, Channel.POSTAL)
REMOTE_RETURNS = (ReturnChannel.ONLINE, ReturnChannel.POST)


def level_of(unit: Unit) -> str:
    """The level a unit works at: the first level it receives (a department or centre: its
    parent's; a post-2025 commune: commune, although it also takes former district ones)."""
    parent_kind = unit.parent.kind if unit.parent_id else None
    return str(levels_received(unit.kind, parent_kind)[0])


def quarter_of(moment: datetime) -> periods.Window:
    """The cut-off quarter (NĐ 09/2019) holding the local day of `moment`."""
    return periods.period_containing("quarter", to_local(moment).date(), "cutoff")


def dossier_facts(dossier: Dossier) -> indicators.DossierFacts:
    steps = tuple(
        indicators.StepFacts(unit_id, result or "")
        for unit_id, result in dossier.steps.filter(finished_at__isnull=False)
        .order_by("order", "id")
        .values_list("unit_id", "result")
    )
    incomplete = IntakeRecord.objects.filter(
        dossier=dossier, outcome=IntakeOutcome.INCOMPLETE
    ).count()
    due = dossier.original_due_at or dossier.due_at
    remote = dossier.channel in REMOTE_CHANNELS and dossier.returned_via in REMOTE_RETURNS
    complaint = Feedback.objects.filter(
        dossier=dossier, content=FeedbackContent.SERVICE, unfounded=False
    ).exists()
    return indicators.DossierFacts(
        finished_at=to_local(dossier.finished_at) if dossier.finished_at else None,
        due_at=to_local(due) if due else None,
        steps=steps,
        contacts=int(dossier.supplement_used) + incomplete,
        in_person=not remote,
        complaint=complaint,
        strict=getattr(settings, "CCHC_STRICT_TIMING", False),
    )


@dataclass
class Facts:
    """The unit-level figures, counted once per unit (and quarter) within one batch."""

    cache: dict = field(default_factory=dict)

    def _once(self, key, compute):
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def desk_share(self, level: str) -> float | None:
        """Of the level's procedures in force that have a workflow, the share whose every
        step is at the one-stop office (None when the catalogue holds no workflow)."""

        def compute():
            rows = (
                Procedure.objects.filter(level=level, active=True, internal=False)
                .annotate(
                    steps=Count("versions__steps"),
                    outside=Count(
                        "versions__steps",
                        filter=~Q(versions__steps__office_kind=OfficeKind.ONE_STOP),
                    ),
                )
                .filter(steps__gt=0)
                .values_list("outside", flat=True)
            )
            outside = list(rows)
            if not outside:
                return None
            return sum(1 for n in outside if n == 0) / len(outside)

        return self._once(("desk", level), compute) if level else None

    def published(self, procedure: Procedure) -> bool:
        def compute():
            if procedure.published_on or (procedure.decision_ref or "").strip():
                return True
            return PublicationItem.objects.filter(procedure=procedure).exists()

        return self._once(("published", procedure.pk), compute)

    def online(self, unit: Unit, quarter: periods.Window) -> tuple[float | None, int]:
        """(online ÷ new dossiers of the unit in the quarter, online dossiers resolved late)."""

        def compute():
            own = Dossier.objects.filter(unit=unit)
            counts = statistics.count_total(own, quarter)
            if not counts.received_new:
                return None, 0
            late = statistics.count_total(own.filter(channel=Channel.ONLINE), quarter).resolved_late
            return counts.received_online / counts.received_new, late

        return self._once(("online", unit.pk, quarter.label), compute)

    def feedback(self, unit: Unit, quarter: periods.Window, upto: date) -> tuple[int, int]:
        """(items about the unit due in the quarter up to `upto`, of those answered on time)."""

        def compute():
            last = min(quarter.end, upto)
            due = Feedback.objects.filter(unit=unit, due_on__gte=quarter.start, due_on__lte=last)
            rows = due.values_list("due_on", "answered_at")
            on_time = sum(
                1
                for due_on, answered in rows
                if answered is not None and to_local(answered).date() <= due_on
            )
            return len(rows), on_time

        return self._once(("feedback", unit.pk, quarter.label, upto), compute)

    def unit_facts(self, dossier: Dossier, at: datetime) -> indicators.UnitFacts:
        unit = dossier.unit
        quarter = quarter_of(dossier.returned_at or at)
        level = level_of(unit)
        share, late = self.online(unit, quarter)
        due, on_time = self.feedback(unit, quarter, to_local(at).date())
        return indicators.UnitFacts(
            level=level,
            desk_share=self.desk_share(level),
            procedure_published=self.published(dossier.procedure),
            procedure_online=dossier.procedure.online_mode != OnlineMode.NONE,
            online_share=share,
            late_online=late,
            feedback_due=due,
            feedback_on_time=on_time,
        )


def known_scores(dossier: Dossier, at: datetime, batch: Facts | None = None) -> dict[int, int]:
    """The indicators the records decide for `dossier` as of `at`."""
    batch = batch or Facts()
    return indicators.known_scores(dossier_facts(dossier), batch.unit_facts(dossier, at))


def officers(dossier_ids) -> dict[int, tuple[int | None, int | None]]:
    """dossier id → (officer who received it, officer who returned its result), from the
    history: the first reception (at the desk or of an online dossier), the last return."""
    found: dict[int, list] = {pk: [None, None] for pk in dossier_ids}
    rows = (
        HistoryEntry.objects.filter(
            dossier_id__in=list(found),
            action__in=(HistoryAction.RECEIVE, HistoryAction.ACCEPT, HistoryAction.RETURN),
        )
        .order_by("at", "id")
        .values_list("dossier_id", "action", "actor_id")
    )
    for dossier_id, action, actor_id in rows:
        pair = found[dossier_id]
        if action == HistoryAction.RETURN:
            pair[1] = actor_id
        elif pair[0] is None:
            pair[0] = actor_id
    return {pk: (pair[0], pair[1]) for pk, pair in found.items()}
