"""Documents the portal writes itself (the web appeal form's receipt, the response form, a party's new contact
details) as tagged PDF/A, from an HTML template, with WeasyPrint.

Nothing is fetched: each template keeps its stylesheet inline (the shared rules are
templates/documents/_pdf_style.html), the font is the system's (DejaVu Sans through fontconfig) and every URL is
refused, so such a document never depends on, or leaks to, the network.
"""

import logging

from django.conf import settings

PDF_VARIANT = "pdf/a-3a"
"""PDF/A-3, level A (accessible): the archival format, tagged. WeasyPrint writes the XMP identification
(pdfaid:part, pdfaid:conformance), the sRGB output intent, embeds every font and, for level A, the structure
tree a screen reader follows (headings, paragraphs, tables with their header cells) with /MarkInfo, the
document's language and /DisplayDocTitle."""

# Not declared PDF/UA-1 (pdfuaid:part): WeasyPrint writes one variant's identification, and a pdfuaid property in
# a PDF/A file needs a PDF/A extension schema for it in the XMP metadata, which WeasyPrint does not write.

# WeasyPrint reports every rendering step at INFO; the portal's log keeps its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def html_to_pdf(html: str) -> bytes:
    """The rendered page as a tagged PDF/A; a refused fetch stops the rendering instead of leaving a gap."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=(), fail_on_errors=True)
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf(pdf_variant=PDF_VARIANT)
