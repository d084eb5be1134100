"""The Findings page: every finding by account and category, acknowledgements, what changed,
and recovery help for a restricted or frozen account."""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QHelpEvent,
    QIcon,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.catalogue import fold
from accountwatch.core.findings import Band, Category, Finding
from accountwatch.core.healthcheck import FindingKey
from accountwatch.core.model import Account, Acknowledgement
from accountwatch.core.recovery import needs_recovery
from accountwatch.core.risk import AccountResult
from accountwatch.i18n import _, ngettext
from accountwatch.services import collector, recovery
from accountwatch.services.checks import CheckResult
from accountwatch.services.types import RecordedRun
from accountwatch.services.wording import (
    account_in_status,
    account_status_words,
    acknowledged_because,
    category_words,
    platform_words,
)
from accountwatch.ui.common import band_color, band_text, plain_label
from accountwatch.ui.navigation import Page, Target, target_for
from accountwatch.ui.pages.base import Navigate, PageWidget
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.changes import ChangesBox
from accountwatch.ui.widgets.page import empty_state, page_header, scrolled
from accountwatch.ui.widgets.recovery import RecoveryPanel

if TYPE_CHECKING:
    from accountwatch.ui.dialogs.acknowledge import AcknowledgeDialog

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "account", "category" or "finding"
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # account id, "account|category" or a finding key
SEP = "\x1f"  # joins a finding key's parts; ids never hold it
# About how many findings' rows one turn of the event loop builds (some 15-25 ms on a busy
# 2-core machine): a profile up to this size is drawn at once, a larger one over several turns.
SLICE = 300
# A slice of a large profile also ends after this long (a busy machine is slower per item).
SLICE_SECONDS = 0.010
# How long the search waits for a pause in typing before it filters a large profile.
SEARCH_PAUSE_MS = 250
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
NO_FILTERS = ("", "", "")
# Kana, kanji and full-width forms: a line holding them is drawn taller (see `_RowHeights`).
_KANA_KANJI = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_Texts = dict[FindingKey, str]


def finding_id(key: FindingKey) -> str:
    return SEP.join(key)


