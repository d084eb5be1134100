"""Entry point of the frozen app: the same as the `accountwatch` command."""

import multiprocessing

from accountwatch.entry import run

if __name__ == "__main__":
    # The analysis of a password manager's export stretches passwords in worker processes;
    # frozen, each worker starts this executable again, which must then only work.
    multiprocessing.freeze_support()
    run()
