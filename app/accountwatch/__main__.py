"""`python -m accountwatch`: the same as the `accountwatch` command."""

from accountwatch.cli import run

run()
