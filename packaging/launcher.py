"""Entry point of the frozen app: the same as the `accountwatch` command."""

import multiprocessing
import sys

from accountwatch.cli import main

if __name__ == "__main__":
    # The analysis of a password manager's export stretches passwords in worker processes;
    # frozen, each worker starts this executable again, which must then only work.
    multiprocessing.freeze_support()
    sys.exit(main())
