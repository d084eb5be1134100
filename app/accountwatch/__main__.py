"""`python -m accountwatch`: the same as the `accountwatch` command."""

import sys

from accountwatch.cli import main

sys.exit(main())
