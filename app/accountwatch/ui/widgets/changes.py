""" "Since the previous check": new, resolved and unchanged findings, counted and listed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.healthcheck import Change, FindingKey
from accountwatch.i18n import _


class ChangesBox(QFrame):
    """ "Since the previous check": counts, and the lists behind them on demand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Never grow into the findings tree's room: the lists scroll instead.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        row = QHBoxLayout()
        title = QLabel(_("Since the previous check"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setText(_("Show lists"))
        self.toggle.setAccessibleName(_("Show the lists of new, resolved and unchanged findings"))
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.toggled.connect(self._toggled)
        row.addWidget(title)
        row.addSpacing(12)
        row.addWidget(self.summary, 1)
        row.addWidget(self.toggle)
        layout.addLayout(row)
        self.lists = QTabWidget()
        self.lists.setDocumentMode(True)
        self.new = QListWidget()
        self.resolved = QListWidget()
        self.unchanged = QListWidget()
        for widget in (self.new, self.resolved, self.unchanged):
            widget.setMaximumHeight(widget.fontMetrics().lineSpacing() * 7)
            widget.setWordWrap(True)
            widget.setAlternatingRowColors(True)
            self.lists.addTab(widget, "")
        # The tab widget sizes itself to its pages' hints, not their maximum: cap it too.
        self.lists.setMaximumHeight(
            self.new.maximumHeight() + self.lists.tabBar().sizeHint().height() + 8
        )
        self.lists.hide()
        layout.addWidget(self.lists)

    def _toggled(self, shown: bool) -> None:
        self.lists.setVisible(shown)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.toggle.setText(_("Hide lists") if shown else _("Show lists"))

    def show_change(
        self, change: Change, texts: dict[FindingKey, str], previous_texts: dict[FindingKey, str]
    ) -> None:
        def fill(
            widget: QListWidget, keys: tuple[FindingKey, ...], known: dict[FindingKey, str]
        ) -> None:
            widget.clear()
            for key in keys:
                widget.addItem(known.get(key) or " · ".join(key))
            if not keys:
                widget.addItem(_("None"))

        fill(self.new, change.new, texts)
        fill(self.resolved, change.resolved, previous_texts)
        fill(self.unchanged, change.unchanged, texts)
        self.lists.setTabText(0, _("New ({n})").format(n=len(change.new)))
        self.lists.setTabText(1, _("Resolved ({n})").format(n=len(change.resolved)))
        self.lists.setTabText(2, _("Unchanged ({n})").format(n=len(change.unchanged)))
        if change.is_first_run:
            self.summary.setText(_("No earlier check is recorded, so every finding counts as new."))
            return
        delta = change.score_delta or 0
        self.summary.setText(
            _("{new} new · {resolved} resolved · {unchanged} unchanged · score {delta}").format(
                new=len(change.new),
                resolved=len(change.resolved),
                unchanged=len(change.unchanged),
                delta=f"{delta:+d}" if delta else _("unchanged"),
            )
        )
