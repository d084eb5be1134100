"""How far ahead and back the app looks: one "coming up" window for every screen and the CLI."""

from __future__ import annotations

# "Coming up" (the overview, the Reminders page, the weekly check's payments, `reminders` on
# the command line): one month ahead everywhere, so every screen lists the same things.
COMING_UP_DAYS = 30
# The Reminders page lists what was delivered this long ago.
RECENT_DAYS = 30
