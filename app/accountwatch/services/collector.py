"""The cyclic garbage collector kept off while a large profile and its findings are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def spared() -> Iterator[None]:
    """No cyclic garbage collection while the block runs, and none walking what it made after.

    A large profile and its findings are hundreds of thousands of objects that hold no
    reference cycles, yet the collector would walk them again and again while they are made
    (a full collection is one call of 50-130 ms that holds the GIL: a worker thread's
    collection stalls the GUI thread as long). Frozen at the end and unfrozen at once, they
    join the oldest generation without a walk. Overlapping blocks in threads are safe:
    whichever found the collector on turns it back on, and no object stays frozen.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
        gc.unfreeze()


# Whether the collector is off since the program's entry (`hold_for_start`) until `started`.
_held = False


def hold_for_start() -> None:
    """The collector off while the program's modules load and it starts (the entry point,
    before its imports): hundreds of thousands of objects are made then, none of them garbage,
    and the collector walked them ninety times (12 ms of a 0.3 s start of the demo)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def started() -> None:
    """The program has started: the collector held by `hold_for_start` is on again, what the
    start made joining the oldest generation without a walk (as in `spared`). Nothing when it
    was not held (tests, a library caller)."""
    global _held
    if not _held:
        return
    _held = False
    gc.freeze()
    gc.enable()
    gc.unfreeze()
