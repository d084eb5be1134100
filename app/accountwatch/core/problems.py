"""What is wrong with a profile or an edit: each problem at its JSON path (light to import)."""

from __future__ import annotations

from dataclasses import dataclass

# Paths of problems with the file as a whole rather than with a field in it.
WHOLE_FILE = ("$", "file")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a profile file, at a JSON path."""

    path: str
    message: str

    def __str__(self) -> str:
        # The whole file ("$", "file") needs no path in front: "$: not valid JSON" says nothing.
        if self.path in WHOLE_FILE:
            return self.message
        return f"{self.path}: {self.message}"


class ProfileError(Exception):
    """A profile file that was rejected; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
