"""PDF rendering of HTML for official documents and reports (WeasyPrint).

The page follows Nghị định 30/2020/NĐ-CP: A4 portrait, margins top and bottom 20 mm, left
30 mm, right 15 mm, Times New Roman 13 pt, page numbers centred in the top margin from the
second page on. On Debian "Times New Roman" resolves through fontconfig to a metric-compatible
font with Vietnamese glyphs (Tinos from fonts-croscore or Liberation Serif from
fonts-liberation2; `make fonts` installs both).

Nothing is fetched from the network: only ``data:`` and ``file:`` URLs are loaded (images
embedded as data URIs, stylesheets and images under ``base_url``); any other URL is skipped.

No Django imports: callers render their template to a string and pass it here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)

ALLOWED_PROTOCOLS = ("data", "file")

OFFICIAL_PAGE_CSS = """
@page {
  size: A4 portrait;
  margin: 20mm 15mm 20mm 30mm;
  @top-center {
    content: counter(page);
    font-family: "Times New Roman", serif;
    font-size: 13pt;
  }
}
@page :first {
  @top-center { content: none; }
}
html {
  font-family: "Times New Roman", serif;
  font-size: 13pt;
  line-height: 1.3;
  color: #000;
}
body { margin: 0; }
p { margin: 0 0 6pt; text-align: justify; }
h1, h2, h3 { font-size: 14pt; font-weight: bold; margin: 12pt 0 6pt; }
h1 { text-align: center; text-transform: uppercase; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }
th { font-weight: bold; text-align: center; vertical-align: middle; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.number, th.number { text-align: right; }
img { max-width: 100%; }
"""


def html_to_pdf(
    html: str, *, base_url: str | None = None, stylesheets: Sequence[str] = ()
) -> bytes:
    """The PDF bytes of an HTML page laid out as an official A4 document.

    ``stylesheets`` are CSS source texts applied after ``OFFICIAL_PAGE_CSS``, so they can
    override it (e.g. ``@page { size: A4 landscape }`` for a wide statistics table).
    ``base_url`` resolves relative ``file:`` links (a directory path or ``file://`` URL).
    """
    fetcher = URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS)
    font_config = FontConfiguration()
    sheets = [
        CSS(string=text, base_url=base_url, url_fetcher=fetcher, font_config=font_config)
        for text in (OFFICIAL_PAGE_CSS, *stylesheets)
    ]
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=sheets, font_config=font_config
    )
    pdf = document.write_pdf()
    # Sizes only: the page may carry citizens' names, so its text never reaches the log.
    logger.debug("rendered PDF: %d page(s), %d bytes", len(document.pages), len(pdf))
    return pdf
