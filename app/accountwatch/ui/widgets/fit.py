"""Dialogs that grow with their wrapped text instead of squeezing or overlapping their fields."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


class _GrowToFit(QObject):
    """Keeps a window at least as tall as its layout needs at its current width.

    Qt gives a window the minimum size of its layout, which counts a word-wrapped label as one
    line; at a given width the label needs more, and the layout then takes that height from the
    other rows (a QR code squashed, a hint drawn over an error). The height the layout needs at
    the window's width becomes the window's minimum height, and the window grows to it.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        window.installEventFilter(self)

    @property
    def window(self) -> QWidget:
        # Asked of Qt, not kept in a Python attribute: the filter lives as the window's child,
        # and PySide may hand it back through a fresh wrapper that has no attributes of ours.
        window = self.parent()
        assert isinstance(window, QWidget)
        return window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() in (
            QEvent.Type.LayoutRequest,
            QEvent.Type.Resize,
            QEvent.Type.Show,
        ):
            self.fit()
        return False

    def fit(self) -> None:
        layout = self.window.layout()
        if layout is None or not layout.hasHeightForWidth():
            return
        needed = layout.heightForWidth(self.window.width())
        screen = self.window.screen() or QGuiApplication.primaryScreen()
        if screen is not None:  # never taller than the screen: content scrolls beyond that
            needed = min(needed, screen.availableGeometry().height())
        if needed > 0 and self.window.minimumHeight() != needed:
            self.window.setMinimumHeight(needed)
        if self.window.height() < needed:
            self.window.resize(self.window.width(), needed)


def grow_to_fit(window: QWidget) -> None:
    """Let `window` grow with its wrapped text (see _GrowToFit)."""
    _GrowToFit(window)
