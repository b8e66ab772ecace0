"""Every write of the reporting app, and the assembly of a report's content.

A report instance is opened for a unit and a period (due date from the type's rule, narrative
pre-filled from the unit's previous report of that type), edited while it is a draft or
returned, and submitted: at submission its computed figures are frozen and its DOCX, XLSX and
PDF are generated and stored — all in one transaction, so a generation failure leaves nothing
half-written. The recipient unit accepts it or returns it for correction. Each write checks
the actor's unit and role, refuses a stale revision and appends to the history.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cchc.core import vnformat
from cchc.core.documents import Letterhead, Signature
from cchc.core.errors import StaleWrite
from cchc.dossiers.printing import place_of
from cchc.units.models import Role, Unit
from cchc.units.permissions import can_act

from . import figures, periods, sources, statistics
from .content import Appendix, Block, IndicatorLine, ReportContent, Table
from .models import (
    FileKind,
    Indicator,
    IndicatorValue,
    Layout,
    ManualResults,
    ReportAction,
    ReportEvent,
    ReportFile,
    ReportInstance,
    ReportSection,
    ReportStatus,
    ReportType,
    SectionKind,
    SectionText,
    ValueType,
)

FILER_ROLES = (Role.REFORM_OFFICER, Role.UNIT_LEADER, Role.ADMINISTRATOR)
RECIPIENT_ROLES = (Role.REFORM_OFFICER, Role.APPRAISER, Role.UNIT_LEADER, Role.ADMINISTRATOR)


class ReportRefused(ValidationError):
    """A report action that is not allowed (Vietnamese message); nothing was written."""


class ReportConflict(StaleWrite):
    """The report changed since the caller loaded it; nothing was written."""

    what = "Báo cáo"


# -- report types and periods ------------------------------------------------------------


def report_type(code: str) -> ReportType:
    try:
        return ReportType.objects.select_related("indicator_template").get(code=code)
    except ReportType.DoesNotExist as exc:
        raise ReportRefused(f"Không có loại báo cáo “{code}”.") from exc


def window_for(rtype: ReportType, period_text: str) -> periods.Window:
    """The period's window on the type's basis; refused if the type is not filed for it."""
    try:
        win = periods.window(period_text, rtype.basis)
    except periods.PeriodError as exc:
        raise ReportRefused(str(exc)) from exc
    if win.kind not in rtype.kinds:
        raise ReportRefused(f"“{rtype.name}” không lập cho kỳ {win.title}.")
    return win


def recipient_of(rtype: ReportType, unit: Unit, by_code: dict[str, Unit] | None = None):
    """Who receives the unit's report: the unit named by the type's `recipient_code`, which
    may be relative to the unit's parent ("{parent}-SNV": the Sở Nội vụ of the province a
    district belongs to); the parent unit when there is no such unit (a commune's report goes
    to its district) or when the unit would file to itself."""
    if rtype.recipient_code:
        code = rtype.recipient_code.format(parent=unit.parent.code if unit.parent else "")
        if by_code is not None:
            named = by_code.get(code)
        else:
            named = Unit.objects.filter(code=code).first()
        if named is not None and named.pk != unit.pk:
            return named
    return unit.parent


def must_file(rtype: ReportType, unit: Unit) -> bool:
    return unit.kind in rtype.filers


# -- opening -------------------------------------------------------------------------------


def _event(instance, actor, action, from_status="", to_status="", note="", at=None):
    ReportEvent.objects.create(
        instance=instance,
        at=at or timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def previous_instance(rtype: ReportType, unit: Unit, before) -> ReportInstance | None:
    """The unit's latest earlier report of the type (its narrative pre-fills the next one)."""
    return (
        ReportInstance.objects.filter(report_type=rtype, unit=unit, end__lt=before)
        .order_by("-end")
        .first()
    )


def prefilled_texts(rtype: ReportType, unit: Unit, win: periods.Window) -> dict[int, str]:
    """Narrative texts for a new report: the previous report's, else the section template."""
    sections = list(rtype.sections.all())
    texts = {s.pk: s.template for s in sections if s.kind == SectionKind.NARRATIVE}
    previous = previous_instance(rtype, unit, win.start)
    if previous is not None:
        for item in previous.texts.all():
            if item.text.strip():
                texts[item.section_id] = item.text
    return texts


