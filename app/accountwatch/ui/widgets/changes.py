""" "Since the previous check": new, resolved and unchanged findings, counted and listed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.healthcheck import Change, FindingKey
from accountwatch.i18n import _

# Lists up to this many lines long in all are filled at once, longer ones when shown.
EAGER_LINES = 1000


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
            # Laid out a hundred lines per turn of the event loop, never all at once.
            widget.setLayoutMode(QListView.LayoutMode.Batched)
            self.lists.addTab(widget, "")
        # The tab widget sizes itself to its pages' hints, not their maximum: cap it too.
        self.lists.setMaximumHeight(
            self.new.maximumHeight() + self.lists.tabBar().sizeHint().height() + 8
        )
        self.lists.hide()
        layout.addWidget(self.lists)
        self._lines: list[tuple[QListWidget, list[str]]] = []

    def _fill(self) -> None:
        for widget, lines in self._lines:
            widget.clear()
            widget.addItems(lines)  # one call for the whole list
        self._lines = []

    def _toggled(self, shown: bool) -> None:
        if shown:
            self._fill()
        self.lists.setVisible(shown)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.toggle.setText(_("Hide lists") if shown else _("Show lists"))

    def show_change(
        self, change: Change, texts: dict[FindingKey, str], previous_texts: dict[FindingKey, str]
    ) -> None:
        def lines(keys: tuple[FindingKey, ...], known: dict[FindingKey, str]) -> list[str]:
            return [known.get(key) or " · ".join(key) for key in keys] or [_("None")]

        self._lines = [
            (self.new, lines(change.new, texts)),
            (self.resolved, lines(change.resolved, previous_texts)),
            (self.unchanged, lines(change.unchanged, texts)),
        ]
        # A first check of a large profile lists 14,000 findings: filled when first shown.
        if self.toggle.isChecked() or sum(len(shown) for _w, shown in self._lines) <= EAGER_LINES:
            self._fill()
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
