"""What every page of the main window offers the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.state import AppState

Navigate = Callable[[Target], None]


class PageWidget(QWidget):
    """A page: shown in the navigation list with `title()`, redrawn when the state changes."""

    page: Page

    def __init__(self, state: AppState, navigate: Navigate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.navigate = navigate
        state.changed.connect(self.refresh)

    def title(self) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Redraw from `self.state` (called after every change)."""

    def show_target(self, target: Target) -> None:
        """Select `target.item` and open the editor on `target.field` when there is one."""
