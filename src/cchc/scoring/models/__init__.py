"""The reform index (criteria sets, assessment rounds, scores, evidence, history, the
responsibility analysis and its remediation), emulation movements and the rule sets of the
real-time service index (Chỉ số 766)."""

from .criteria import CriteriaSet, Criterion, Method, Part
from .emulation import (
    Award,
    AwardKind,
    Movement,
    MovementCriterion,
    MovementEvent,
    MovementParticipant,
    MovementReport,
    MovementScore,
)
from .rounds import (
    AppraisalDecision,
    AssessmentRound,
    Evidence,
    Participation,
    ParticipationStatus,
    Remediation,
    ResponsibilityReport,
    RoundAction,
    RoundEvent,
    RoundStatus,
    Score,
    StatedTotal,
)
from .service import ServiceIndexEntry, ServiceRuleSet

__all__ = [
    "AppraisalDecision",
    "AssessmentRound",
    "Award",
    "AwardKind",
    "CriteriaSet",
    "Criterion",
    "Evidence",
    "Method",
    "Movement",
    "MovementCriterion",
    "MovementEvent",
    "MovementParticipant",
    "MovementReport",
    "MovementScore",
    "Part",
    "Participation",
    "ParticipationStatus",
    "Remediation",
    "ResponsibilityReport",
    "RoundAction",
    "RoundEvent",
    "RoundStatus",
    "Score",
    "ServiceIndexEntry",
    "ServiceRuleSet",
    "StatedTotal",
]