def new_instance(rtype: ReportType, unit: Unit, win: periods.Window) -> ReportInstance:
    """An unsaved instance with its rule-derived fields (due date, recipient, signer)."""
    return ReportInstance(
        report_type=rtype,
        unit=unit,
        recipient=recipient_of(rtype, unit),
        period=win.label,
        basis=str(win.basis),
        start=win.start,
        end=win.end,
        due_on=rtype.deadline.due(win),
        signer_authority=rtype.signer_authority,
        signer_position=rtype.signer_position,
        recipients=rtype.recipients,
        place=place_of(unit),
    )


@transaction.atomic
def open_report(user, type_code: str, unit: Unit, period_text: str) -> ReportInstance:
    """The unit's report of the type for the period, created as a draft if it does not
    exist yet (pre-filled from the unit's previous report)."""
    rtype = report_type(type_code)
    if not can_act(user, unit, *FILER_ROLES):
        raise PermissionDenied("Anh/chị không có quyền lập báo cáo của đơn vị này.")
    win = window_for(rtype, period_text)
    if not must_file(rtype, unit):
        raise ReportRefused(f"{unit.name} không thuộc đối tượng lập “{rtype.name}”.")
    existing = ReportInstance.objects.filter(report_type=rtype, unit=unit, period=win.label)
    if found := existing.first():
        return found
    instance = new_instance(rtype, unit, win)
    instance.save()
    SectionText.objects.bulk_create(
        SectionText(instance=instance, section_id=pk, text=text)
        for pk, text in prefilled_texts(rtype, unit, win).items()
    )
    _event(instance, user, ReportAction.CREATE, to_status=ReportStatus.DRAFT)
    return instance


# -- editing -------------------------------------------------------------------------------


def _lock_for_edit(user, instance: ReportInstance, expected_revision: int | None):
    if not can_act(user, instance.unit, *FILER_ROLES):
        raise PermissionDenied("Anh/chị không có quyền sửa báo cáo của đơn vị này.")
    revision = instance.revision if expected_revision is None else expected_revision
    fresh = ReportInstance.objects.select_for_update().get(pk=instance.pk)
    if fresh.revision != revision:
        raise ReportConflict()
    if not fresh.is_editable:
        raise ReportRefused(
            f"Báo cáo đang ở trạng thái “{fresh.get_status_display()}”, không sửa được."
        )
    return fresh


def _bump(instance: ReportInstance, **fields) -> None:
    ReportInstance.objects.filter(pk=instance.pk).update(revision=F("revision") + 1, **fields)
    instance.refresh_from_db()


HEADER_FIELDS = (
    "number",
    "place",
    "issued_on",
    "signer_authority",
    "signer_position",
    "signer_name",
    "recipients",
)


@transaction.atomic
def save_report(
    user,
    instance: ReportInstance,
    *,
    texts: dict[str, str] | None = None,
    values: dict[str, tuple[str, str]] | None = None,
    header: dict | None = None,
    expected_revision: int | None = None,
) -> ReportInstance:
    """Save the narrative (by section code), manual indicator values (code → (value, note))
    and header fields in one go; every value is checked first, so a bad one saves nothing."""
    fresh = _lock_for_edit(user, instance, expected_revision)
    rtype = fresh.report_type
    sections = {s.code: s for s in rtype.sections.all()}
    parsed = _parse_values(fresh, values or {})
    for code, text in (texts or {}).items():
        section = sections.get(code)
        if section is None or section.kind == SectionKind.HEADING:
            raise ReportRefused(f"Báo cáo không có mục {code} để nhập nội dung.")
        SectionText.objects.update_or_create(
            instance=fresh, section=section, defaults={"text": text.strip()}
        )
    for indicator, (value, note) in parsed.items():
        IndicatorValue.objects.update_or_create(
            instance=fresh, indicator=indicator, defaults={"value": value, "note": note}
        )
    changes = {k: v for k, v in (header or {}).items() if k in HEADER_FIELDS}
    _bump(fresh, **changes)
    _event(fresh, user, ReportAction.EDIT, note=", ".join(sorted((texts or {}).keys())))
    return fresh


