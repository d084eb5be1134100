"""The Findings page: every finding by account and category, acknowledgements, what changed,
and recovery help for a restricted or frozen account."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPalette, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from accountwatch.i18n import _, ngettext
from accountwatch.services import editing, recovery
from accountwatch.services.types import RecordedRun
from accountwatch.services.wording import (
    account_in_status,
    account_status_words,
    acknowledged_because,
    category_words,
    platform_words,
)
from accountwatch.ui.common import band_color, band_text, plain_label
from accountwatch.ui.dialogs.acknowledge import AcknowledgeDialog
from accountwatch.ui.dialogs.why_score import show_why_score
from accountwatch.ui.navigation import Page, Target, target_for
from accountwatch.ui.pages.base import Navigate, PageWidget
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.changes import ChangesBox
from accountwatch.ui.widgets.page import page_header, scrolled
from accountwatch.ui.widgets.recovery import RecoveryPanel

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "account", "category" or "finding"
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # account id, "account|category" or a finding key
SEP = "\x1f"  # joins a finding key's parts; ids never hold it


def finding_id(key: FindingKey) -> str:
    return SEP.join(key)


def _tops(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    items = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    return [item for item in items if item is not None]


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (item.child(i) for i in range(item.childCount()))
    return [child for child in children if child is not None]


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
        layout.addLayout(self._build_filters())
        self.changes = ChangesBox()
        layout.addWidget(self.changes)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.tree = QTreeWidget()
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
        layout.addWidget(self.splitter, 1)
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
        self.search.textChanged.connect(self.apply_filters)
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

    def refresh(self) -> None:
        result = self.state.result
        selected = self._selection()
        collapsed = self._collapsed()
        # Taking the items out in one go: clear() on thousands of expanded items takes seconds.
        self.tree.invisibleRootItem().takeChildren()
        self._findings = {}
        accounts = {a.id: a for a in self.state.profile.accounts}
        if result is None:
            self._show_selected()
            return
        grey = QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))
        acks = {(a.rule, a.subject): a for a in self.state.profile.acknowledged}
        tops: list[QTreeWidgetItem] = []
        for account_result in result.assessment.accounts:
            account = accounts.get(account_result.account_id)
            label = account.display_name if account else account_result.account_id
            text = _("{account} · {platform} — score {score}, {band}").format(
                account=label,
                platform=platform_words(account_result.platform),
                score=account_result.score,
                band=band_text(account_result.band),
            )
            if account and needs_recovery(account):
                text = _("{account} — {status}: recovery help").format(
                    account=text, status=account_status_words(account.status)
                )
            top = QTreeWidgetItem([text])
            top.setToolTip(0, text)
            top.setIcon(0, _swatch(band_color(account_result.band)))
            top.setData(0, KIND_ROLE, "account")
            top.setData(0, KEY_ROLE, account_result.account_id)
            top.setData(0, Qt.ItemDataRole.UserRole, account_result.band.value)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            tops.append(top)
            for category in Category:
                found = sorted(
                    (f for f in account_result.findings if f.category == category),
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
                group.setData(0, KIND_ROLE, "category")
                group.setData(0, KEY_ROLE, f"{account_result.account_id}{SEP}{category.value}")
                group.setData(0, Qt.ItemDataRole.UserRole, category.value)
                top.addChild(group)
                for finding in found:
                    group.addChild(self._finding_item(finding, acks.get(finding.key[1:]), grey))
        # Built apart and added at once: a tree that lays itself out after every item is slow.
        self.tree.addTopLevelItems(tops)
        for top in tops:
            top.setFirstColumnSpanned(True)
            for group in _children(top):
                group.setFirstColumnSpanned(True)
        self.tree.expandAll()
        for item in self._all_items():
            if (item.data(0, KIND_ROLE), item.data(0, KEY_ROLE)) in collapsed:
                item.setExpanded(False)
        self._fill_recovery_bar(accounts)
        self._keep_recovery_panels(accounts)
        self.apply_filters()
        self._restore(selected)
        self._load_previous()

    def _finding_item(
        self, finding: Finding, ack: Acknowledgement | None, grey: QBrush
    ) -> QTreeWidgetItem:
        key = finding_id(finding.key)
        self._findings[key] = finding
        item = QTreeWidgetItem(
            [finding.message, f"{finding.weight:.2f}", self._ack_text(finding, ack)]
        )
        item.setData(0, KIND_ROLE, "finding")
        item.setData(0, KEY_ROLE, key)
        tip = "\n\n".join(
            (
                finding.message,
                _("Why it matters: {why}").format(why=finding.why),
                _("What to do: {action}").format(action=finding.action),
            )
        )
        item.setToolTip(0, tip)
        item.setToolTip(2, item.text(2))
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if finding.acknowledged:
            for column in range(3):
                item.setForeground(column, grey)
                font = item.font(column)
                font.setItalic(True)
                item.setFont(column, font)
        return item

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

    def apply_filters(self) -> None:
        band = str(self.band_filter.currentData() or "")
        category = str(self.category_filter.currentData() or "")
        words = fold(self.search.text())
        labels = {a.id: fold(a.display_name) for a in self.state.profile.accounts}
        for top in _tops(self.tree):
            account_id = str(top.data(0, KEY_ROLE))
            name_matches = bool(words) and words in labels.get(account_id, "")
            any_shown = False
            for group in _children(top):
                group_shown = False
                wanted = not category or group.data(0, Qt.ItemDataRole.UserRole) == category
                for item in _children(group):
                    finding = self._findings[str(item.data(0, KEY_ROLE))]
                    hit = (
                        not words
                        or name_matches
                        or words
                        in fold(
                            f"{finding.message}\n{finding.why}\n{finding.action}\n{item.text(2)}"
                        )
                    )
                    item.setHidden(not (wanted and hit))
                    group_shown |= wanted and hit
                group.setHidden(not group_shown)
                any_shown |= group_shown
            band_ok = not band or top.data(0, Qt.ItemDataRole.UserRole) == band
            plain_view = not (category or words)
            top.setHidden(not (band_ok and (any_shown or plain_view)))

    def _clear_filters(self) -> None:
        self.band_filter.setCurrentIndex(0)
        self.category_filter.setCurrentIndex(0)
        self.search.clear()

    # --- selection --------------------------------------------------------------------------

    def _selection(self) -> _Selection | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return _Selection(str(item.data(0, KIND_ROLE)), str(item.data(0, KEY_ROLE)))

    def _all_items(self) -> list[QTreeWidgetItem]:
        items, stack = [], _tops(self.tree)
        while stack:
            item = stack.pop()
            items.append(item)
            stack.extend(_children(item))
        return items

    def _collapsed(self) -> set[tuple[object, object]]:
        """The groups the user folded, to fold them again after a redraw."""
        return {
            (item.data(0, KIND_ROLE), item.data(0, KEY_ROLE))
            for item in self._all_items()
            if item.childCount() and not item.isExpanded()
        }

    def _find_item(self, kind: str, key: str) -> QTreeWidgetItem | None:
        return next(
            (
                item
                for item in self._all_items()
                if item.data(0, KIND_ROLE) == kind and item.data(0, KEY_ROLE) == key
            ),
            None,
        )

    def _restore(self, selected: _Selection | None) -> None:
        item = self._find_item(selected.kind, selected.key) if selected else None
        if item is not None:
            self.tree.setCurrentItem(item)
        self._show_selected()

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
            show_why_score(self, self.state, self.navigate, account_id)

    def acknowledge_selected(self) -> None:
        finding = self.selected_finding()
        if finding is None:
            return
        self.ack_dialog = AcknowledgeDialog(self.state, finding, self)
        self.ack_dialog.open()

    def withdraw_selected(self) -> None:
        finding = self.selected_finding()
        if finding is None:
            return
        rule, subject = finding.rule, finding.subject
        self.state.apply(lambda ws: editing.remove_acknowledgement(ws, rule, subject))

    def show_target(self, target: Target) -> None:
        if target.item is None:
            return
        item = self._find_item("account", target.item)
        if target.finding is not None:  # "Why this score?" opens one finding
            item = self._find_item("finding", finding_id(target.finding)) or item
        if item is None:
            return
        shown: QTreeWidgetItem | None = item
        while shown is not None and not shown.isHidden():
            shown = shown.parent()
        if shown is not None:  # it, or its account or category, is filtered out
            self._clear_filters()
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtTop)
        self.tree.setFocus()

    # --- the previous run -------------------------------------------------------------------

    def _load_previous(self) -> None:
        result = self.state.result
        if result is None:
            return
        self._generation += 1
        generation, ws, run_id = self._generation, self.state.ws, result.run_id

        def done(previous: RecordedRun | None) -> None:
            if generation == self._generation:
                self._got_previous(previous)

        self.state.tasks.run(lambda: recovery.previous_run(ws, run_id), done)

    def _got_previous(self, previous: RecordedRun | None) -> None:
        result = self.state.result
        if result is None:
            return
        self.previous = previous
        labels = {a.id: a.display_name for a in self.state.profile.accounts}

        def line(account_id: str, message: str) -> str:
            return f"{labels.get(account_id, account_id)}: {message}"

        texts = {f.key: line(f.account, f.message) for f in result.assessment.findings}
        before: dict[FindingKey, str] = {}
        for account in previous.accounts if previous else ():
            for f in account.findings:
                before[(account.account_id, f.rule, f.subject)] = line(
                    account.account_id, f.message
                )
        self.changes.show_change(result.change, texts, before)
        # A check has been made: the appeal letters read again what was fixed since the notice.
        for panel in self.recovery_panels.values():
            panel.reload_fixes()
