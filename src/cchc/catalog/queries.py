"""Reads of the catalogue: filtered search, counts, detail pages.

The catalogue is published for the whole province, so it is not unit-scoped: every staff
member holding a role (anywhere) may read it; `can_read_catalog` says who.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cchc.core.text import fold
from cchc.units.permissions import roles_of

from .models import (
    InterAgency,
    Level,
    OnlineMode,
    Procedure,
    ProcedureVersion,
    PublicationDecision,
    PublicationItem,
    RequiredComponent,
    Review,
    Sector,
    WorkflowStep,
)


def can_read_catalog(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or bool(roles_of(user))
    )


@dataclass
class ProcedureFilters:
    """What the list page, the API and exports filter on; empty means "any"."""

    q: str = ""
    level: str = ""
    sector: str = ""  # sector code
    online_mode: str = ""
    postal: bool | None = None
    inter_agency: str = ""  # a value of InterAgency, or "any" for both kinds of liên thông
    internal: bool | None = None
    active: bool | None = True


def with_processing_time(
    queryset: QuerySet[Procedure], day: date | None = None
) -> QuerySet[Procedure]:
    """Annotate `processing_time`: the version in force on `day` (today), else the first."""
    day = day or timezone.localdate()
    versions = ProcedureVersion.objects.filter(procedure=OuterRef("pk"))
    in_force = (
        versions.filter(effective_from__lte=day)
        .order_by("-effective_from")
        .values("processing_time")[:1]
    )
    first = versions.order_by("effective_from").values("processing_time")[:1]
    return queryset.annotate(processing_time=Coalesce(Subquery(in_force), Subquery(first)))


def search_procedures(filters: ProcedureFilters) -> QuerySet[Procedure]:
    """Procedures matching `filters`; the text search ignores diacritics and case
    ("dang ky khai sinh" finds "Đăng ký khai sinh"): every word must appear in the folded
    name, or the text is the beginning of the code."""
    queryset = Procedure.objects.select_related("sector")
    ordering = ("sector__name", "name_folded", "code")
    if filters.q.strip():
        folded = fold(filters.q)
        words = folded.split()
        by_name = Q()
        for word in words:
            by_name &= Q(name_folded__contains=word)
        queryset = queryset.filter(by_name | Q(code__istartswith=filters.q.strip()))
        # The procedure whose name is what was typed comes first, then names starting with it.
        queryset = queryset.annotate(
            relevance=Case(
                When(name_folded=folded, then=0),
                When(name_folded__startswith=folded, then=1),
                default=2,
                output_field=IntegerField(),
            )
        )
        ordering = ("relevance", "name_folded", "code")
    if filters.level:
        queryset = queryset.filter(level=filters.level)
    if filters.sector:
        queryset = queryset.filter(sector__code=filters.sector)
    if filters.online_mode:
        queryset = queryset.filter(online_mode=filters.online_mode)
    if filters.postal is not None:
        queryset = queryset.filter(postal=filters.postal)
    if filters.inter_agency == "any":
        queryset = queryset.exclude(inter_agency=InterAgency.NONE)
    elif filters.inter_agency:
        queryset = queryset.filter(inter_agency=filters.inter_agency)
    if filters.internal is not None:
        queryset = queryset.filter(internal=filters.internal)
    if filters.active is not None:
        queryset = queryset.filter(active=filters.active)
    return with_processing_time(queryset).order_by(*ordering)


def catalogue_counts(queryset: QuerySet[Procedure]) -> dict:
    """Counts of `queryset` per level, online mode and other flags — one aggregate query."""
    aggregates = {"total": Count("id")}
    for level in Level:
        aggregates[f"level_{level.value}"] = Count("id", filter=Q(level=level.value))
    for mode in OnlineMode:
        aggregates[f"online_{mode.value}"] = Count("id", filter=Q(online_mode=mode.value))
    aggregates["postal"] = Count("id", filter=Q(postal=True))
    aggregates["inter_agency"] = Count("id", filter=~Q(inter_agency=InterAgency.NONE))
    aggregates["internal"] = Count("id", filter=Q(internal=True))
    result = queryset.order_by().aggregate(**aggregates)
    result["levels"] = [(level.label, result[f"level_{level.value}"]) for level in Level]
    result["online_modes"] = [(mode.label, result[f"online_{mode.value}"]) for mode in OnlineMode]
    return result


def sectors_in_use() -> QuerySet[Sector]:
    return Sector.objects.filter(procedures__isnull=False).distinct().order_by("name")


def procedure_detail(pk: int) -> Procedure:
    """A procedure with its versions (each with its workflow and components), decisions and
    reviews."""
    return (
        Procedure.objects.select_related("sector", "updated_by")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=ProcedureVersion.objects.order_by("-effective_from").prefetch_related(
                    Prefetch("steps", queryset=WorkflowStep.objects.order_by("order")),
                    Prefetch("components", queryset=RequiredComponent.objects.order_by("order")),
                ),
            ),
            Prefetch(
                "publication_items",
                queryset=PublicationItem.objects.select_related("decision").order_by(
                    "-decision__signed_on"
                ),
            ),
            Prefetch("reviews", queryset=Review.objects.order_by("-year", "-proposed_on")),
        )
        .get(pk=pk)
    )


def components_of(procedure: Procedure, on_date: date | None = None) -> list[RequiredComponent]:
    """The required components (thành phần hồ sơ) of the version in force on `on_date`
    (today), in order; empty when the procedure has no version or its list is not declared."""
    version = procedure.version_on(on_date)
    if version is None:
        return []
    return list(version.components.order_by("order"))


def reviews(year: int | None = None, status: str = "") -> QuerySet[Review]:
    queryset = Review.objects.select_related("procedure", "procedure__sector", "created_version")
    if year:
        queryset = queryset.filter(year=year)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-year", "procedure__name")


def review_years() -> list[int]:
    return list(Review.objects.order_by("-year").values_list("year", flat=True).distinct())


def publication_decisions() -> QuerySet[PublicationDecision]:
    return (
        PublicationDecision.objects.select_related("issuing_unit")
        .annotate(
            new_count=Count("items", filter=Q(items__change_kind="new")),
            amended_count=Count("items", filter=Q(items__change_kind="amended")),
            abolished_count=Count("items", filter=Q(items__change_kind="abolished")),
        )
        .prefetch_related(
            Prefetch(
                "items",
                queryset=PublicationItem.objects.select_related("procedure").order_by(
                    "procedure__name"
                ),
            )
        )
        .order_by("-signed_on", "number")
    )
