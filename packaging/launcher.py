"""Entry point of the frozen app: the same as the `accountwatch` command."""

import sys

from accountwatch.cli import main

if __name__ == "__main__":
    sys.exit(main())