def _parse_values(instance, values: dict[str, tuple[str, str]]) -> dict:
    template = instance.report_type.indicator_template
    if not values:
        return {}
    if template is None:
        raise ReportRefused("Loại báo cáo này không có bộ chỉ tiêu thống kê.")
    indicators = {i.code: i for i in template.indicators.all()}
    parsed, errors = {}, []
    for code, (raw, note) in values.items():
        indicator = indicators.get(code)
        if indicator is None:
            errors.append(f"Không có chỉ tiêu {code}.")
            continue
        if indicator.value_type == ValueType.HEADING:
            continue
        if is_computed(indicator):
            if (raw or "").strip():
                errors.append(f"Chỉ tiêu {code} được tính từ dữ liệu của hệ thống, không nhập tay.")
            parsed[indicator] = ("", note or "")
            continue
        try:
            parsed[indicator] = (normalise(indicator, raw), (note or "").strip())
        except ValueError as exc:
            errors.append(f"Chỉ tiêu {code} ({indicator.label}): {exc}")
    if errors:
        raise ReportRefused(errors)
    return parsed


def normalise(indicator: Indicator, raw: str) -> str:
    """A manual value checked against the indicator's type, stored in a canonical form
    ("1.130" → "1130", "99,95" → "99.95")."""
    text = (raw or "").strip()
    if not text or indicator.value_type in (ValueType.TEXT, ValueType.HEADING):
        return text
    if indicator.value_type == ValueType.INTEGER:
        digits = text.replace(".", "").replace(" ", "")
        if not digits.isdigit():
            raise ValueError(f"“{text}” không phải số nguyên không âm.")
        return str(int(digits))
    if indicator.value_type in (ValueType.YES_NO, ValueType.CHOICE):
        mapped = {"có": "1", "không": "0"}.get(text.lower(), text)
        if not mapped.isdigit() or (
            indicator.value_type == ValueType.YES_NO and mapped not in "01"
        ):
            raise ValueError(f"“{text}” không phải giá trị hợp lệ ({indicator.unit_of_measure}).")
        return mapped
    try:
        number = Decimal(text.replace(".", "").replace(",", ".") if "," in text else text)
    except InvalidOperation as exc:
        raise ValueError(f"“{text}” không phải số.") from exc
    if number < 0 or (indicator.value_type == ValueType.PERCENT and number > 100):
        raise ValueError(f"“{text}” nằm ngoài khoảng cho phép.")
    return format(number.normalize(), "f")


@transaction.atomic
def save_manual_results(
    user,
    instance: ReportInstance,
    counts: dict[str, object],
    note: str = "",
    expected_revision: int | None = None,
) -> ManualResults:
    """Dossier-results figures typed in by hand (for a unit whose dossiers are not in the
    system). Refused with the broken identity named if they do not add up, and refused if
    the system already holds the unit's dossiers for the period (the computed figures rule)."""
    fresh = _lock_for_edit(user, instance, expected_revision)
    manual = figures.Counts.from_mapping(counts)
    try:
        figures.check([("Số liệu nhập tay", manual)], None)
    except figures.IdentityError as exc:
        raise ReportRefused([v.message for v in exc.violations] or [str(exc)]) from exc
    computed = statistics.count_total(
        statistics.dossiers_of(fresh.unit, include_children=True), fresh.window
    )
    if computed.received_total:
        raise ReportRefused(
            "Hệ thống đã có "
            f"{vnformat.number(computed.received_total)} hồ sơ của đơn vị trong kỳ; số liệu "
            "hồ sơ được tính tự động, không nhập tay."
        )
    result, _ = ManualResults.objects.update_or_create(
        instance=fresh, defaults={**manual.as_dict(), "note": note}
    )
    _bump(fresh)
    _event(fresh, user, ReportAction.EDIT, note="số liệu hồ sơ nhập tay")
    return result


# -- computed figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    raw: str  # canonical value ("1130", "99.95") or "" when there is none
    note: str
    computed: bool
    provenance: str = ""
    link: str = ""
    awaiting_module: bool = False  # a named source whose module does not exist yet

    @property
    def display(self) -> str:
        return display_value(self.indicator, self.raw)


def is_computed(indicator: Indicator) -> bool:
    return indicator.source.startswith("ratio:") or sources.is_registered(indicator.source)


def _ratio_parts(source: str) -> tuple[str, str, int]:
    numerator, _, rest = source.removeprefix("ratio:").partition("/")
    denominator, _, decimals = rest.partition(":")
    return numerator, denominator, int(decimals or 2)


