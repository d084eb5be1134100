"""What every page of the main window offers the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
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
        self._stale = False
        state.changed.connect(self._state_changed)

    def title(self) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Redraw from `self.state` (called after every change while the page is shown)."""

    def _state_changed(self) -> None:
        # A hidden page redraws when it is next shown: with a large profile, redrawing
        # every page on every change would stall the GUI.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)

    def show_target(self, target: Target) -> None:
        """Select `target.item` and open the editor on `target.field` when there is one."""

    # A page that edits in place (Company, Settings) says so before it is left.

    def has_unsaved_changes(self) -> bool:
        return False

    def unsaved_question(self) -> str:
        """What to ask before the page's unsaved edits are left behind."""
        raise NotImplementedError

    def save_changes(self, then: Callable[[], object]) -> None:
        """Save the edits; `then` runs once they are stored, not when they are refused."""
        raise NotImplementedError

    def discard_changes(self) -> None:
        raise NotImplementedError
