"""Open rendered documents the way a reader would: every line of text, tables included."""

import io

from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def lines(document) -> list[str]:
    """Every paragraph's text in reading order, descending into table cells."""
    found: list[str] = []

    def walk(container):
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)
            else:
                found.append(block.text)

    walk(document)
    return found


def text(document) -> str:
    return "\n".join(lines(document))


def mm(length) -> float:
    return round(length / Mm(1), 1)


def open_xlsx(data: bytes):
    return load_workbook(io.BytesIO(data))