def decimals_of(indicator: Indicator) -> int:
    if indicator.source.startswith("ratio:"):
        return _ratio_parts(indicator.source)[2]
    return 2 if indicator.value_type in (ValueType.PERCENT, ValueType.DECIMAL) else 0


def display_value(indicator: Indicator, raw: str) -> str:
    """How the appendix prints a value: "1.130", "99,95", "100" (a whole rate has no ",00")."""
    if raw == "" or indicator.value_type in (ValueType.TEXT, ValueType.YES_NO, ValueType.CHOICE):
        return raw
    number = Decimal(raw)
    if indicator.value_type == ValueType.INTEGER:
        return vnformat.number(number)
    text = vnformat.number(number, decimals_of(indicator))
    return text.rstrip("0").rstrip(",") if "," in text else text


def indicator_rows(instance: ReportInstance, context: sources.SourceContext | None = None):
    """Every indicator of the instance's template with its value: frozen values once
    submitted, else computed now (registered sources, then ratios) or as entered."""
    template = instance.report_type.indicator_template
    if template is None:
        return []
    stored = {v.indicator_id: v for v in instance.values.all()} if instance.pk else {}
    frozen = not instance.is_editable
    context = context or sources.SourceContext(instance.unit, instance.window)
    rows: dict[str, IndicatorRow] = {}
    indicators = list(template.indicators.all())
    for indicator in indicators:
        saved = stored.get(indicator.pk)
        note = saved.note if saved else ""
        if frozen and saved is not None and saved.computed:
            rows[indicator.code] = IndicatorRow(
                indicator, saved.value, note, True, "Số liệu đã chốt khi gửi báo cáo."
            )
            continue
        if indicator.source and not indicator.source.startswith("ratio:"):
            result = sources.compute(indicator.source, context)
            if result is not None:
                raw = "" if result.value is None else format(Decimal(result.value), "f")
                rows[indicator.code] = IndicatorRow(
                    indicator, raw, note, True, result.provenance, result.link
                )
                continue
        rows[indicator.code] = IndicatorRow(
            indicator,
            saved.value if saved else "",
            note,
            False,
            awaiting_module=bool(indicator.source) and not indicator.source.startswith("ratio:"),
        )
    for indicator in indicators:  # ratios last: they read the other rows
        if indicator.source.startswith("ratio:") and not (frozen and rows[indicator.code].computed):
            numerator, denominator, decimals = _ratio_parts(indicator.source)
            top, bottom = rows[numerator].raw, rows[denominator].raw
            raw = ""
            if top and bottom and Decimal(bottom):
                value = (Decimal(top) * 100 / Decimal(bottom)).quantize(
                    Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
                )
                raw = format(value, "f")
            rows[indicator.code] = IndicatorRow(
                indicator,
                raw,
                rows[indicator.code].note,
                True,
                f"Tỷ lệ = {rows[numerator].indicator.label.strip(' :-')} / "
                f"{rows[denominator].indicator.label.strip(' :-')} × 100%.",
            )
    return [rows[i.code] for i in indicators]


def missing_values(instance: ReportInstance, rows: list[IndicatorRow]) -> list[IndicatorRow]:
    """Manual indicators the report's text prints but nobody entered: a filed report never
    says "…" where a figure belongs."""
    printed = {
        code
        for section in instance.report_type.sections.all()
        if section.kind == SectionKind.COMPUTED
        for code in _PLACEHOLDER.findall(section.template)
    }
    return [
        row for row in rows if row.indicator.code in printed and not row.computed and row.raw == ""
    ]


def dossier_figures(instance: ReportInstance):
    """(DossierResults, provenance) for the report: the unit with its subordinate units, by
    sector — or the hand-entered figures when the unit's dossiers are not in the system."""
    manual = ManualResults.objects.filter(instance=instance).first() if instance.pk else None
    win = instance.window
    if manual is not None:
        counts = figures.Counts.from_mapping({key: getattr(manual, key) for key in figures.COLUMNS})
        row = statistics.ResultRow("", "Tổng số (nhập tay)", counts)
        results = statistics.DossierResults(
            instance.unit, win, statistics.GroupBy.SECTOR, True, (row,), counts
        )
        return results, f"Số liệu nhập tay: {manual.note or 'không ghi nguồn'}."
    results = statistics.dossier_results(
        instance.unit, win, by=statistics.GroupBy.SECTOR, include_children=True
    )
    return results, (
        f"Tính từ hồ sơ do {instance.unit.name} và các đơn vị trực thuộc tiếp nhận, "
        f"{win.range_text.lower()}, theo quy tắc đếm của biểu 06 (Thông tư 01/2020/TT-VPCP)."
    )


