"""`python -m accountwatch`: the same as the `accountwatch` command."""

from accountwatch.entry import run

run()
