"""The report on paper: HTML laid out by QTextDocument into an A4 PDF, and the app's export."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QMarginsF,
    QObject,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QTimer,
    Signal,
)
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
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from accountwatch.core.error_words import os_error_words
from accountwatch.i18n import _, current_language, font_family, format_number, ngettext
from accountwatch.paths import (
    begin_private_output,
    commit_private_output,
    write_private_file,
)
from accountwatch.services.pdf_text import fix_text_layer
from accountwatch.services.report import (
    Source,
    evaluated_on,
    report_documents,
    report_format,
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

    On the GUI thread: QTextDocument's layout holds the GIL (a worker thread laying a report
    out stalls the window as long) and its fonts come from the GUI's font database. The app
    lays a long report out document by document between turns of its event loop instead
    (`ReportExport`); this writes it in one go (the command line, tests).
    """
    documents = [html] if isinstance(html, str) else html
    pages = PdfPages(path, title)
    try:
        for document in documents:
            pages.add(document)
    finally:
        text, glyphs = pages.finish()
    fix_text_layer(path, text, current_language(), glyphs)


class PdfPages:
    """A PDF being written to `path`: documents laid out and drawn one at a time (`add`), each
    beginning a new sheet, the sheets numbered as one; then `finish`. On the GUI thread."""

    def __init__(self, path: Path, title: str) -> None:
        self.writer = QPdfWriter(str(path))
        self.writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        # Inside these come 2 cm margins of the document's own, with the page number in the
        # lower one (as QTextDocument.print_ lays a document out).
        self.writer.setPageMargins(QMarginsF(2, 2, 2, 2), QPageLayout.Unit.Millimeter)
        self.writer.setTitle(title)
        self.writer.setCreator("AccountWatch")
        self.font = report_font()
        self.painter = QPainter(self.writer)
        self.sheets = 0
        self._texts: list[str] = []

    def add(self, html: str) -> None:
        """Lay `html` out and draw its pages (ReportTooLongError, OSError)."""
        document = _laid_out(html, self.writer, self.font)
        self._texts.append(document.toPlainText())
        for page in range(document.pageCount()):
            if self.sheets and not self.writer.newPage():
                raise OSError(_("The PDF could not be written."))
            self.sheets += 1
            _print_page(self.painter, document, page, self.sheets)

    def abandon(self) -> None:
        """End the writer without the text layer's reading (the file is being thrown away)."""
        if self.painter.isActive():
            self.painter.end()

    def finish(self) -> tuple[str, dict[str, str]]:
        """End the file (complete once the painter has ended) and give its text and the
        glyphs Qt's text map shares, for `fix_text_layer` (which may run on any thread)."""
        if self.painter.isActive():
            self.painter.end()
        text = "\n".join(self._texts)
        return text, shared_glyphs(self.font, text)


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
    # The distinct characters first (in C): a long report's text is millions of them.
    wanted = sorted(c for c in set(text) if ord(c) < 0x10000 and not 0xD800 <= ord(c) < 0xE000)
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


def export_report(
    parent: QWidget, state: AppState, source: Source | None = None, path: Path | None = None
) -> ReportExport | None:
    """Ask where (unless `path` is given) and write the report of `source` (the current check
    when None) as PDF or HTML, without holding the window (see ReportExport). Returns the
    export under way, None when there is nothing to report or no file was chosen."""
    source = source if source is not None else state.result
    if source is None:
        return None
    if path is None:
        path = _ask_path(parent, source)
        if path is None:
            return None
    export = ReportExport(parent, state, source, path)
    export.start()
    return export