# -- content -----------------------------------------------------------------------------------


_PLACEHOLDER = re.compile(r"\{([A-Z]+(?:\.\d+)*)\}")


def _fill(template: str, rows: dict[str, IndicatorRow]) -> str:
    def value(match):
        row = rows.get(match.group(1))
        if row is None or row.raw == "":
            return "…"
        text = row.display
        return f"{text}%" if row.indicator.unit_of_measure == "%" else text

    return _PLACEHOLDER.sub(value, template)


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _reviews_table(instance: ReportInstance) -> tuple[int, Table]:
    from cchc.catalog.models import Review

    reviews = (
        Review.objects.filter(year=instance.window.year, procedure__internal=True)
        .select_related("procedure__sector")
        .order_by("procedure__sector__name", "procedure__name")
    )
    body = {"province": "UBND tỉnh", "district": "UBND huyện", "commune": "UBND xã, thị trấn"}
    rows = tuple(
        (f"{n:02d}", r.procedure.name, r.procedure.sector.name, body.get(r.procedure.level, ""))
        for n, r in enumerate(reviews, start=1)
    )
    table = Table(
        ("STT", "Tên thủ tục hành chính", "Lĩnh vực", "Cơ quan thực hiện"),
        rows,
        widths=(1, 6, 2.5, 2.5),
    )
    return len(rows), table


def _results_paragraphs(results) -> list[str]:
    from .results_documents import results_paragraphs

    return results_paragraphs(results)


def _section_block(section: ReportSection, instance, rows, texts, results_cache) -> Block:
    heading = _numbered(section)
    own = _paragraphs(texts.get(section.pk, ""))  # the officer's text (a computed one: extra)
    if section.kind == SectionKind.HEADING:
        return Block(heading, level=section.level)
    if section.kind == SectionKind.NARRATIVE:
        return Block(heading, level=section.level, paragraphs=own)
    provenance = "; ".join(
        f"{code}: {rows[code].provenance or 'nhập tay'}"
        for code in _PLACEHOLDER.findall(section.template)
        if code in rows
    )
    tables: tuple[Table, ...] = ()
    charts: tuple = ()
    if section.source == "section.reviews":
        count, table = _reviews_table(instance)
        paragraphs = _paragraphs(section.template.replace("{count}", vnformat.number(count)))
        tables = (table,) if count else ()
        provenance = "Danh sách TTHC nội bộ được rà soát trong năm, từ danh mục rà soát TTHC."
    elif section.source == "section.dossier_results":
        from .dashboard import results_chart

        results, provenance = results_cache()
        paragraphs = tuple(f"- {p}" for p in _results_paragraphs(results)) + _paragraphs(
            section.template
        )
        chart = results_chart(results)
        charts = (chart,) if chart else ()
    elif section.source == "section.dossier_results_by_level":
        context = sources.SourceContext(instance.unit, instance.window)
        paragraphs = _by_level_paragraphs(context) + _paragraphs(_fill(section.template, rows))
        provenance = "Tính từ hồ sơ của đơn vị và các UBND cấp xã trực thuộc."
    else:
        paragraphs = _paragraphs(_fill(section.template, rows))
    return Block(
        heading,
        level=section.level,
        paragraphs=paragraphs + own,
        tables=tables,
        charts=charts,
        provenance=provenance,
        computed=True,
    )


def _by_level_paragraphs(context: sources.SourceContext) -> tuple[str, ...]:
    lines = []
    for scope, who in (("self", context.unit.name), ("communes", "UBND cấp xã")):
        counts = context.results(scope)
        if not counts.received_total and scope == "communes":
            continue
        rate = figures.share(counts.resolved_in_time, counts.resolved_total, 2)
        lines.append(
            f"- {who} tiếp nhận {vnformat.number(counts.received_total)} hồ sơ, đã giải quyết "
            f"{vnformat.number(counts.resolved_total)} hồ sơ, trong đó đúng hẹn "
            f"{vnformat.number(counts.resolved_in_time)} hồ sơ, đạt {rate}."
        )
    return tuple(lines)