def _swatch(color: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(color)
    return QIcon(pixmap)


def _heading(text: str, scale: float = 1.15) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote user data
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


@dataclass(frozen=True)
class _Selection:
    kind: str
    key: str


class _Leaf:
    """A finding's row, and what the search compares (folded when first searched)."""

    __slots__ = ("finding", "haystack", "hidden", "item", "status")

    def __init__(self, item: QTreeWidgetItem, finding: Finding, status: str) -> None:
        self.item = item
        self.finding = finding
        self.status = status
        self.haystack: str | None = None
        self.hidden = False

    def folded(self) -> str:
        if self.haystack is None:
            f = self.finding
            self.haystack = fold(f"{f.message}\n{f.why}\n{f.action}\n{self.status}")
        return self.haystack


@dataclass(eq=False)
class _Group:
    item: QTreeWidgetItem
    category: str
    leaves: list[_Leaf]
    hidden: bool = False


@dataclass(eq=False)
class _Row:
    """An account's rows as built from its result; kept while what they show is the same."""

    result: AccountResult
    name: str
    look: str  # the account row's text
    acks: tuple[Acknowledgement | None, ...]  # those of its acknowledged findings
    top: QTreeWidgetItem = field(init=False)
    groups: list[_Group] = field(default_factory=list)
    leaves: list[_Leaf] = field(default_factory=list)
    folded: set[str] = field(default_factory=set)  # keys of its items the user had folded
    hidden: bool = False
    _folded_name: str | None = None

    @property
    def account_id(self) -> str:
        return self.result.account_id

    def folded_name(self) -> str:
        if self._folded_name is None:
            self._folded_name = fold(self.name)
        return self._folded_name


class _RowHeights(QStyledItemDelegate):
    """Every row at least as tall as one holding Japanese text (`floor`, once some row holds
    it): with uniform row heights the tree measures its first row only, which may be in Latin
    letters alone, and a line in a fallback font for kanji is taller than a Latin one."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.uniform = False
        self.floor = 0

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        if not self.uniform:
            return super().sizeHint(option, index)
        # The first row, whose height all take, is an account's: measured without its band
        # swatch, whose 16-pixel place would make every finding's row taller than its text.
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        shown.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        widget = shown.widget
        style = widget.style() if widget is not None else QApplication.style()
        hint = style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, shown, QSize(), widget)
        if hint.height() < self.floor:
            hint.setHeight(self.floor)
        return hint


class _Tree(QTreeWidget):
    """The findings tree; a tooltip is written when it is asked for, not for every row."""

    def __init__(self, tooltip: Callable[[QTreeWidgetItem, int], str]) -> None:
        super().__init__()
        self._tooltip = tooltip
        self.heights = _RowHeights(self)
        self.setItemDelegate(self.heights)

    def uniform_rows(self, uniform: bool) -> None:
        """Rows of one height on a large profile: selecting or scrolling to a row far down
        would otherwise measure every row above it (a quarter of a second for 14,000)."""
        if uniform == self.uniformRowHeights():
            return
        self.heights.floor = 0
        self.heights.uniform = uniform
        self.setUniformRowHeights(uniform)
        # The weight column fits its numbers (all of one width) as seen, not a thousand rows.
        self.header().setResizeContentsPrecision(0 if uniform else 1000)

    def holds_kanji(self) -> None:
        """Some row holds Japanese text: uniform rows become as tall as such a row."""
        if self.heights.floor or not self.uniformRowHeights():
            return
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
        option.text = "漢字"
        option.font = self.font()
        size = self.style().sizeFromContents(
            QStyle.ContentsType.CT_ItemViewItem, option, QSize(), self
        )
        self.heights.floor = size.height()
        self.scheduleDelayedItemsLayout()  # the first row is measured again

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            item = self.itemFromIndex(index) if index.isValid() else None
            text = self._tooltip(item, index.column()) if item is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport(), self.visualRect(index))
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)


# The page's width from which details go beside the list instead of under it.
SIDE_BY_SIDE_WIDTH = 1150
DETAIL_WIDTH = 300


class FindingsPage(PageWidget):
    page = Page.FINDINGS

    def __init__(self, state: AppState, navigate: Navigate, parent: QWidget | None = None) -> None:
        super().__init__(state, navigate, parent)
        self.ack_dialog: AcknowledgeDialog | None = None
        self.recovery_panels: dict[str, RecoveryPanel] = {}
        self.previous: RecordedRun | None = None
        self._findings: dict[str, Finding] = {}
        self._generation = 0
        # The rows in the tree, in its order, and what they are to become (see `_work`).
        self._rows: list[_Row] = []
        self._rows_by_id: dict[str, _Row] = {}
        self._items: dict[tuple[str, str], QTreeWidgetItem] = {}
        self._leaf_count = 0
        self._plan: list[AccountResult] = []
        self._plan_ids: set[str] = set()
        self._cursor = 0
        self._accounts: dict[str, Account] = {}
        self._acks: dict[tuple[str, str], Acknowledgement] = {}
        self._filters = NO_FILTERS
        self._filter_queue: list[_Row] = []
        self._filter_pos = 0
        self._reselect: _Selection | None = None
        self._pending_target: Target | None = None
        self._previous_due = False
        self._large = False
        self._deadline = math.inf
        self._swatches = {band: _swatch(band_color(band)) for band in Band}
        self._grey = QBrush()
        self._bold = QFont()
        self._italic = QFont()
        self._timer = QTimer(self)
        self._slicing = False  # the task runner told that slices are to come (`_drawing`)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._work)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_PAUSE_MS)
        self._debounce.timeout.connect(self.apply_filters)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(
            page_header(
                _("Findings"),
                _(
                    "Everything the check found, account by account: why it matters and what "
                    "to do. Acknowledge a finding you have reviewed and accept; it then stops "
                    "counting towards the score."
                ),
            )
        )
        self.recovery_bar = QVBoxLayout()
        self.recovery_bar.setSpacing(4)
        layout.addLayout(self.recovery_bar)
        # The list and what goes with it, or, with no account yet, what to do first.
        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.setSpacing(12)
        content.addLayout(self._build_filters())
        self.changes = ChangesBox()
        content.addWidget(self.changes)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.tree = _Tree(self.tooltip)
        self.tree.setHeaderLabels([_("Finding"), _("Weight"), _("Status")])
        self.tree.setAccessibleName(_("Findings by account and category"))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 170)
        self.tree.currentItemChanged.connect(lambda *_args: self._show_selected())
        self.tree.itemActivated.connect(self._activated)
        self.splitter.addWidget(self.tree)

        self.detail = QStackedWidget()
        self.detail_scroll = scrolled(self.detail)
        self.hint = plain_label(_("Select a finding to see why it matters and what to do."), True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.addWidget(self.hint)
        self.detail.addWidget(self._build_finding_view())
        self.detail.addWidget(self._build_account_view())
        self.splitter.addWidget(self.detail_scroll)
        # The tree carries the page; the detail pane wraps its text and scrolls down only.
        self.detail_scroll.setMinimumWidth(300)
        self.detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail.currentChanged.connect(self._size_to_current)
        self._size_to_current(0)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([720, 360])
        content.addWidget(self.splitter, 1)
        self.empty_add = QPushButton(_("Add your first account…"))
        self.empty_add.setAccessibleName(_("Add your first account"))
        self.empty_add.clicked.connect(lambda: self.navigate(Target(Page.ACCOUNTS)))
        self.empty = empty_state(
            _("Nothing checked yet"),
            _(
                "Add the marketplace accounts you sign in to, or import a profile from "
                "Settings: the health check then lists here what could get each one frozen."
            ),
            self.empty_add,
        )
        self.body = QStackedWidget()
        self.body.addWidget(self.content)
        self.body.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        self.refresh()

    def title(self) -> str:
        return _("Findings")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._lay_out_for_width(event.size().width())

    def _lay_out_for_width(self, width: int) -> None:
        """Details beside the list on a wide window, under it on a narrow one: side by side at
        1000 px the list would show a finding's first 25 characters and the recovery panel
        would be cut off."""
        wide = width >= SIDE_BY_SIDE_WIDTH
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            self.tree.setMinimumHeight(0 if wide else 150)
            # Under the list the details get the larger share: the recovery panel is long.
            share = (2, 1) if wide else (2, 3)
            self.splitter.setStretchFactor(0, share[0])
            self.splitter.setStretchFactor(1, share[1])
            total = self.splitter.width() if wide else self.splitter.height()
            first = total * share[0] // sum(share)
            self.splitter.setSizes([first, total - first])
        self._fit_detail()

    def _fit_detail(self) -> None:
        """Beside the list, the details are as wide as what they show needs (the recovery
        panel's buttons and case fields): never cut off at the right."""
        if self.splitter.orientation() == Qt.Orientation.Vertical:
            self.detail_scroll.setMinimumWidth(0)
            return
        bar = self.detail_scroll.verticalScrollBar().sizeHint().width()
        needed = self.detail.minimumSizeHint().width() + bar + 2
        self.detail_scroll.setMinimumWidth(max(DETAIL_WIDTH, needed))

    def _size_to_current(self, index: int) -> None:
        # A stacked widget is as large as its largest page: only the shown one counts here.
        for number in range(self.detail.count()):
            page = self.detail.widget(number)
            policy = QSizePolicy.Policy.Preferred if number == index else QSizePolicy.Policy.Ignored
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.detail.adjustSize()
        self._fit_detail()

    # --- building -------------------------------------------------------------------------

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.band_filter = QComboBox()
        self.band_filter.setAccessibleName(_("Show accounts of band"))
        self.band_filter.addItem(_("All bands"), "")
        for band in (Band.CRITICAL, Band.HIGH, Band.MODERATE, Band.LOW):
            self.band_filter.addItem(_swatch(band_color(band)), band_text(band), band.value)
        self.category_filter = QComboBox()
        self.category_filter.setAccessibleName(_("Show category"))
        self.category_filter.addItem(_("All categories"), "")
        for category in Category:
            self.category_filter.addItem(category_words(category), category.value)
        self.search = QLineEdit()
        self.search.setAccessibleName(_("Search findings"))
        self.search.setPlaceholderText(_("Search findings…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        band_label = QLabel(_("&Band:"))
        band_label.setBuddy(self.band_filter)
        category_label = QLabel(_("&Category:"))
        category_label.setBuddy(self.category_filter)
        row.addWidget(band_label)
        row.addWidget(self.band_filter)
        row.addSpacing(8)
        row.addWidget(category_label)
        row.addWidget(self.category_filter)
        row.addSpacing(8)
        row.addWidget(self.search, 1)
        self.band_filter.currentIndexChanged.connect(self.apply_filters)
        self.category_filter.currentIndexChanged.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_changed)
        return row

    def _build_finding_view(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(16, 4, 8, 8)
        layout.setSpacing(6)
        self.f_message = _heading("")
        self.f_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.f_context = plain_label(muted=True)
        self.f_status = plain_label()
        self.f_why = plain_label()
        self.f_action = plain_label()
        layout.addWidget(self.f_message)
        layout.addWidget(self.f_context)
        layout.addWidget(self.f_status)
        layout.addSpacing(6)
        layout.addWidget(_heading(_("Why it matters"), 1.0))
        layout.addWidget(self.f_why)
        layout.addSpacing(6)
        layout.addWidget(_heading(_("What to do"), 1.0))
        layout.addWidget(self.f_action)
        layout.addSpacing(10)
        # One above the other: side by side they are wider than the pane (in Japanese too).
        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        self.fix_button = QPushButton(_("Go to fix"))
        self.fix_button.setAccessibleName(_("Go to the place that fixes this finding"))
        self.fix_button.setDefault(True)
        self.fix_button.clicked.connect(self._go_fix)
        self.ack_button = QPushButton(_("Acknowledge…"))
        self.ack_button.setAccessibleName(_("Acknowledge this finding"))
        self.ack_button.setToolTip(_("Accept the risk with a reason; it stops counting."))
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.withdraw_button = QPushButton(_("Withdraw acknowledgement"))
        self.withdraw_button.setAccessibleName(_("Withdraw the acknowledgement"))
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        for button in (self.fix_button, self.ack_button, self.withdraw_button):
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return box

    def _build_account_view(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(16, 4, 8, 8)
        layout.setSpacing(8)
        self.a_title = _heading("", 1.3)
        self.a_context = plain_label(muted=True)
        self.a_score = QLabel()
        self.a_why = QPushButton(_("Why this score?"))
        self.a_why.setAccessibleName(_("Why this score? The points each finding adds"))
        self.a_why.clicked.connect(self._explain_account)
        self.a_counts = plain_label()
        self.a_hint = plain_label(_("Select a finding to see why it matters and what to do."), True)
        self.recovery_slot = QVBoxLayout()
        for widget in (self.a_title, self.a_context, self.a_score):
            layout.addWidget(widget)
        layout.addWidget(self.a_why, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.a_counts)
        layout.addLayout(self.recovery_slot)
        layout.addWidget(self.a_hint)
        layout.addStretch(1)
        return box

    # --- drawing ----------------------------------------------------------------------------
    #
    # A large profile has a thousand accounts and some 14,000 findings: the tree is brought in
    # line with the result in slices of about SLICE findings, one per turn of the event loop
    # (`_work`), so the window keeps answering. Each account's rows are kept while their result
    # and what they show are the same objects and words: an edit rebuilds only the accounts it
    # touched. A refresh arriving mid-way restarts the walk from the top against the latest
    # result (the rows already brought in line are passed over cheaply).

    def refresh(self) -> None:
        result = self.state.result
        accounts = {a.id: a for a in self.state.profile.accounts}
        self._accounts = accounts
        self.body.setCurrentWidget(self.content if accounts else self.empty)
        if result is None:
            self._plan, self._cursor = [], 0
            self._clear_rows()
            self._show_selected()
            return
        self._grey = QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))
        self._bold, self._italic = QFont(), QFont()  # the application's font, as it is now
        self._bold.setBold(True)
        self._italic.setItalic(True)
        self._acks = {(a.rule, a.subject): a for a in self.state.profile.acknowledged}
        self._plan = list(result.assessment.accounts)
        self._large = sum(len(r.findings) for r in self._plan) > SLICE
        self.tree.uniform_rows(self._large)
        self._plan_ids = {r.account_id for r in self._plan}
        self._cursor = 0
        self._fill_recovery_bar(accounts)
        self._keep_recovery_panels(accounts)
        self._previous_due = True  # once the rows are built (see `_work`)
        if self._large and not self._rows:
            # A first build starts on the next turn: the page itself is drawn first.
            self._timer.start()
            self._drawing(True)
        else:  # the first slice now: a small profile is drawn before refresh returns
            self._work()

    def _drawing(self, on: bool) -> None:
        """Slices of rows to come: work waiting for the window to be idle waits for them (the
        reminder pass, started between two slices, made the next ones stall)."""
        if on != self._slicing:
            self._slicing = on
            if on:
                self.state.tasks.drawing_begins()
            else:
                self.state.tasks.drawing_ends()

    @property
    def building(self) -> bool:
        """Whether the tree is still being brought in line with the result or the filters."""
        return self._cursor < len(self._plan) or self._filter_pos < len(self._filter_queue)

    def _work(self) -> None:
        """One slice of the work left: rows to build, then rows to filter."""
        self._timer.stop()
        current = self.tree.currentItem()
        self.tree.blockSignals(True)  # rows taken out move the current item: said once below
        try:
            # Thousands of items made per slice would set off full collections (a long stall).
            with collector.spared():
                # A profile of up to SLICE findings is drawn at once, however slow the machine.
                self._deadline = time.monotonic() + SLICE_SECONDS if self._large else math.inf
                budget = self._build(float(SLICE))
                if budget > 0:
                    self._filter(budget)
        finally:
            self.tree.blockSignals(False)
        if self._reselect is not None:
            item = self._items.get((self._reselect.kind, self._reselect.key))
            if item is not None or not self._cursor < len(self._plan):
                self._reselect = None
                if item is not None:
                    self.tree.setCurrentItem(item)
                else:  # it is gone: nothing is selected, as after a redraw from scratch
                    self.tree.setCurrentIndex(QModelIndex())
        if self.building:
            self._timer.start()
        self._drawing(self.building)
        if self.tree.currentItem() is not current or not self.building:
            self._show_selected()
        if self._pending_target is not None:
            target = self._pending_target
            if target.item in self._rows_by_id or not self.building:
                self._pending_target = None
                self.show_target(target)
        if self._previous_due and not self._cursor < len(self._plan):
            # Not while the rows are built: a worker reading every finding's text would hold
            # the GIL against the slices; by now the slices have rendered most of them.
            self._previous_due = False
            self._load_previous()

    def _build(self, budget: float) -> float:
        made: list[_Row] = []
        rows, plan = self._rows, self._plan
        while self._cursor < len(plan) and budget > 0 and time.monotonic() < self._deadline:
            place, outcome = self._cursor, plan[self._cursor]
            row = rows[place] if place < len(rows) else None
            if row is not None and row.account_id not in self._plan_ids:
                self._take_row(place)  # the account is gone
                continue
            account = self._accounts.get(outcome.account_id)
            look = self._look(outcome, account)
            acks = tuple(
                self._acks.get((f.rule, f.subject)) for f in outcome.findings if f.acknowledged
            )
            budget -= 0.1
            self._cursor += 1
            if row is not None and row.account_id == outcome.account_id:
                if row.result is outcome and row.look == look and row.acks == acks:
                    continue  # nothing it shows changed
                folded = self._take_row(place)
            else:  # a new account, or one moved here from further down
                old = self._rows_by_id.get(outcome.account_id)
                folded = self._take_row(rows.index(old)) if old is not None else set()
            new = self._make_row(outcome, account, look, acks, folded)
            rows.insert(place, new)
            made.append(new)
            budget -= len(new.leaves)
        if self._cursor >= len(plan):
            while len(rows) > len(plan):
                self._take_row(len(rows) - 1)
        if made:
            self._place(made)
        return budget

    def _look(self, outcome: AccountResult, account: Account | None) -> str:
        """The account's row text: its name, score, band and whether it needs recovery."""
        label = account.display_name if account else outcome.account_id
        text = _("{account} · {platform} — score {score}, {band}").format(
            account=label,
            platform=platform_words(outcome.platform),
            score=outcome.score,
            band=band_text(outcome.band),
        )
        if account and needs_recovery(account):
            text = _("{account} — {status}: recovery help").format(
                account=text, status=account_status_words(account.status)
            )
        return text

    def _make_row(
        self,
        outcome: AccountResult,
        account: Account | None,
        look: str,
        acks: tuple[Acknowledgement | None, ...],
        folded: set[str],
    ) -> _Row:
        top = QTreeWidgetItem([look])
        top.setIcon(0, self._swatches[outcome.band])
        top.setData(0, KIND_ROLE, "account")
        top.setData(0, KEY_ROLE, outcome.account_id)
        top.setData(0, Qt.ItemDataRole.UserRole, outcome.band.value)
        top.setFont(0, self._bold)
        row = _Row(outcome, account.display_name if account else outcome.account_id, look, acks)
        row.top = top
        self._items[("account", outcome.account_id)] = top
        row.folded = folded
        for category in Category:
            found = sorted(
                (f for f in outcome.findings if f.category == category),
                key=lambda f: (f.acknowledged, -f.weight),
            )
            if not found:
                continue
            open_count = sum(not f.acknowledged for f in found)
            group = QTreeWidgetItem(
                [
                    _("{category} ({open} open of {count})").format(
                        category=category_words(category), open=open_count, count=len(found)
                    )
                ]
            )
            key = f"{outcome.account_id}{SEP}{category.value}"
            group.setData(0, KIND_ROLE, "category")
            group.setData(0, KEY_ROLE, key)
            group.setData(0, Qt.ItemDataRole.UserRole, category.value)
            self._items[("category", key)] = group
            top.addChild(group)
            leaves = [self._leaf(finding) for finding in found]
            group.addChildren([leaf.item for leaf in leaves])
            row.groups.append(_Group(group, category.value, leaves))
            row.leaves.extend(leaves)
        self._leaf_count += len(row.leaves)
        self._rows_by_id[outcome.account_id] = row
        if self._large and not self.tree.heights.floor:
            texts = (
                look,
                *(group.item.text(0) for group in row.groups),
                *(f"{leaf.finding.message}{leaf.status}" for leaf in row.leaves),
            )
            if _KANA_KANJI.search("".join(texts)):
                self.tree.holds_kanji()
        return row

    def _leaf(self, finding: Finding) -> _Leaf:
        key = finding_id(finding.key)
        self._findings[key] = finding
        status = self._ack_text(finding, self._acks.get((finding.rule, finding.subject)))
        item = QTreeWidgetItem([finding.message, f"{finding.weight:.2f}", status])
        item.setData(0, KIND_ROLE, "finding")
        item.setData(0, KEY_ROLE, key)
        item.setTextAlignment(1, RIGHT)
        if finding.acknowledged:
            for column in range(3):
                item.setForeground(column, self._grey)
                item.setFont(column, self._italic)
        self._items[("finding", key)] = item
        return _Leaf(item, finding, status)

    def _place(self, made: list[_Row]) -> None:
        """Put the rows made in this slice into the tree: expanded (but for what the user had
        folded), their headings across the columns, filtered."""
        places = {id(row): place for place, row in enumerate(self._rows)}
        made.sort(key=lambda row: places[id(row)])
        start = 0
        while start < len(made):  # runs of neighbours go in with one call
            end = start + 1
            first = places[id(made[start])]
            while end < len(made) and places[id(made[end])] == first + end - start:
                end += 1
            self.tree.insertTopLevelItems(first, [row.top for row in made[start:end]])
            start = end
        # Expanding first, while the tree's layout is pending, costs nothing; setting a span
        # lays the tree out, once.
        for row in made:
            row.top.setExpanded(row.account_id not in row.folded)
            for group in row.groups:
                group.item.setExpanded(str(group.item.data(0, KEY_ROLE)) not in row.folded)
        for row in made:
            row.top.setFirstColumnSpanned(True)
            for group in row.groups:
                group.item.setFirstColumnSpanned(True)
        if self._filters != NO_FILTERS:
            for row in made:
                self._filter_row(row)

    def _take_row(self, place: int) -> set[str]:
        """Take an account's rows out of the tree; what of them the user had folded."""
        row = self._rows.pop(place)
        folded = {
            str(item.data(0, KEY_ROLE))
            for item in (row.top, *(group.item for group in row.groups))
            if not item.isExpanded()
        }
        current = self.tree.currentItem()
        if current is not None and self._reselect is None and self._row_of(current) is row:
            self._reselect = self._selection()
        self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(row.top))
        self._forget(row)
        return folded

    def _row_of(self, item: QTreeWidgetItem) -> _Row | None:
        key = str(item.data(0, KEY_ROLE))
        return self._rows_by_id.get(key.split(SEP)[0])

    def _forget(self, row: _Row) -> None:
        if self._rows_by_id.get(row.account_id) is row:
            del self._rows_by_id[row.account_id]
        items = self._items
        items.pop(("account", row.account_id), None)
        for group in row.groups:
            items.pop(("category", str(group.item.data(0, KEY_ROLE))), None)
        for leaf in row.leaves:
            key = finding_id(leaf.finding.key)
            items.pop(("finding", key), None)
            self._findings.pop(key, None)
        self._leaf_count -= len(row.leaves)

    def _clear_rows(self) -> None:
        # Taking the items out in one go: clear() on thousands of expanded items takes seconds.
        self.tree.invisibleRootItem().takeChildren()
        self._rows.clear()
        self._rows_by_id.clear()
        self._items.clear()
        self._findings.clear()
        self._leaf_count = 0
        self._filter_queue, self._filter_pos = [], 0

    def tooltip(self, item: QTreeWidgetItem, column: int) -> str:
        """An item's tooltip, written when it is asked for (most rows are never pointed at)."""
        kind = item.data(0, KIND_ROLE)
        if kind != "finding":
            return item.text(0) if kind == "account" and column == 0 else ""
        if column == 2:
            return item.text(2)
        if column != 0:
            return ""
        finding = self._findings.get(str(item.data(0, KEY_ROLE)))
        if finding is None:
            return ""
        return "\n\n".join(
            (
                finding.message,
                _("Why it matters: {why}").format(why=finding.why),
                _("What to do: {action}").format(action=finding.action),
            )
        )

    @staticmethod
    def _ack_text(finding: Finding, ack: Acknowledgement | None) -> str:
        if not finding.acknowledged:
            return _("Open")
        if ack is None:
            return _("acknowledged")
        reason = acknowledged_because(ack.reason, ack.until)
        return _("acknowledged: {reason}").format(reason=reason)

    def _fill_recovery_bar(self, accounts: dict[str, Account]) -> None:
        while self.recovery_bar.count():
            taken = self.recovery_bar.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        for account in accounts.values():
            if not needs_recovery(account):
                continue
            bar = QFrame()
            bar.setObjectName("recoveryBar")
            bar.setStyleSheet(
                "#recoveryBar { border-left: 5px solid #c62828;"
                " background: palette(alternate-base); }"
            )
            row = QHBoxLayout(bar)
            row.setContentsMargins(10, 6, 10, 6)
            text = plain_label(
                _("{situation}. Follow the recovery steps and write your appeal.").format(
                    situation=account_in_status(account.display_name, account.status)
                )
            )
            button = QPushButton(_("Open recovery help"))
            button.setAccessibleName(
                _("Open recovery help for {account}").format(account=account.display_name)
            )
            button.clicked.connect(
                lambda _checked=False, account_id=account.id: self.show_target(
                    Target(Page.FINDINGS, account_id)
                )
            )
            row.addWidget(text, 1)
            row.addWidget(button)
            self.recovery_bar.addWidget(bar)

    def _keep_recovery_panels(self, accounts: dict[str, Account]) -> None:
        """One panel per account in recovery, kept across redraws so typing is never lost."""
        for account_id in list(self.recovery_panels):
            account = accounts.get(account_id)
            if account is None or not needs_recovery(account):
                panel = self.recovery_panels.pop(account_id)
                panel.save()
                panel.hide()
                panel.deleteLater()
        for account in accounts.values():
            if not needs_recovery(account):
                continue
            if account.id in self.recovery_panels:
                self.recovery_panels[account.id].set_account(account)
                continue
            panel = self.recovery_panels[account.id] = RecoveryPanel(self.state, account)
            panel.hide()
            self.recovery_slot.addWidget(panel)

    # --- filters ----------------------------------------------------------------------------

    def _search_changed(self) -> None:
        # Each key would go through every finding of a large profile: wait for a pause.
        if self._leaf_count > SLICE:
            self._debounce.start()
        else:
            self.apply_filters()

    def apply_filters(self) -> None:
        """Filter the rows anew by band, category and words (over several turns on a large
        profile; rows built meanwhile are filtered as they are made)."""
        self._debounce.stop()
        self._filters = (
            str(self.band_filter.currentData() or ""),
            str(self.category_filter.currentData() or ""),
            fold(self.search.text()),
        )
        self._filter_queue, self._filter_pos = list(self._rows), 0
        self._work()

    def _filter(self, budget: float) -> float:
        queue = self._filter_queue
        while self._filter_pos < len(queue) and budget > 0 and time.monotonic() < self._deadline:
            row = queue[self._filter_pos]
            self._filter_pos += 1
            if self._rows_by_id.get(row.account_id) is row:  # not rebuilt since
                budget -= self._filter_row(row)
        if self._filter_pos >= len(queue):
            self._filter_queue, self._filter_pos = [], 0
        return budget

    def _wanted(self, row: _Row) -> tuple[bool, list[bool], list[list[bool]], float]:
        """What of an account's rows the filters hide: the account, each category, each
        finding; and roughly what working it out cost, in findings built."""
        band, category, words = self._filters
        cost = 0.2
        if band and row.result.band.value != band:
            return True, [], [], cost
        name_matches = bool(words) and words in row.folded_name()
        groups: list[bool] = []
        leaves: list[list[bool]] = []
        any_shown = False
        for group in row.groups:
            wanted = not category or group.category == category
            hidden: list[bool] = []
            for leaf in group.leaves:
                if wanted and words and not name_matches:
                    cost += 0.05 if leaf.haystack is not None else 0.5
                    hit = words in leaf.folded()
                else:
                    hit = True
                hidden.append(not (wanted and hit))
            shown = not all(hidden)
            groups.append(not shown)
            leaves.append(hidden)
            any_shown |= shown
        plain_view = not (category or words)
        return not (any_shown or plain_view), groups, leaves, cost

    def _filter_row(self, row: _Row) -> float:
        """Hide and show an account's rows as the filters say; changes only what differs (the
        findings of an account hidden as a whole are left as they were)."""
        top_hidden, groups, leaves, cost = self._wanted(row)
        if top_hidden != row.hidden:
            row.top.setHidden(top_hidden)
            row.hidden = top_hidden
            cost += 0.5
        if top_hidden:
            return cost
        for group, group_hidden, hidden in zip(row.groups, groups, leaves, strict=True):
            if group_hidden != group.hidden:
                group.item.setHidden(group_hidden)
                group.hidden = group_hidden
                cost += 0.5
            if group_hidden:
                continue
            for leaf, leaf_hidden in zip(group.leaves, hidden, strict=True):
                if leaf_hidden != leaf.hidden:
                    leaf.item.setHidden(leaf_hidden)
                    leaf.hidden = leaf_hidden
                    cost += 0.5
        return cost

    def _clear_filters(self) -> None:
        for widget in (self.band_filter, self.category_filter, self.search):
            widget.blockSignals(True)
        self.band_filter.setCurrentIndex(0)
        self.category_filter.setCurrentIndex(0)
        self.search.clear()
        for widget in (self.band_filter, self.category_filter, self.search):
            widget.blockSignals(False)
        self.apply_filters()

    # --- selection --------------------------------------------------------------------------

    def _selection(self) -> _Selection | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return _Selection(str(item.data(0, KIND_ROLE)), str(item.data(0, KEY_ROLE)))

    def _find_item(self, kind: str, key: str) -> QTreeWidgetItem | None:
        return self._items.get((kind, key))

    def selected_finding(self) -> Finding | None:
        item = self.tree.currentItem()
        if item is None or item.data(0, KIND_ROLE) != "finding":
            return None
        return self._findings.get(str(item.data(0, KEY_ROLE)))

    def _show_selected(self) -> None:
        item = self.tree.currentItem()
        kind = item.data(0, KIND_ROLE) if item is not None else None
        if item is not None and kind == "finding":
            self._show_finding(self._findings[str(item.data(0, KEY_ROLE))])
        elif item is not None:
            account_id = str(item.data(0, KEY_ROLE)).split(SEP)[0]
            self._show_account(account_id)
        else:
            self.detail.setCurrentIndex(0)

    def _show_finding(self, finding: Finding) -> None:
        account = self.state.profile.account(finding.account)
        ack = next(
            (
                a
                for a in self.state.profile.acknowledged
                if (a.rule, a.subject) == (finding.rule, finding.subject)
            ),
            None,
        )
        self.f_message.setText(finding.message)
        self.f_context.setText(
            _("{account} · {category} · weight {weight}").format(
                account=account.display_name if account else finding.account,
                category=category_words(finding.category),
                weight=f"{finding.weight:.2f}",
            )
        )
        self.f_status.setText(self._ack_text(finding, ack) if finding.acknowledged else "")
        self.f_status.setVisible(finding.acknowledged)
        self.f_why.setText(finding.why)
        self.f_action.setText(finding.action)
        self.ack_button.setText(
            _("Change acknowledgement…") if finding.acknowledged else _("Acknowledge…")
        )
        self.withdraw_button.setVisible(ack is not None)
        self.detail.setCurrentIndex(1)

    def _show_account(self, account_id: str) -> None:
        result = self.state.result
        account = self.state.profile.account(account_id)
        outcome = result.assessment.account(account_id) if result else None
        if account is None or outcome is None:
            self.detail.setCurrentIndex(0)
            return
        self.a_title.setText(account.display_name)
        self.a_context.setText(
            _("{platform} · login ID {login_id} · {status}").format(
                platform=platform_words(account.platform),
                login_id=account.login_id,
                status=account_status_words(account.status),
            )
        )
        color = band_color(outcome.band).name()
        self.a_score.setText(
            f"<span style='font-size:x-large; font-weight:600'>{outcome.score}</span> "
            f"<span style='color:{color}; font-weight:600'>■ {band_text(outcome.band)}</span>"
        )
        self.a_score.setAccessibleName(
            _("Score {score}, {band}").format(score=outcome.score, band=band_text(outcome.band))
        )
        open_count = len(outcome.open_findings)
        self.a_counts.setText(
            ngettext(
                "{count} finding, {open} open.",
                "{count} findings, {open} open.",
                len(outcome.findings),
            ).format(count=len(outcome.findings), open=open_count)
        )
        for panel_id, panel in self.recovery_panels.items():
            panel.setVisible(panel_id == account_id)
        self.a_hint.setVisible(account_id not in self.recovery_panels)
        self.detail.setCurrentIndex(2)
        self._fit_detail()  # the recovery panel shown or hidden changes what the details need

    # --- actions ----------------------------------------------------------------------------

    def _activated(self, item: QTreeWidgetItem) -> None:
        if item.data(0, KIND_ROLE) == "finding":
            self._go_fix()

    def _go_fix(self) -> None:
        finding = self.selected_finding()
        if finding is not None:
            self.navigate(target_for(finding, self.state.profile))

    def _explain_account(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            account_id = str(item.data(0, KEY_ROLE)).split(SEP)[0]
            from accountwatch.ui.dialogs.why_score import show_why_score  # when asked for

            show_why_score(self, self.state, self.navigate, account_id)

    def acknowledge_selected(self) -> None:
        finding = self.selected_finding()
        if finding is None:
            return
        # Loaded when first asked for, with the editing use cases (not with the page).
        from accountwatch.ui.dialogs.acknowledge import AcknowledgeDialog

        self.ack_dialog = AcknowledgeDialog(self.state, finding, self)
        self.ack_dialog.open()

    def withdraw_selected(self) -> None:
        finding = self.selected_finding()
        if finding is None:
            return
        rule, subject = finding.rule, finding.subject
        from accountwatch.services import editing

        self.state.apply(lambda ws: editing.remove_acknowledgement(ws, rule, subject))

    def show_target(self, target: Target) -> None:
        if target.item is None:
            return
        row = self._rows_by_id.get(target.item)
        if row is None:
            if self.building and target.item in self._plan_ids:
                self._pending_target = target  # shown once its rows are built
            return
        self._pending_target = None
        item = row.top
        if target.finding is not None:  # "Why this score?" opens one finding
            item = self._items.get(("finding", finding_id(target.finding))) or item
        if not self._shows(row, item):  # it, or its account or category, is filtered out
            self._clear_filters()
            self._filter_row(row)  # at once: the other accounts follow over the next turns
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtTop)
        self.tree.setFocus()

    def _shows(self, row: _Row, item: QTreeWidgetItem) -> bool:
        """Whether the filters let `item` of `row` be seen."""
        top_hidden, groups, leaves, _cost = self._wanted(row)
        if top_hidden:
            return False
        for group, group_hidden, hidden in zip(row.groups, groups, leaves, strict=True):
            if item is group.item:
                return not group_hidden
            for leaf, leaf_hidden in zip(group.leaves, hidden, strict=True):
                if item is leaf.item:
                    return not (group_hidden or leaf_hidden)
        return True

    # --- the previous run -------------------------------------------------------------------

    def _load_previous(self) -> None:
        result = self.state.result
        if result is None:
            return
        self._generation += 1
        generation, ws, run_id = self._generation, self.state.ws, result.run_id
        labels = {a.id: a.display_name for a in self.state.profile.accounts}

        def work() -> tuple[RecordedRun | None, _Texts, _Texts]:
            # Every finding's message is read here, off the GUI thread (tens of thousands).
            previous = recovery.previous_run(ws, run_id)
            return (previous, *_change_texts(result, previous, labels))

        def done(outcome: tuple[RecordedRun | None, _Texts, _Texts]) -> None:
            if generation == self._generation:
                self._got_previous(result, *outcome)

        self.state.tasks.run(work, done)

    def _got_previous(
        self, result: CheckResult, previous: RecordedRun | None, texts: _Texts, before: _Texts
    ) -> None:
        self.previous = previous
        assert result.change is not None  # the app's checks compare with the previous run
        self.changes.show_change(result.change, texts, before)
        # A check has been made: the appeal letters read again what was fixed since the notice.
        for panel in self.recovery_panels.values():
            panel.reload_fixes()


def _change_texts(
    result: CheckResult, previous: RecordedRun | None, labels: dict[str, str]
) -> tuple[_Texts, _Texts]:
    """Each finding of `result` and of the run before it as a line "account: message"."""

    def line(account_id: str, message: str) -> str:
        return f"{labels.get(account_id, account_id)}: {message}"

    texts = {f.key: line(f.account, f.message) for f in result.assessment.findings}
    before: _Texts = {}
    for account in previous.accounts if previous else ():
        for f in account.findings:
            before[(account.account_id, f.rule, f.subject)] = line(account.account_id, f.message)
    return texts, before
