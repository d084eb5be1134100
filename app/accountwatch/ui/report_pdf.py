"""The report on paper: HTML laid out by QTextDocument into an A4 PDF, and the app's export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QRawFont,
    QTextDocument,
)
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from accountwatch.core.error_words import os_error_words
from accountwatch.core.model import Profile
from accountwatch.i18n import _, current_language, font_family, ngettext
from accountwatch.paths import private_output, write_private_file
from accountwatch.services.pdf_text import fix_text_layer
from accountwatch.services.report import (
    HTML_SUFFIXES,
    PDF_SUFFIXES,
    Source,
    evaluated_on,
    report_documents,
    report_html,
    report_title,
    unknown_extension,
)
from accountwatch.ui.state import AppState

# Qt's text layout ends a document at QFIXED_MAX (INT_MAX/256, qfixed_p.h) device pixels and
# silently drops what follows: 606 A4 sheets at the PDF writer's 1200 dpi.
_LAYOUT_LIMIT = (2**31 - 1) // 256


class ReportTooLongError(ValueError):
    """A part of the report that would not fit in one laid-out document (see _LAYOUT_LIMIT)."""


def write_pdf(html: str | list[str], path: Path, *, title: str = "") -> None:
    """Lay `html` out on A4 sheets with 22 mm margins and write it to `path` as a PDF; a list
    is of documents that each begin a new sheet (services.report.report_documents), numbered
    as one. ReportTooLongError when one of them would be cut short.

    Must run on the GUI thread: QTextDocument's font handling is not thread-safe. A report of
    a few accounts is laid out in well under a second, so the GUI does not stall noticeably.
    """
    documents = [html] if isinstance(html, str) else html
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # Inside these come 2 cm margins of the document's own, with the page number in the lower
    # one (as QTextDocument.print_ lays a document out).
    writer.setPageMargins(QMarginsF(2, 2, 2, 2), QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setCreator("AccountWatch")
    font = report_font()
    painter = QPainter(writer)
    texts: list[str] = []
    try:
        sheet = 0
        for html_text in documents:
            document = _laid_out(html_text, writer, font)
            texts.append(document.toPlainText())
            for page in range(document.pageCount()):
                if sheet and not writer.newPage():
                    raise OSError(_("The PDF could not be written."))
                sheet += 1
                _print_page(painter, document, page, sheet)
    finally:
        painter.end()  # the file is complete once the painter has ended
    text = "\n".join(texts)
    fix_text_layer(path, text, current_language(), shared_glyphs(font, text))


def _laid_out(html: str, writer: QPdfWriter, font: QFont) -> QTextDocument:
    """`html` laid out on the writer's sheets, in its pixels, inside 2 cm margins."""
    document = QTextDocument()
    document.setDefaultFont(font)
    # Device, sheet and margins before the text: each change lays the whole text out again.
    document.documentLayout().setPaintDevice(writer)
    document.setPageSize(QSizeF(writer.width(), writer.height()))
    document.setDocumentMargin(_margin())
    # Qt's rich text knows no <bdi>; its text layout honours the isolates of Unicode's
    # bidirectional algorithm, which mean the same (FSI … PDI). User text cannot hold the tag:
    # the report escapes it.
    document.setHtml(html.replace("<bdi>", "\u2068").replace("</bdi>", "\u2069"))
    if document.size().height() >= _LAYOUT_LIMIT:
        sheets = int(_LAYOUT_LIMIT // writer.height())
        raise ReportTooLongError(
            ngettext(
                "The report is too long for a PDF: one part of it would take more than {count} "
                "page, which the PDF writer cannot lay out. Save the report as .html instead.",
                "The report is too long for a PDF: one part of it would take more than {count} "
                "pages, which the PDF writer cannot lay out. Save the report as .html instead.",
                sheets,
            ).format(count=sheets)
        )
    return document


def _layout_dpi() -> int:
    """The resolution QTextDocument's lengths are in (qt_defaultDpi): its layout scales them
    to the paint device, frame margins included."""
    if QGuiApplication.testAttribute(Qt.ApplicationAttribute.AA_Use96Dpi):
        return 96
    screen = QGuiApplication.primaryScreen()
    return round(screen.logicalDotsPerInchY()) if screen is not None else 96


def _margin() -> int:
    """2 cm, in the layout's lengths."""
    return int(2 / 2.54 * _layout_dpi())


def _print_page(painter: QPainter, document: QTextDocument, page: int, number: int) -> None:
    """Draw page `page` (from 0) of `document` on the painter's current sheet, with `number`
    at its lower right corner, as QTextDocument.print_ does."""
    size = document.pageSize()
    view = QRectF(0, page * size.height(), size.width(), size.height())
    painter.save()
    painter.translate(0, -view.top())
    painter.setClipRect(view)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = view
    # Black on white paper whatever the desktop's palette says text is.
    context.palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.black)
    document.documentLayout().draw(painter, context)
    painter.setClipping(False)
    font = QFont(document.defaultFont())
    painter.setFont(font)
    metrics = QFontMetricsF(font, painter.device())
    dpi = painter.device().logicalDpiY()
    margin = _margin() * dpi / _layout_dpi()
    label = str(number)
    corner = QPointF(
        size.width() - margin - metrics.horizontalAdvance(label),
        view.top() + size.height() - margin + metrics.ascent() + 5 * dpi / 72,
    )
    painter.drawText(corner, label)
    painter.restore()