def _numbered(section: ReportSection) -> str:
    number = section.code.rsplit(".", 1)[-1]
    return f"{number}. {section.heading}"


def texts_of(instance: ReportInstance) -> dict[int, str]:
    if instance.pk:
        return {t.section_id: t.text for t in instance.texts.all()}
    return prefilled_texts(instance.report_type, instance.unit, instance.window)


def build_content(instance: ReportInstance) -> ReportContent:
    """Everything the report says, computed from the records and the saved texts; raises
    `figures.IdentityError` rather than return figures that do not add up."""
    from .results_documents import results_form

    rtype = instance.report_type
    win = instance.window
    rows = {row.indicator.code: row for row in indicator_rows(instance)}
    texts = texts_of(instance)
    cache = {}

    def results():
        if "results" not in cache:
            cache["results"] = dossier_figures(instance)
        return cache["results"]

    blocks = tuple(
        _section_block(section, instance, rows, texts, results) for section in rtype.sections.all()
    )
    appendices = []
    template = rtype.indicator_template
    if rtype.layout == Layout.REFORM_ANNUAL and template is not None:
        appendices.append(
            Appendix(
                heading=template.heading,
                subheading=template.subheading,
                title=template.title.format(period=win.title.upper()),
                indicators=tuple(_indicator_line(row) for row in rows.values()),
            )
        )
    if rtype.layout == Layout.TTHC_CONTROL:
        feedback = tuple(_indicator_line(r) for c, r in rows.items() if c.startswith("I.5"))
        if template is not None and feedback:
            appendices.append(
                Appendix(
                    heading=template.heading,
                    subheading=template.subheading,
                    title=template.title.format(period=win.title.upper()),
                    indicators=feedback,
                )
            )
        appendices.append(
            Appendix(
                heading="PHỤ LỤC 06",
                title="TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
                form=replace(
                    results_form(results()[0]),
                    receiving_unit=instance.recipient.name if instance.recipient else "",
                ),
                landscape=True,
            )
        )
    unit_title = instance.unit.name
    return ReportContent(
        letterhead=Letterhead(
            issuer=_issuer_name(instance.unit),
            number=f"{instance.number or ''}/{rtype.number_suffix}",
            place=instance.place or place_of(instance.unit),
            day=instance.issued_on,
        ),
        title="BÁO CÁO",
        subtitle=rtype.subtitle.format(period=win.title),
        addressee=rtype.addressee.format(
            recipient=instance.recipient.name if instance.recipient else ""
        ),
        intro=_paragraphs(rtype.intro.format(unit=unit_title)),
        blocks=blocks,
        closing=rtype.closing.format(period=win.title, unit=unit_title),
        recipients=tuple(
            line.strip()
            for line in (instance.recipients or rtype.recipients).splitlines()
            if line.strip()
        ),
        signature=Signature(
            position=instance.signer_position,
            name=instance.signer_name,
            authority=instance.signer_authority or None,
        ),
        appendices=tuple(appendices),
    )


def _issuer_name(unit: Unit) -> str:
    return re.sub(r"^UBND\b", "ỦY BAN NHÂN DÂN", unit.name)


def _indicator_line(row: IndicatorRow) -> IndicatorLine:
    indicator = row.indicator
    return IndicatorLine(
        number=indicator.number,
        label=indicator.label,
        unit=indicator.unit_of_measure,
        value=row.display,  # a rate prints "99,95": the unit column already says "%"
        note=row.note,
        heading=indicator.value_type == ValueType.HEADING,
    )


# -- documents -------------------------------------------------------------------------------


def file_stem(instance: ReportInstance) -> str:
    return f"{instance.report_type.code}-{instance.unit.code}-{instance.period}".replace("..", "_")


def render(instance: ReportInstance, kind: str) -> tuple[str, bytes]:
    """(file name, bytes) of the report as DOCX, PDF or XLSX (the dossier-results form)."""
    from . import report_documents
    from .results_documents import render_results_xlsx

    stem = file_stem(instance)
    if kind == FileKind.XLSX:
        return f"{stem}.xlsx", render_results_xlsx(dossier_figures(instance)[0])
    content = build_content(instance)
    if kind == FileKind.PDF:
        return f"{stem}.pdf", report_documents.render_pdf(content)
    return f"{stem}.docx", report_documents.render_docx(content)