class ReportExport(QObject):
    """One report being written to `path`, the window answering all along.

    The HTML is made on a worker thread. A PDF is then laid out one document (an account, see
    report_documents) per turn of the event loop, on the GUI thread (see write_pdf), behind a
    progress dialog whose Cancel stops it; its text layer is mended on a worker thread. The
    file appears under its name only when complete (begin/commit_private_output). `finished`
    carries the file written, or None (cancelled, or failed: said in a message box)."""

    finished = Signal(object)

    def __init__(self, parent: QWidget, state: AppState, source: Source, path: Path) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.state = state
        self.source = source
        self.path = path
        self.done = False
        self.written: Path | None = None
        self.progress: QProgressDialog | None = None
        self._documents: list[str] = []
        self._pages: PdfPages | None = None
        self._laid = 0  # documents laid out and drawn so far
        self._partial: Path | None = None
        self._cancelled = False
        # The last step, on a worker: the text layer mended, then the file renamed into place,
        # which a cancel may no longer stop once done (see cancel).
        self._writing = False
        self._commit = threading.Lock()
        self._committed = False
        app = QCoreApplication.instance()
        if app is not None:  # quitting mid-way leaves no partial file behind
            app.aboutToQuit.connect(self.cancel)

    def start(self) -> None:
        profile, source, path = self.state.profile, self.source, self.path
        generated_at = self.state.clock()
        kind = report_format(path)
        if kind == "html":

            def write_html() -> None:
                html = report_html(profile, source, generated_at=generated_at)
                write_private_file(path, html.encode("utf-8"))

            self.state.tasks.run(write_html, lambda _none: self._succeed(), self._fail)
            return
        if kind is None:
            self._fail(ValueError(unknown_extension(path)))
            return
        self.progress = self._progress_dialog()
        self.state.tasks.run(
            lambda: report_documents(profile, source, generated_at=generated_at),
            self._lay_out,
            self._fail,
        )

    def cancel(self) -> None:
        """Stop, keeping no part of the file (the file already there under the name stays).

        While the worker mends the text layer and renames the file, it is the worker that
        drops the file: the two agree under a lock, so the export either ends cancelled with
        the earlier file in place or, too late to stop, completes."""
        if self.done:
            return
        with self._commit:
            if self._committed:
                return  # the file is in place: `_succeed` reports it
            self._cancelled = True
        if self._pages is not None:
            self._pages.abandon()
            self._pages = None
        if self._partial is not None and not self._writing:
            self._partial.unlink(missing_ok=True)
        self._partial = None
        self._end(None)

    def _progress_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog(_("Preparing the report…"), _("Cancel"), 0, 0, self.parent_widget)
        dialog.setWindowTitle(_("Export report"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)  # a report of a few accounts is done before it shows
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        return dialog

    def _lay_out(self, documents: list[str]) -> None:
        if self._cancelled:
            return
        self._documents = documents
        try:
            self._partial = begin_private_output(self.path)
            self._pages = PdfPages(self._partial, report_title(self.source))
        except OSError as exc:
            self._fail(exc)
            return
        if self.progress is not None:
            self.progress.setMaximum(len(documents))
        QTimer.singleShot(0, self, self._next)

    def _next(self) -> None:
        """Lay out and draw the next document, then come back on the next turn."""
        pages = self._pages
        if self.progress is not None and self.progress.wasCanceled():
            self.cancel()
        if self._cancelled or pages is None:
            return
        try:
            pages.add(self._documents[self._laid])
        except (OSError, ValueError) as exc:  # ReportTooLongError is a ValueError
            self.cancel()
            self._tell(exc)
            return
        if self.done:  # cancelled while it was drawn (the app quitting, say)
            return
        self._laid += 1
        count = len(self._documents)
        if self.progress is not None:
            self.progress.setLabelText(
                ngettext(
                    "Laying out the PDF: {pages} page so far…",
                    "Laying out the PDF: {pages} pages so far…",
                    pages.sheets,
                ).format(pages=format_number(pages.sheets))
            )
            self.progress.setValue(self._laid)
        if self._laid < count:
            QTimer.singleShot(0, self, self._next)
            return
        self._pages = None
        partial, path, language = self._partial, self.path, current_language()
        assert partial is not None
        try:
            text, glyphs = pages.finish()
        except OSError as exc:
            self._fail_partial(exc)
            return
        if self.progress is not None:
            self.progress.setLabelText(_("Writing the file…"))
            self.progress.setCancelButton(None)  # nearly done: the file is renamed next

        def mend_and_keep() -> bool:
            """Whether the file is in place (False: cancelled meanwhile, nothing kept)."""
            try:
                fix_text_layer(partial, text, language, glyphs)
                with self._commit:
                    if self._cancelled:
                        partial.unlink(missing_ok=True)
                        return False
                    commit_private_output(partial, path)
                    self._committed = True
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            return True

        self._writing = True
        self.state.tasks.run(
            mend_and_keep, lambda kept: self._succeed() if kept else None, self._fail_partial
        )

    def _fail_partial(self, exc: BaseException) -> None:
        if self._partial is not None:
            self._partial.unlink(missing_ok=True)
            self._partial = None
        self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        if self._cancelled:
            return
        self._end(None)
        self._tell(exc)

    def _tell(self, exc: BaseException) -> None:
        if not isinstance(exc, OSError | ValueError):
            self.state.failed.emit(exc)
            return
        message = str(exc) if isinstance(exc, ValueError) else os_error_words(exc)
        QMessageBox.warning(
            self.parent_widget,
            _("Export report"),
            _("The report could not be written to {file}: {error}").format(
                file=self.path, error=message
            ),
        )

    def _succeed(self) -> None:
        if self._cancelled:
            return
        self._partial = None
        self.written = self.path
        self.state.announce(_("Report saved to {file}.").format(file=self.path), self.path)
        self._end(self.path)

    def _end(self, written: Path | None) -> None:
        self.done = True
        self._documents = []  # a large report's HTML is tens of megabytes
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.disconnect(self.cancel)
        self.finished.emit(written)


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
    if report_format(path) is None:
        path = path.with_name(path.name + (".html" if chosen == html else ".pdf"))
    return path