def shared_glyphs(font: QFont, text: str) -> dict[str, str]:
    """Code points Qt's PDF engine will write in the text map instead of a character of `text`:
    the lowest code point the font draws with that character's glyph (see services.pdf_text),
    mapped to the character. Read from the font's own cmap, so it holds for any font."""
    raw = QRawFont.fromFont(font)
    wanted = sorted({c for c in text if ord(c) < 0x10000 and not 0xD800 <= ord(c) < 0xE000})
    if not raw.isValid() or not wanted:
        return {}
    glyph_of = dict(zip(wanted, raw.glyphIndexesForString("".join(wanted)), strict=True))
    meant = {glyph: char for char, glyph in glyph_of.items() if glyph}
    # Every code point below the document's highest one, in order: the first to reach a glyph
    # is the one Qt writes for it.
    below = [chr(c) for c in range(0x20, ord(wanted[-1])) if not 0xD800 <= c < 0xE000]
    shared: dict[str, str] = {}
    claimed: set[int] = set()
    for char, glyph in zip(below, raw.glyphIndexesForString("".join(below)), strict=True):
        if glyph in meant and glyph not in claimed:
            claimed.add(glyph)
            if meant[glyph] != char:
                shared[char] = meant[glyph]
    return shared


def report_font() -> QFont:
    """10 pt in the language's one family, without ligatures: a ligature glyph copies as ﬁ
    (U+FB01) or, in a font whose cmap lacks it, as nothing, and "findings" is not found."""
    font = QFont()
    family = font_family()
    if family:
        font.setFamilies([family])
    font.setPointSizeF(10)
    # Nor localized forms: Noto Sans CJK JP's `locl` swaps 0 and 1 in a Japanese run for glyphs
    # no cmap entry reaches, and Qt's text map then has nothing for them ("No.1" copies as
    # "No.", "100%" as "%"). The font's default glyphs are its Japanese ones already.
    for feature in ("liga", "clig", "locl"):
        font.setFeature(QFont.Tag(feature), 0)
    return font


def write_report_file(
    profile: Profile, source: Source, path: Path, *, generated_at: dt.datetime
) -> None:
    """The report of `source`: `.pdf` → PDF, `.html`/`.htm` → HTML (UTF-8); ValueError for
    anything else, or a report too long for a PDF (ReportTooLongError)."""
    suffix = path.suffix.lower()
    # 0600 whatever the umask, like an export: a report names accounts, cards and payments.
    if suffix in PDF_SUFFIXES:
        documents = report_documents(profile, source, generated_at=generated_at)
        with private_output(path) as written:
            write_pdf(documents, written, title=report_title(source))
    elif suffix in HTML_SUFFIXES:
        html = report_html(profile, source, generated_at=generated_at)
        write_private_file(path, html.encode("utf-8"))
    else:
        raise ValueError(unknown_extension(path))


def export_report(
    parent: QWidget, state: AppState, source: Source | None = None, path: Path | None = None
) -> Path | None:
    """Ask where (unless `path` is given) and write the report of `source` (the current check
    when None) as PDF or HTML. Returns the file written, None when cancelled or failed."""
    source = source if source is not None else state.result
    if source is None:
        return None
    if path is None:
        path = _ask_path(parent, source)
        if path is None:
            return None
    # On the GUI thread on purpose: see write_pdf.
    try:
        write_report_file(state.profile, source, path, generated_at=state.clock())
    except (OSError, ValueError) as exc:
        message = str(exc) if isinstance(exc, ValueError) else os_error_words(exc)
        QMessageBox.warning(
            parent,
            _("Export report"),
            _("The report could not be written to {file}: {error}").format(
                file=path, error=message
            ),
        )
        return None
    state.announce(_("Report saved to {file}.").format(file=path), path)
    return path


def _ask_path(parent: QWidget, source: Source) -> Path | None:
    pdf = _("PDF document (*.pdf)")
    html = _("Web page (*.html *.htm)")
    day = evaluated_on(source).isoformat()
    suggested = Path.home() / f"accountwatch-report-{day}.pdf"
    name, chosen = QFileDialog.getSaveFileName(
        parent, _("Export report"), str(suggested), f"{pdf};;{html}", pdf
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in PDF_SUFFIXES + HTML_SUFFIXES:
        path = path.with_name(path.name + (".html" if chosen == html else ".pdf"))
    return path
