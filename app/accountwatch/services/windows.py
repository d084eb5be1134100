"""How far ahead and back the app looks: one "coming up" window for every screen and the CLI."""

from __future__ import annotations

# "Coming up" (the overview, the Reminders page, `reminders` on the command line) looks as far
# ahead as the earliest card warning, so what the check warns about is also listed.
COMING_UP_DAYS = 60
# The Reminders page lists what was delivered this long ago.
RECENT_DAYS = 30
