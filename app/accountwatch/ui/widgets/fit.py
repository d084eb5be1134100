"""Dialogs that grow with their wrapped text instead of squeezing or overlapping their fields,
and open no larger than the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
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
            needed = min(needed, screen.availableGeometry().height() - FRAME_ALLOWANCE.height())
        if needed > 0 and self.window.minimumHeight() != needed:
            self.window.setMinimumHeight(needed)
        if self.window.height() < needed:
            self.window.resize(self.window.width(), needed)


def grow_to_fit(window: QWidget) -> None:
    """Let `window` grow with its wrapped text (see _GrowToFit)."""
    _GrowToFit(window)


# Room kept for the window manager's title bar and frame around a dialog, which Qt learns only
# once the dialog is shown: without it a dialog as tall as the free area has its buttons below
# the screen's edge.
FRAME_ALLOWANCE = QSize(16, 48)


def size_within(available: QSize, preferred: QSize) -> QSize:
    """`preferred`, shrunk to fit `available` with the frame around it."""
    return QSize(
        max(1, min(preferred.width(), available.width() - FRAME_ALLOWANCE.width())),
        max(1, min(preferred.height(), available.height() - FRAME_ALLOWANCE.height())),
    )


def open_within_screen(window: QWidget, preferred: QSize) -> None:
    """Give `window` its preferred size, or the screen's free area where that is smaller (the
    1000×600 screen the README promises): its content scrolls, its buttons stay in sight."""
    window.resize(size_within(available_size(window), preferred))


def available_size(window: QWidget) -> QSize:
    """The free area (without panels and docks) of the screen `window` is on."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() if screen is not None else QSize(1 << 15, 1 << 15)
