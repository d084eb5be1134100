"""Write the demo's appeal letters (Japanese and English) into README.md, as the app drafts them.

    python tools/appeal_drafts.py           # rewrite the README section between its markers
    python tools/appeal_drafts.py --check   # exit 1 when the README's letters are out of date

The demo is opened as the app opens it (its recorded weekly checks included), on a fixed day, in
each language's demo; the letters are what the recovery panel shows for the restricted store
with the notice's reason and an explanation filled in.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from accountwatch.core.appeal import AppealFacts, draft
from accountwatch.core.recovery import Attachment
from accountwatch.i18n import set_language
from accountwatch.services import checks, recovery
from accountwatch.services import demo as demo_service
from accountwatch.services.workspace import Workspace

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN = "<!-- appeal-drafts: begin (tools/appeal_drafts.py writes this) -->"
END = "<!-- appeal-drafts: end -->"
DAY = dt.date(2026, 11, 29)
STORE = "aliexpress-store"

# What a user types into the panel: the notice's reason and what happened, in each language.
TYPED = {
    "ja": (
        "Your listing may infringe the intellectual property rights of others.",
        "仕入先から受け取った商品名をそのまま使用したため、他社のブランド名や、偽造品と受け取られる"
        "おそれのある表記が含まれていました。弊社は偽造品を扱っておらず、表記の確認が不十分でした。",
    ),
    "en": (
        "Your listing may infringe the intellectual property rights of others.",
        "We used product titles as our supplier sent them, so some contained other companies' "
        "brand names and wording that could be read as counterfeit. We do not sell counterfeit "
        "goods; we did not check the titles carefully enough.",
    ),
}


def letter(language: str) -> str:
    """The letter in `language` for the demo's restricted store, from that language's demo."""
    set_language(language)
    with (
        tempfile.TemporaryDirectory() as folder,
        Workspace.open(Path(folder), memory_secrets=True) as ws,
    ):
        demo_service.import_demo(ws, DAY, language)
        now = dt.datetime.combine(DAY, dt.time(10)).astimezone()
        result = checks.run_check(ws, DAY, record=False, now=now)
        store = result.profile.account(STORE)
        outcome = result.assessment.account(STORE)
        if store is None or outcome is None:
            raise SystemExit(f"the demo has no {STORE}")
        contact = recovery.contact_for(ws, store.platform)
        fixes = recovery.fixes_since_notice(ws, store, outcome.findings)
    reason, explanation = TYPED[language]
    facts = AppealFacts(
        account=store,
        company=result.profile.company,
        contact=contact,
        reason=reason,
        explanation=explanation,
        fixes=fixes,
        attachments=frozenset({Attachment.IDENTITY, Attachment.TRANSACTIONS}),
    )
    return draft(facts, language).text


def section() -> str:
    parts = [BEGIN]
    for language, title in (("ja", "Japanese"), ("en", "English")):
        parts += [f"<details><summary>{title}</summary>", "", "```text", letter(language).rstrip()]
        parts += ["```", "", "</details>", ""]
    parts[-1] = END
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether it is up to date")
    args = parser.parse_args(argv)
    text = README.read_text("utf-8")
    if BEGIN not in text or END not in text:
        print(f"README.md has no {BEGIN!r} … {END!r} section", file=sys.stderr)
        return 2
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    updated = head + section() + tail
    if args.check:
        return 0 if updated == text else 1
    README.write_text(updated, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
