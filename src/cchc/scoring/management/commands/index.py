"""`cchc index …` — the reform index from the command line (formats.md).

* `index import-set FILE` — import a criteria set (YAML, XLSX or CSV), all-or-nothing.
* `index export-set --set CODE --out FILE.yaml|FILE.xlsx` — write a set back out.
* `index open-round --code CODE --set SET_CODE (--units CODE,CODE… | --children-of CODE)
  [--year Y] [--organiser CODE] [--name TEXT]` — open an assessment round.
* `index import-scores FILE` — leaf scores into open rounds, all-or-nothing.
* `index results --round CODE [--format json|xlsx|docx] [--out FILE]` — per unit points,
  maximum, index, grade, rank, per-area sub-indices. JSON goes to stdout unless `--out`.

Bad input prints a Vietnamese message naming the file, row and column (or the option) to
stderr and exits with status 2; nothing is written.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cchc.core.errors import ImportRefused
from cchc.units.models import Unit

from ...models import AssessmentRound, CriteriaSet

BAD_INPUT = 2
FORMATS = ("json", "xlsx", "docx")


def refuse(message: str) -> CommandError:
    return CommandError(message, returncode=BAD_INPUT)


class Command(BaseCommand):
    help = "Chỉ số CCHC: nhập bộ tiêu chí, mở đợt đánh giá, nhập điểm, xuất kết quả."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        import_set = sub.add_parser("import-set", help="nhập bộ tiêu chí (YAML, XLSX, CSV)")
        import_set.add_argument("file")

        export_set = sub.add_parser("export-set", help="xuất bộ tiêu chí ra YAML hoặc XLSX")
        export_set.add_argument("--set", required=True, dest="set_code", help="mã bộ tiêu chí")
        export_set.add_argument("--out", required=True, help="tệp .yaml hoặc .xlsx")

        open_round = sub.add_parser("open-round", help="mở đợt đánh giá")
        open_round.add_argument("--code", required=True, help="mã đợt đánh giá")
        open_round.add_argument("--set", required=True, dest="set_code", help="mã bộ tiêu chí")
        open_round.add_argument("--units", help="mã các đơn vị, cách nhau bởi dấu phẩy")
        open_round.add_argument(
            "--children-of", help="mã đơn vị cấp trên: mọi đơn vị trực thuộc cùng loại"
        )
        open_round.add_argument("--year", type=int, help="năm đánh giá (mặc định: năm của bộ)")
        open_round.add_argument("--organiser", help="mã cơ quan tổ chức đánh giá")
        open_round.add_argument("--name", default="", help="tên đợt đánh giá")

        import_scores = sub.add_parser("import-scores", help="nhập điểm từ tệp CSV/XLSX")
        import_scores.add_argument("file")

        results = sub.add_parser("results", help="kết quả đợt đánh giá")
        results.add_argument("--round", required=True, dest="round_code", help="mã đợt đánh giá")
        results.add_argument("--format", help="json (mặc định) | xlsx | docx")
        results.add_argument("--out", help="tệp kết quả (bắt buộc với xlsx, docx)")

    def handle(self, *args, action, **options):
        handler = {
            "import-set": self.import_set,
            "export-set": self.export_set,
            "open-round": self.open_round,
            "import-scores": self.import_scores,
            "results": self.results,
        }[action]
        return handler(**options)

    def _refused(self, refused: ImportRefused, file: str) -> CommandError:
        for error in refused.errors:
            self.stderr.write(str(error))
        return refuse(f"{file}: {len(refused.errors)} lỗi; không nhập gì.")

    def import_set(self, file, **options):
        from ...sets import import_set_file

        try:
            _, summary = import_set_file(file)
        except ImportRefused as refused:
            raise self._refused(refused, file) from None
        self.stdout.write(summary)

    def export_set(self, set_code, out, **options):
        from ...sets import export_set

        found = CriteriaSet.objects.filter(code=set_code).first()
        if found is None:
            raise refuse(f"--set: không có bộ tiêu chí mã “{set_code}”.")
        suffix = Path(out).suffix.lower()
        fmt = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx"}.get(suffix)
        if fmt is None:
            raise refuse("--out: tệp phải có đuôi .yaml hoặc .xlsx.")
        _, data = export_set(found, fmt)
        Path(out).write_bytes(data)
        self.stdout.write(f"Đã xuất bộ tiêu chí {set_code} ra {out}.")

    def open_round(self, code, set_code, units, children_of, year, organiser, name, **options):
        from ...services import ScoringRefused, open_round

        criteria_set = CriteriaSet.objects.filter(code=set_code).first()
        if criteria_set is None:
            raise refuse(f"--set: không có bộ tiêu chí mã “{set_code}”.")
        if bool(units) == bool(children_of):
            raise refuse("Chọn đúng một trong hai: --units hoặc --children-of.")
        year = year or criteria_set.year
        if children_of:
            parent = self._unit(children_of, "--children-of")
            chosen = list(
                parent.subtree()
                .exclude(pk=parent.pk)
                .filter(kind=criteria_set.unit_kind)
                .order_by("path")
            )
            if not chosen:
                raise refuse(
                    f"--children-of: {parent.name} không có đơn vị trực thuộc loại "
                    f"{criteria_set.get_unit_kind_display()}."
                )
        else:
            chosen = [self._unit(c.strip(), "--units") for c in units.split(",") if c.strip()]
            parent = chosen[0].parent if chosen else None
        host = self._unit(organiser, "--organiser") if organiser else parent
        if host is None:
            raise refuse("--organiser: chưa xác định được cơ quan tổ chức đánh giá.")
        try:
            round_ = open_round(
                None,
                code=code,
                name=name,
                criteria_set=criteria_set,
                organiser=host,
                units=chosen,
                year=year,
            )
        except ScoringRefused as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise refuse("Không mở được đợt đánh giá; không có gì thay đổi.") from None
        self.stdout.write(
            f"Đã mở đợt đánh giá {round_.code} ({round_.name}) cho "
            f"{round_.participations.count()} đơn vị."
        )

    def _unit(self, code: str, option: str) -> Unit:
        found = Unit.objects.filter(code=code).first()
        if found is None:
            raise refuse(f"{option}: không có đơn vị mã “{code}”.")
        return found

    def import_scores(self, file, **options):
        from ...score_imports import import_scores

        try:
            summary = import_scores(file)
        except ImportRefused as refused:
            raise self._refused(refused, file) from None
        self.stdout.write(summary)

    def results(self, round_code, format, out, **options):
        from ...queries import results_of
        from ...results_documents import results_docx, results_json, results_xlsx

        round_ = (
            AssessmentRound.objects.select_related("criteria_set", "organiser")
            .filter(code=round_code)
            .first()
        )
        if round_ is None:
            raise refuse(f"--round: không có đợt đánh giá mã “{round_code}”.")
        fmt = format or {".xlsx": "xlsx", ".docx": "docx"}.get(Path(out or "").suffix.lower())
        fmt = fmt or "json"
        if fmt not in FORMATS:
            raise refuse(f"--format: “{fmt}” không hợp lệ; dùng json, xlsx hoặc docx.")
        if fmt != "json" and not out:
            raise refuse(f"--out: cần tên tệp để ghi kết quả dạng {fmt}.")
        try:
            results = results_of(round_)
        except ValidationError as exc:
            raise refuse(" ".join(exc.messages)) from None
        if fmt == "json":
            text = json.dumps(results_json(results), ensure_ascii=False, indent=2)
            if out:
                Path(out).write_text(text + "\n", encoding="utf-8")
            else:
                self.stdout.write(text)
            return
        data = results_xlsx(results) if fmt == "xlsx" else results_docx(results)
        Path(out).write_bytes(data)
        self.stdout.write(f"Đã ghi kết quả đợt {round_code} ra {out}.")
