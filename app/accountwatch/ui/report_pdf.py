"""The report on paper: HTML laid out by QTextDocument into an A4 PDF, and the app's export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QRawFont, QTextDocument
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from accountwatch.core.error_words import os_error_words
from accountwatch.i18n import _, current_language, font_family
from accountwatch.paths import private_output, write_private_file
from accountwatch.services.pdf_text import fix_text_layer
from accountwatch.services.report import (
    HTML_SUFFIXES,
    PDF_SUFFIXES,
    Source,
    evaluated_on,
    report_html,
    report_title,
    unknown_extension,
)
from accountwatch.ui.state import AppState


def write_pdf(html: str, path: Path, *, title: str = "") -> None:
    """Lay `html` out on A4 sheets with 22 mm margins and write it to `path` as a PDF.

    Must run on the GUI thread: QTextDocument's font handling is not thread-safe. A report is
    a few pages, laid out in well under a second, so the GUI does not stall noticeably.
    """
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # print_ adds 2 cm margins of its own inside these (and puts the page number there).
    writer.setPageMargins(QMarginsF(2, 2, 2, 2), QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setCreator("AccountWatch")
    document = QTextDocument()
    document.setDefaultFont(report_font())
    document.setHtml(html)
    # print_ lays the document out on the writer's pages (with page numbers) and ends the file.
    document.print_(writer)
    del writer  # the file is complete once the writer is gone
    text = document.toPlainText()
    fix_text_layer(path, text, current_language(), shared_glyphs(report_font(), text))


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


def write_report_file(html: str, path: Path, *, title: str) -> None:
    """`.pdf` → PDF, `.html`/`.htm` → the HTML itself (UTF-8); ValueError for anything else."""
    suffix = path.suffix.lower()
    # 0600 whatever the umask, like an export: a report names accounts, cards and payments.
    if suffix in PDF_SUFFIXES:
        with private_output(path) as written:
            write_pdf(html, written, title=title)
    elif suffix in HTML_SUFFIXES:
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
    html = report_html(state.profile, source, generated_at=state.clock())
    # On the GUI thread on purpose: see write_pdf.
    try:
        write_report_file(html, path, title=report_title(source))
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