def build_report_document(type_code: str, unit: Unit, period_text: str, fmt: str = "docx") -> bytes:
    """The report as a document without storing anything (the command line): the unit's
    saved report for the period if there is one, else a fresh draft's content."""
    rtype = report_type(type_code)
    win = window_for(rtype, period_text)
    instance = ReportInstance.objects.filter(
        report_type=rtype, unit=unit, period=win.label
    ).first() or new_instance(rtype, unit, win)
    return render(instance, fmt)[1]


# -- submission --------------------------------------------------------------------------------


@transaction.atomic
def submit(user, instance: ReportInstance, expected_revision: int | None = None, now=None):
    """File the report: freeze the computed figures, generate DOCX, XLSX and PDF, store them
    and mark it submitted. Everything is generated before anything is written."""
    fresh = _lock_for_edit(user, instance, expected_revision)
    if not fresh.issued_on:
        fresh.issued_on = timezone.localdate(now or timezone.now())
        fresh.save(update_fields=["issued_on"])
    rows = indicator_rows(fresh)
    if missing := missing_values(fresh, rows):
        raise ReportRefused(
            "Chưa nhập số liệu: "
            + "; ".join(f"{row.indicator.code} {row.indicator.label}" for row in missing)
            + ". Nhập 0 nếu không có."
        )
    files = [render(fresh, kind) for kind in (FileKind.DOCX, FileKind.XLSX, FileKind.PDF)]
    at = now or timezone.now()
    for row in rows:
        if row.computed:
            IndicatorValue.objects.update_or_create(
                instance=fresh,
                indicator=row.indicator,
                defaults={"value": row.raw, "computed": True, "note": row.note},
            )
    for name, data in files:
        ReportFile.objects.create(
            instance=fresh,
            kind=name.rsplit(".", 1)[1],
            name=name,
            content=data,
            sha256=hashlib.sha256(data).hexdigest(),
        )
    previous = fresh.status
    _bump(
        fresh,
        status=ReportStatus.SUBMITTED,
        submitted_at=at,
        submitted_by=user,
        issued_on=fresh.issued_on,
    )
    _event(fresh, user, ReportAction.SUBMIT, previous, ReportStatus.SUBMITTED, at=at)
    return fresh


def _lock_for_review(user, instance: ReportInstance) -> ReportInstance:
    if instance.recipient is None or not can_act(user, instance.recipient, *RECIPIENT_ROLES):
        raise PermissionDenied("Chỉ đơn vị nhận báo cáo mới tiếp nhận hoặc trả lại báo cáo.")
    fresh = ReportInstance.objects.select_for_update().get(pk=instance.pk)
    if fresh.status != ReportStatus.SUBMITTED:
        raise ReportRefused(
            f"Báo cáo đang ở trạng thái “{fresh.get_status_display()}”; chỉ báo cáo đã gửi mới "
            "được tiếp nhận hoặc trả lại."
        )
    return fresh


@transaction.atomic
def accept(user, instance: ReportInstance, now=None) -> ReportInstance:
    fresh = _lock_for_review(user, instance)
    at = now or timezone.now()
    _bump(fresh, status=ReportStatus.ACCEPTED, reviewed_at=at)
    _event(fresh, user, ReportAction.ACCEPT, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, at=at)
    return fresh


@transaction.atomic
def return_for_correction(user, instance: ReportInstance, reason: str, now=None):
    if not (reason or "").strip():
        raise ReportRefused("Vui lòng ghi lý do trả lại báo cáo.")
    fresh = _lock_for_review(user, instance)
    at = now or timezone.now()
    # The frozen computed values are released so the corrected report computes afresh.
    fresh.values.filter(computed=True).delete()
    _bump(fresh, status=ReportStatus.RETURNED, reviewed_at=at, return_reason=reason.strip())
    _event(
        fresh,
        user,
        ReportAction.RETURN,
        ReportStatus.SUBMITTED,
        ReportStatus.RETURNED,
        reason.strip(),
        at=at,
    )
    return fresh
