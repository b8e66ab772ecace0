"""`cchc report …` — periodic reports from the command line (formats.md).

* `report dossier-results --unit CODE --period P [--by sector|unit] [--include-children]
  [--window cutoff|calendar] [--format json|xlsx|docx] [--out FILE]` — the 13-column form.
  JSON goes to stdout unless `--out` is given; XLSX and DOCX need `--out`. Without
  `--format`, an `--out` ending in .xlsx or .docx picks that format.
* `report tthc-quarterly --unit CODE --period P --out FILE.docx` — the quarterly
  TTHC-control report (seed `001_...`).
* `report reform-annual --unit CODE --year Y --out FILE.docx` — the annual CCHC report.

Bad input prints a Vietnamese message naming the option to stderr and exits with status 2;
nothing is written. A window whose calendar year is not confirmed gets a warning on stderr
(deadlines, hence early/on time/late, rest on seeded data) and the report is still made.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cchc.units.models import Unit
from cchc.workcal.queries import unconfirmed_years

from ...figures import IdentityError
from ...periods import Basis, PeriodError, window
from ...results_documents import render_results_docx, render_results_xlsx
from ...statistics import GroupBy, dossier_results

BAD_INPUT = 2
FORMATS = ("json", "xlsx", "docx")


def refuse(message: str) -> CommandError:
    return CommandError(message, returncode=BAD_INPUT)


class Command(BaseCommand):
    help = "Lập báo cáo định kỳ: biểu kết quả giải quyết TTHC, báo cáo quý, báo cáo năm."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="report", required=True, metavar="{dossier-results,tthc-quarterly,reform-annual}"
        )
        results = sub.add_parser(
            "dossier-results", help="biểu tình hình, kết quả giải quyết TTHC (13 cột)"
        )
        results.add_argument("--unit", required=True, help="mã đơn vị báo cáo")
        results.add_argument(
            "--period",
            required=True,
            help="kỳ báo cáo: 2023-Q1, 2023-H1, 2023-9M, 2023, 2023-03 hoặc 2023-01-01..2023-03-31",
        )
        results.add_argument("--by", default="sector", help="sector (theo lĩnh vực) | unit")
        results.add_argument(
            "--include-children", action="store_true", help="gồm cả các đơn vị cấp dưới"
        )
        results.add_argument(
            "--window", default="cutoff", help="cutoff (kỳ dữ liệu 15 → 14) | calendar"
        )
        results.add_argument("--format", help="json (mặc định) | xlsx | docx")
        results.add_argument("--out", help="tệp kết quả (bắt buộc với xlsx, docx)")

        quarterly = sub.add_parser("tthc-quarterly", help="báo cáo kiểm soát TTHC hằng quý")
        quarterly.add_argument("--unit", required=True, help="mã đơn vị báo cáo")
        quarterly.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2023-Q1")
        quarterly.add_argument("--out", required=True, help="tệp .docx")

        annual = sub.add_parser("reform-annual", help="báo cáo CCHC năm và phụ lục số liệu")
        annual.add_argument("--unit", required=True, help="mã đơn vị báo cáo")
        annual.add_argument("--year", required=True, help="năm báo cáo, ví dụ 2021")
        annual.add_argument("--out", required=True, help="tệp .docx")

    def handle(self, *args, report, **options):
        if report == "dossier-results":
            return self.dossier_results(**options)
        if report == "tthc-quarterly":
            return self.document("tthc-control", options["period"], "--period", **options)
        year = (options["year"] or "").strip()
        if not (year.isdigit() and len(year) == 4):
            raise refuse(f"--year: năm “{year}” không hợp lệ; dùng 4 chữ số, ví dụ 2021.")
        return self.document("reform-annual", year, "--year", **options)

    # ------------------------------------------------------------------ dossier-results

    def dossier_results(self, *, unit, period, by, include_children, out, **options):
        unit = find_unit(unit)
        basis = choice("--window", options["window"], [b.value for b in Basis])
        by = choice("--by", by, [g.value for g in GroupBy])
        fmt = output_format(options.get("format"), out)
        if fmt != "json" and not out:
            raise refuse(f"--out: định dạng {fmt} cần tên tệp kết quả (--out TỆP.{fmt}).")
        if out:
            check_writable(out)
        win = read_period(period, basis)
        self.warn_calendar(win, unit)
        try:
            results = dossier_results(unit, win, by=by, include_children=include_children)
        except IdentityError as exc:
            raise CommandError(f"Số liệu không khớp, không lập được biểu: {exc}") from exc
        if fmt == "json":
            content = json.dumps(results.as_json(), ensure_ascii=False, indent=2) + "\n"
            if not out:
                self.stdout.write(content, ending="")
                return
            content = content.encode("utf-8")
        elif fmt == "xlsx":
            content = render_results_xlsx(results)
        else:
            content = render_results_docx(results)
        write(out, content)
        self.stderr.write(f"Đã ghi {out}.")

    def warn_calendar(self, win, unit) -> None:
        years = unconfirmed_years(range(win.start.year, win.end.year + 1), unit)
        if years:
            listed = ", ".join(str(y) for y in years)
            self.stderr.write(
                f"Cảnh báo: lịch làm việc năm {listed} chưa được xác nhận; hạn giải quyết (và "
                "việc xếp trước hạn, đúng hạn, quá hạn) đang dựa trên lịch nạp tự động."
            )

    # ------------------------------------------------------------------ report documents

    def document(self, type_code: str, period_text: str, option: str, *, unit, out, **_) -> None:
        """A whole report (DOCX) built by `services.build_report_document` (imported here:
        the report services load the whole reporting stack)."""
        unit = find_unit(unit)
        check_writable(out)
        read_period(period_text, Basis.CUTOFF, option)  # the syntax, before any work
        from cchc.reporting import services

        try:
            # The report type's own window (cut-off or calendar) for the calendar warning.
            self.warn_calendar(
                services.window_for(services.report_type(type_code), period_text), unit
            )
            content = services.build_report_document(type_code, unit, period_text, fmt="docx")
        except ValidationError as exc:  # services.ReportRefused: e.g. a period the type skips
            raise refuse(f"{option}: {' '.join(exc.messages)}") from exc
        except (PeriodError, IdentityError) as exc:
            raise refuse(f"{option}: {exc}") from exc
        write(out, content)
        self.stderr.write(f"Đã ghi {out}.")


def find_unit(code: str) -> Unit:
    unit = Unit.objects.select_related("parent").filter(code=(code or "").strip()).first()
    if unit is None:
        raise refuse(f"--unit: không tìm thấy đơn vị có mã “{code}”.")
    return unit


def choice(option: str, value: str, allowed: list[str]) -> str:
    value = (value or "").strip()
    if value not in allowed:
        raise refuse(f"{option}: giá trị “{value}” không hợp lệ; chọn {' hoặc '.join(allowed)}.")
    return value


def output_format(fmt: str | None, out: str | None) -> str:
    if fmt is None:
        suffix = Path(out).suffix.lower().lstrip(".") if out else ""
        return suffix if suffix in FORMATS else "json"
    return choice("--format", fmt, list(FORMATS))


def read_period(text: str, basis, option: str = "--period"):
    try:
        return window(text, basis)
    except PeriodError as exc:
        raise refuse(f"{option}: {exc}") from exc


def check_writable(out: str) -> None:
    """Refuse, before any work, an --out that cannot be written (no directory, a directory,
    no permission)."""
    path = Path(out)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise refuse(f"--out: “{out}” là một thư mục, không phải tệp.")
    if not folder.is_dir():
        raise refuse(f"--out: thư mục “{folder}” không tồn tại.")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise refuse(f"--out: không có quyền ghi tệp “{out}”.")


def write(out: str, content: bytes) -> None:
    """Write the whole file or nothing: a temporary file beside it, then renamed."""
    path = Path(out)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(content)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise refuse(f"--out: không ghi được tệp “{out}”: {exc.strerror or exc}.") from exc
