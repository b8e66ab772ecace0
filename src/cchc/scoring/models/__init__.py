"""The reform index (criteria sets, assessment rounds, scores, evidence, history, the
responsibility analysis and its remediation) and emulation movements."""

from .criteria import CriteriaSet, Criterion, Method, Part
from .emulation import (
    Award,
    AwardKind,
    Movement,
    MovementCriterion,
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
    "StatedTotal",
]
