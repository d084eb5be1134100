"""The health check report as one print-friendly HTML document (for the app, PDF and the CLI)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Literal

from accountwatch.core.company_fields import company_names
from accountwatch.core.findings import Band, Category
from accountwatch.core.model import Profile
from accountwatch.core.risk import SCORE_SENTENCE
from accountwatch.i18n import _, current_language, font_family, format_date, italics_allowed
from accountwatch.services.checks import CheckResult, to_run
from accountwatch.services.explanation import Explanation, explain_recorded
from accountwatch.services.report_isolation import Isolator, isolated, profile_values
from accountwatch.services.wording import (
    acknowledged_because,
    band_words,
    category_words,
    platform_words,
)
from accountwatch.store.runs import RecordedRun

Source = CheckResult | RecordedRun

PDF_SUFFIXES = (".pdf",)

# Rows of a long table (the scores, what is coming up) per laid-out document of the PDF, two or
# three sheets: the app lays a PDF out a document per turn of its event loop (ui.report_pdf), and
# Qt lays tables out slowly (200 rows of Japanese took 0.4 s, 5,000 kept the window still for
# three seconds); Qt lays out no more than 606 sheets in one document (see report_documents).
_TABLE_ROWS = 100
HTML_SUFFIXES = (".html", ".htm")

# Background and text colour of each band's badge; the badge always carries the band's word.
_BAND_COLOURS = {
    Band.LOW: ("#2e7d32", "#ffffff"),
    Band.MODERATE: ("#f9a825", "#000000"),
    Band.HIGH: ("#ef6c00", "#ffffff"),
    Band.CRITICAL: ("#c62828", "#ffffff"),
}

# Only what QTextDocument's rich text understands: no flex, no JS, tables for layout, and
# margins in px (it ignores margins in pt).
_CSS = """
body { font-size: 10pt; }
h1 { font-size: 18pt; margin-bottom: 6px; }
h2 { font-size: 14pt; margin-top: 22px; margin-bottom: 6px; }
h3 { font-size: 11pt; margin-top: 14px; margin-bottom: 4px; color: #37474f; }
table { margin-bottom: 4px; }
table.grid { border-collapse: collapse; border-color: #9e9e9e; border-style: solid; }
table.grid th { background-color: #eceff1; color: #000000; text-align: left; }
td.num { text-align: right; }
.muted { color: #616161; }
.small { font-size: 9pt; }
.ack { color: #616161; }
.footer { font-size: 8pt; color: #616161; margin-top: 24px; }
"""


def _language_css() -> str:
    """The language's one font family, and notes in italics only where the script has them."""
    family = font_family()
    css = f'body {{ font-family: "{family}"; }}\n' if family else ""
    style = "italic" if italics_allowed() else "normal"
    return css + f".note {{ font-style: {style}; }}\n"


@dataclass(frozen=True)
class _Item:
    category: str
    weight: float
    message: str
    why: str
    action: str
    acknowledged: bool
    reason: str


@dataclass(frozen=True)
class _Section:
    label: str
    account_id: str
    platform: str
    score: int
    band: Band
    items: tuple[_Item, ...]
    explanation: Explanation

    @property
    def open_count(self) -> int:
        return sum(not i.acknowledged for i in self.items)


def _sections(profile: Profile, source: Source, now: dt.datetime) -> list[_Section]:
    """Both kinds of source as the same sections; labels come from the profile."""
    # A fresh check reads as the run it would record: one way to name acknowledgements.
    run = to_run(profile, source.assessment, now) if isinstance(source, CheckResult) else source
    sections = []
    for run_account in run.accounts:
        account = profile.account(run_account.account_id)
        sections.append(
            _Section(
                label=_label(profile, run_account.account_id),
                account_id=run_account.account_id,
                platform=platform_words(account.platform if account else None),
                score=run_account.score,
                band=Band(run_account.band),
                items=tuple(
                    _Item(
                        f.category,
                        f.weight,
                        f.message,
                        f.why,
                        f.action,
                        f.acknowledged,
                        acknowledged_because(f.ack_reason, f.ack_until) if f.acknowledged else "",
                    )
                    for f in run_account.findings
                ),
                explanation=explain_recorded(run_account),
            )
        )
    return sections


def _label(profile: Profile, account_id: str) -> str:
    account = profile.account(account_id)
    return account.display_name if account else account_id


def evaluated_on(source: Source) -> dt.date:
    return source.assessment.at if isinstance(source, CheckResult) else source.evaluated_on


def unknown_extension(path: Path) -> str:
    """Why `path` cannot take a report (for a ValueError)."""
    return _("A report is saved as .html or .pdf, not “{suffix}” ({file}).").format(
        file=path, suffix=path.suffix or _("no extension")
    )


def report_format(path: Path) -> Literal["html", "pdf"] | None:
    """The report `path` names by its extension (either case): None for any other."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    return "pdf" if suffix in PDF_SUFFIXES else None


def report_title(source: Source) -> str:
    return _("AccountWatch report — {date}").format(date=format_date(evaluated_on(source)))


def _badge(band: Band) -> str:
    background, text = _BAND_COLOURS[band]
    return (
        f'<span style="background-color:{background}; color:{text}; font-weight:bold;">'
        f"&nbsp;{escape(band_words(band))}&nbsp;</span>"
    )


def _local(moment: dt.datetime) -> str:
    local = moment.astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


def _company(profile: Profile, company_name: str | None) -> str:
    if company_name is not None:
        return company_name
    company = profile.company
    if company is None:
        return ""
    return company_names(company)


def _header(profile: Profile, source: Source, company: str, generated_at: dt.datetime) -> list[str]:
    score = source.assessment.score if isinstance(source, CheckResult) else source.score
    band = source.assessment.band if isinstance(source, CheckResult) else Band(source.band)
    rows = [(_("Company"), isolated(company) if company else "—")]
    rows.append((_("Date evaluated"), escape(format_date(evaluated_on(source)))))
    if isinstance(source, RecordedRun):
        rows.append((_("Recorded at"), escape(_local(source.recorded_at))))
    rows.append((_("Generated"), escape(_local(generated_at))))
    rows.append(
        (
            _("Overall freeze risk"),
            escape(_("{score} of 100")).format(score=f"<b>{score}</b>") + " &nbsp; " + _badge(band),
        )
    )
    out = [f"<h1>{escape(_('AccountWatch health check report'))}</h1>"]
    out.append('<table cellspacing="0" cellpadding="3">')
    out += [
        f'<tr><td class="muted">{escape(name)}</td><td>&nbsp;&nbsp;{value}</td></tr>'
        for name, value in rows
    ]
    out.append("</table>")
    return out


def _summary(sections: list[_Section], rows: int | None) -> list[list[str]]:
    """The table of scores, as tables of at most `rows` rows each (all in one: None)."""
    heads = (_("Account"), _("Platform"), _("Score"), _("Risk"), _("Open findings"))
    head = (
        '<table class="grid" width="100%" border="1" cellspacing="0" cellpadding="4"><tr>'
        + "".join(f"<th>{escape(h)}</th>" for h in heads)
        + "</tr>"
    )
    step = rows or max(1, len(sections))
    tables = []
    for start in range(0, max(1, len(sections)), step):
        out = [head]
        for s in sections[start : start + step]:
            out.append(
                f"<tr><td>{isolated(s.label)}</td><td>{escape(s.platform)}</td>"
                f'<td class="num">{s.score}</td><td>{_badge(s.band)}</td>'
                f'<td class="num">{s.open_count}</td></tr>'
            )
        out.append("</table>")
        tables.append(out)
    if not sections:
        tables[0].insert(
            1, f'<tr><td colspan="5">{escape(_("No accounts in the profile."))}</td></tr>'
        )
    tables[0].insert(0, f"<h2>{escape(_('Score per account'))}</h2>")
    return tables


def _account(section: _Section, user: Isolator, *, page_break: bool) -> list[str]:
    # Each account after the first starts a new sheet, so one account's to-do list is one page.
    style = ' style="page-break-before: always;"' if page_break else ""
    out = [f"<h2{style}>{isolated(section.label)}</h2>"]
    out.append(
        '<p class="muted">'
        + escape(
            _("{platform} · account {id} · score {score} of 100").format(
                platform=section.platform, id=section.account_id, score=section.score
            )
        )
        + " &nbsp; "
        + _badge(section.band)
        + "</p>"
    )
    if not section.items:
        out.append(f"<p>{escape(_('No findings: nothing to fix for this account.'))}</p>")
        return out
    out += _why_score(section.explanation, user)
    order = [str(c) for c in Category]
    categories = sorted(
        {i.category for i in section.items},
        key=lambda c: order.index(c) if c in order else len(order),
    )
    for category in categories:
        items = sorted(
            (i for i in section.items if i.category == category),
            key=lambda i: (i.acknowledged, -i.weight),
        )
        out.append(f"<h3>{escape(category_words(category))}</h3>")
        out.append(
            '<table class="grid" width="100%" border="1" cellspacing="0" cellpadding="5">'
            f'<thead><tr><th width="58%">{escape(_("Finding"))}</th>'
            f"<th>{escape(_('What to do'))}</th></tr></thead>"
        )
        for item in items:
            out.append(_finding_row(item, user))
        out.append("</table>")
    return out


# One colour per category for the points bars (as in the app); the category's word goes along.
_CATEGORY_COLOURS = {
    Category.SECURITY: "#1565c0",
    Category.PAYMENT: "#6a1b9a",
    Category.REGISTRATION: "#00838f",
    Category.CONDUCT: "#8d6e63",
}


def _bar(points: float, colour: str) -> str:
    """Points on the score's 0–100 scale as a bar: a table of two cells, which QTextDocument
    draws (it knows no CSS widths on spans)."""
    filled = max(1, min(100, round(points)))
    rest = f'<td width="{100 - filled}%" bgcolor="#e0e0e0"></td>' if filled < 100 else ""
    return (
        '<table width="100%" cellspacing="0" cellpadding="0" border="0"><tr>'
        f'<td width="{filled}%" bgcolor="{colour}">&nbsp;</td>{rest}</tr></table>'
    )


def _why_score(explanation: Explanation, user: Isolator) -> list[str]:
    """The table of "Why this score?": each counting finding's points, heaviest first, then
    each category's subtotal and the total, with the rule in one sentence."""
    if not explanation.lines:
        return []
    out = [f"<h3>{escape(_('Why this score?'))}</h3>"]
    out.append(
        '<table class="grid" width="100%" border="1" cellspacing="0" cellpadding="4">'
        f'<thead><tr><th width="49%">{escape(_("Finding"))}</th>'
        f'<th width="17%">{escape(_("Category"))}</th>'
        f'<th width="12%">{escape(_("Points added"))}</th><th width="22%"></th></tr></thead>'
    )
    for line in explanation.lines:
        out.append(
            f"<tr><td>{user(line.message)}</td>"
            f"<td>{escape(category_words(line.category))}</td>"
            f'<td class="num">+{line.points:.1f}</td>'
            f"<td>{_bar(line.points, _CATEGORY_COLOURS[line.category])}</td></tr>"
        )
    for category, points in explanation.subtotals:
        subtotal = _("Subtotal: {category}").format(category=category_words(category))
        out.append(
            f'<tr><td colspan="2"><b>{escape(subtotal)}</b></td>'
            f'<td class="num"><b>+{points:.1f}</b></td>'
            f"<td>{_bar(points, _CATEGORY_COLOURS[category])}</td></tr>"
        )
    total = _("Total (the score, rounded: {score})").format(score=explanation.score)
    out.append(
        f'<tr><td colspan="2"><b>{escape(total)}</b></td>'
        f'<td class="num"><b>{explanation.total:.1f}</b></td><td></td></tr>'
    )
    out.append("</table>")
    out.append(f'<p class="small muted">{escape(_(SCORE_SENTENCE))}</p>')
    return out


def _finding_row(item: _Item, user: Isolator) -> str:
    message = f"<b>{user(item.message)}</b>"
    if item.acknowledged:
        note = _("Acknowledged: {reason}").format(reason=item.reason) if item.reason else None
        mark = user(note or _("Acknowledged"))
        message = (
            f'<span class="ack">{user(item.message)}</span><br/><span class="note">{mark}</span>'
        )
    why = ""
    if item.why:
        text = _("Why it matters: {why}").format(why=item.why)
        why = f'<br/><span class="small muted">{user(text)}</span>'
    return f"<tr><td>{message}{why}</td><td>{user(item.action)}</td></tr>"


def _coming_up(source: Source, user: Isolator, rows: int | None) -> list[list[str]]:
    """What is coming up, as tables of at most `rows` rows each (all in one: None); one empty
    run when nothing is (or a recorded run is shown)."""
    if not isinstance(source, CheckResult) or not source.upcoming:
        return [[]]
    head = [
        '<table class="grid" width="100%" border="1" cellspacing="0" cellpadding="4">',
        f'<thead><tr><th width="18%">{escape(_("Date"))}</th>'
        f"<th>{escape(_('What'))}</th></tr></thead>",
    ]
    items = source.upcoming
    step = rows or len(items)
    tables = [
        [
            *head,
            *(
                f"<tr><td>{escape(format_date(u.date))}</td><td>{user(u.message)}</td></tr>"
                for u in items[start : start + step]
            ),
            "</table>",
        ]
        for start in range(0, len(items), step)
    ]
    tables[0].insert(0, f"<h2>{escape(_('Coming up'))}</h2>")
    return tables


def report_html(
    profile: Profile,
    source: Source,
    *,
    company_name: str | None = None,
    generated_at: dt.datetime,
) -> str:
    """The whole report: header, score per account, each account's findings by category (with
    why and what to do), what is coming up and a footer. Every user text is escaped, and
    isolated (`<bdi>`) so that its writing direction stays inside it.

    `source` is a fresh check or a recorded run (shown as it was; labels come from `profile`).
    `company_name` overrides the company's name (and local name) from the profile.
    """
    sheets = _sheets(profile, source, company_name, generated_at, page_breaks=True)
    return _document(source, [line for sheet in sheets for line in sheet])


def report_documents(
    profile: Profile,
    source: Source,
    *,
    company_name: str | None = None,
    generated_at: dt.datetime,
) -> list[str]:
    """The report of `report_html` as one HTML document per run of sheets: the first holds
    the header, the score per account and the first account, each next one an account (the
    last also what is coming up and the footer). The PDF lays each out on its own: Qt's text
    layout stops without a word at 2^23 device pixels, 606 A4 sheets at the PDF's 1200 dpi
    (QFIXED_MAX in qfixed_p.h), and a page of a long document is drawn by walking it whole."""
    sheets = _sheets(profile, source, company_name, generated_at, page_breaks=False)
    return [_document(source, sheet) for sheet in sheets]


def _sheets(
    profile: Profile,
    source: Source,
    company_name: str | None,
    generated_at: dt.datetime,
    *,
    page_breaks: bool,
) -> list[list[str]]:
    """The report's body as lines, in runs that each begin a new sheet; with `page_breaks`
    every run after the first says so itself, without them the scores are split into runs of
    at most _TABLE_ROWS rows too."""
    user = Isolator(
        [*profile_values(profile), *([company_name] if company_name is not None else [])]
    )
    sections = _sections(profile, source, generated_at)
    sheets = [_header(profile, source, _company(profile, company_name), generated_at)]
    tables = _summary(sections, None if page_breaks else _TABLE_ROWS)
    sheets[0] += tables[0]
    sheets += tables[1:]
    for number, section in enumerate(sections):
        lines = _account(section, user, page_break=page_breaks and number > 0)
        if number == 0:
            sheets[-1] += lines
        else:
            sheets.append(lines)
    coming_up = _coming_up(source, user, None if page_breaks else _TABLE_ROWS)
    sheets[-1] += coming_up[0]
    sheets += coming_up[1:]
    footer = _(
        "Generated by AccountWatch on {time}. The score estimates the risk of a freeze from "
        "what is recorded in AccountWatch; it is not the platform's own assessment."
    ).format(time=_local(generated_at))
    sheets[-1].append(f'<p class="footer">{escape(footer)}</p>')
    return sheets


def _document(source: Source, body: list[str]) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{current_language()}"><head><meta charset="utf-8"/>'
        f"<title>{escape(report_title(source))}</title>"
        f"<style>{_CSS}{_language_css()}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
