"""A read-only table model of rows made once, sorted and filtered in Python, off the GUI thread."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter, is_, itemgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from accountwatch.services import collector

ModelIndex = QModelIndex | QPersistentModelIndex

BADGE_ROLE = Qt.ItemDataRole.UserRole + 2

Text = str | Callable[[], str]
Order = tuple[int, Qt.SortOrder]


@dataclass(frozen=True)
class Row:
    """One table row: its item id, the texts shown, and how it sorts."""

    id: str
    # A callable is a text made only when first shown (formatting thousands of rows is slow).
    cells: tuple[Text, ...]
    sort_keys: tuple[Any, ...]
    badge: QColor | None = None  # colour of the last column's badge
    tooltips: tuple[Text, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)  # for filters
    # The texts of `cells` made so far, by column: a row handed back unchanged keeps them.
    made: dict[int, str] = field(default_factory=dict, compare=False, repr=False)


# How many texts `RowModel.widest_row` measures: the longest of each column, the first rows and
# rows spread over the table.
LONGEST = 20
FIRST = 40
SPREAD = 160

_ID = attrgetter("id")
_CELLS = attrgetter("cells")
_SORT_KEYS = attrgetter("sort_keys")


# What each row on screen was made of, by id: the inputs that must be the very same objects,
# those that must be equal, and the row made of them.
Made = dict[str, tuple[tuple[object, ...], tuple[object, ...], Row]]


def kept_row(
    before: Made, row_id: str, same: tuple[object, ...], equal: tuple[object, ...]
) -> Row | None:
    """The row made earlier for `row_id` of the same inputs, to show again as it is (its texts
    already made); None: make it anew. `same` are compared by identity (a profile's items and
    findings: an unchanged one is the same object, and comparing values would cost as much as
    a new row), `equal` by value (names, dates)."""
    kept = before.get(row_id)
    if kept is None:
        return None
    old_same, old_equal, row = kept
    if old_equal == equal and len(old_same) == len(same) and all(map(is_, old_same, same)):
        return row
    return None


@dataclass(frozen=True)
class Arrangement:
    """What the model shows, worked out from its rows, order and filter (on a worker thread)."""

    every: list[Row]  # every row, sorted
    rows: list[Row]  # the rows shown: sorted and filtered
    ids: list[str]  # theirs
    positions: dict[str, int]  # where each shown id is
    # Rows shown where the same id was before but as another object (None: the ids differ).
    changed: list[int] | None
    same_ids: bool  # the same ids shown as before, in any order
    longest: list[list[int]]  # by column: the shown rows of its longest texts


def arrange(
    rows: list[Row],
    order: Order | None,
    accepts: Callable[[Row], bool] | None,
    before: list[Row],
    before_ids: list[str],
) -> Arrangement:
    """Sort `rows` (stable: ties keep their order in `rows`), filter them and compare them with
    the rows shown `before` (pure: run on a worker thread)."""
    every = list(rows)
    if order is not None:
        column, direction = order
        every = _sorted(every, column, reverse=direction == Qt.SortOrder.DescendingOrder)
    shown = every if accepts is None else list(filter(accepts, every))
    ids = _joined(list(map(_ID, part)) for part in _slices(shown))
    changed = None
    if ids == before_ids:
        pairs = enumerate(zip(shown, before, strict=True))
        changed = [number for number, (new, old) in pairs if new is not old]
    same_ids = changed is not None or (
        len(ids) == len(before_ids) and _id_set(ids) == _id_set(before_ids)
    )
    positions: dict[str, int] = {}
    for start in range(0, len(ids), SLICE):
        positions.update(zip(ids[start : start + SLICE], range(start, len(ids)), strict=False))
    columns = len(shown[0].cells) if shown else 0
    return Arrangement(
        every=every,
        rows=shown,
        ids=ids,
        positions=positions,
        changed=changed,
        same_ids=same_ids,
        longest=[_longest(shown, column) for column in range(columns)],
    )


def _longest(rows: list[Row], column: int) -> list[int]:
    """The rows whose texts in `column` are longest (none when its texts are made when shown)."""
    pick = itemgetter(column)
    try:
        lengths = _joined(list(map(len, map(pick, map(_CELLS, part)))) for part in _slices(rows))
    except TypeError:  # a text made when shown: the first rows are measured instead
        return []
    return heapq.nlargest(LONGEST, range(len(lengths)), key=lengths.__getitem__)


# Work over every row is done a slice at a time. One call in C over 20,000 rows (a sort, a
# dict) holds the GIL throughout, tens of milliseconds on a busy machine, and the GUI thread
# waits that long for its next turn; between slices it gets one.
SLICE = 2000


def _slices(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), SLICE):
        yield items[start : start + SLICE]


def _joined(parts: Iterable[list[Any]]) -> list[Any]:
    whole: list[Any] = []
    for part in parts:
        whole += part
    return whole


def _id_set(ids: list[str]) -> set[str]:
    whole: set[str] = set()
    for part in _slices(ids):
        whole.update(part)
    return whole


def _sorted(rows: list[Row], column: int, *, reverse: bool) -> list[Row]:
    """`rows` sorted by their key in `column`, stably (ties keep their order in `rows`): each
    slice sorted in C, then the slices merged in Python (`heapq.merge` is stable too)."""
    pick = itemgetter(column)
    runs = []
    for part in _slices(rows):
        keys = list(map(pick, map(_SORT_KEYS, part)))
        numbers = sorted(range(len(part)), key=keys.__getitem__, reverse=reverse)
        runs.append([(keys[number], part[number]) for number in numbers])
    if len(runs) <= 1:
        return [row for _key, row in runs[0]] if runs else []
    merged = heapq.merge(*runs, key=itemgetter(0), reverse=reverse)
    return [row for _key, row in merged]


# Runs `work` on a worker thread and hands its value to `done` on the GUI thread (what it
# raised to the third).
Runner = Callable[
    [
        Callable[[], Arrangement],
        Callable[[Arrangement], None],
        Callable[[BaseException], None],
    ],
    None,
]


class RowModel(QAbstractTableModel):
    """A read-only table of `Row`s; the last column can be drawn as a coloured badge.

    It sorts and filters itself in Python, with no proxy: a proxy sorting or filtering calls
    back into Python for every comparison or row (tens of thousands of calls on a large
    profile, each one a stall of the GUI thread). Given a `run`, it does so on a worker
    thread; the GUI thread only takes the result. New rows whose ids and order are those
    shown are changed in place (`dataChanged` for the rows that differ), so a refresh after
    one edit keeps the selection, the scroll position and every text already made; a new
    order keeps the selection too (`layoutChanged`).
    """

    def __init__(
        self,
        headers: list[str],
        right_aligned: tuple[int, ...] = (),
        parent: QWidget | None = None,
        run: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        self.headers = headers
        self.right_aligned = right_aligned
        self.run = run
        self.every: list[Row] = []  # every row given, in the order of the last sort
        self.rows: list[Row] = []  # the rows shown: filtered and sorted
        self.ids: list[str] = []
        self.positions: dict[str, int] = {}
        self.longest: list[list[int]] = []
        self.accepts: Callable[[Row], bool] | None = None
        self.order: Order | None = None
        self._given: list[Row] | None = None  # rows given and not arranged yet
        self._asked = 0  # arrangements asked for; only the latest one is shown
        self._shown = 0  # the one shown
        self._running = False  # an arrangement is being worked out on a worker
        self._then: list[Callable[[], object]] = []

    def set_rows(self, rows: list[Row], then: Callable[[], object] | None = None) -> None:
        """Show `rows`; `then` runs once they are shown."""
        self._given = rows
        self._arrange(then)

    def set_filter(
        self, accepts: Callable[[Row], bool] | None, then: Callable[[], object] | None = None
    ) -> None:
        """Show only the rows `accepts` (None: every row); `then` runs once they are shown."""
        self.accepts = accepts
        self._arrange(then)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.headers):
            return
        self.order = (column, order)
        self._arrange(None)

    @property
    def arranging(self) -> bool:
        """Whether rows, an order or a filter asked for are not shown yet."""
        return self._asked != self._shown

    def _arrange(self, then: Callable[[], object] | None) -> None:
        self._asked += 1
        if then is not None:
            self._then.append(then)
        # One arrangement at a time: what is asked meanwhile is arranged, all at once, when
        # the running one ends (two workers at it would starve the GUI thread of the GIL).
        if not self._running:
            self._start()

    def _start(self) -> None:
        asked = self._asked
        # Sorting again sorts the rows in their present order (ties keep it), as a
        # QSortFilterProxyModel did; new rows are sorted from the order given.
        given = self._given
        rows = self.every if given is None else given
        order, accepts, before, before_ids = self.order, self.accepts, self.rows, self.ids

        def work() -> Arrangement:
            # A full cyclic collection on a worker holds the GIL for hundreds of milliseconds
            # with a large profile loaded (the GUI stalls that long); none is needed here.
            with collector.spared():
                return arrange(rows, order, accepts, before, before_ids)

        def done(arrangement: Arrangement) -> None:
            self._running = False
            if asked != self._asked:  # more was asked meanwhile: arrange again with it
                self._start()
                return
            if self._given is given:
                self._given = None
            self._show(arrangement, asked)

        def failed(exc: BaseException) -> None:
            self._running = False
            raise exc

        if self.run is None:
            done(work())
            return
        self._running = True
        self.run(work, done, failed)

    def _show(self, arrangement: Arrangement, asked: int) -> None:
        changed = arrangement.changed
        if changed is not None:
            self._take(arrangement)
            if changed:
                last = len(self.headers) - 1
                self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], last))
        elif arrangement.same_ids:  # the same rows in another order: the selection stays
            self.layoutAboutToBeChanged.emit()
            before = self.persistentIndexList()
            ids = [self.ids[index.row()] for index in before]
            self._take(arrangement)
            after = [
                self.index(self.positions[item_id], index.column())
                for item_id, index in zip(ids, before, strict=True)
            ]
            self.changePersistentIndexList(before, after)
            self.layoutChanged.emit()
        else:
            self.beginResetModel()
            self._take(arrangement)
            self.endResetModel()
        self._shown = asked
        then, self._then = self._then, []
        for call in then:
            call()

    def _take(self, arrangement: Arrangement) -> None:
        self.every = arrangement.every
        self.rows = arrangement.rows
        self.ids = arrangement.ids
        self.positions = arrangement.positions
        self.longest = arrangement.longest

    def row_of(self, item_id: str | None) -> int | None:
        return self.positions.get(item_id) if item_id is not None else None

    def widest_row(self, column: int, width: Callable[[str], int]) -> int | None:
        """The shown row whose text in `column` is widest (`width`: a text's in pixels), among
        the longest texts, the first rows' and a sample of the rest."""
        candidates: dict[str, int] = {}
        longest = self.longest[column] if column < len(self.longest) else []
        count = len(self.rows)
        spread = range(0, count, max(1, count // SPREAD))  # texts made when shown: a sample
        for number in [*longest, *range(min(FIRST, count)), *spread]:
            candidates.setdefault(self.text(number, column), number)
        if not candidates:
            return None
        return max(candidates.items(), key=lambda item: width(item[0]))[1]

    def text(self, row: int, column: int) -> str:
        shown = self.rows[row]
        cell = shown.cells[column]
        if isinstance(cell, str):
            return cell
        made = shown.made.get(column)
        if made is None:
            made = shown.made[column] = cell()
        return made

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = 0
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: ModelIndex, role: int = 0) -> Any:
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(index.row(), column)
        if role == Qt.ItemDataRole.ToolTipRole and column < len(row.tooltips):
            tip = row.tooltips[column]
            return (tip if isinstance(tip, str) else tip()) or None
        if role == BADGE_ROLE and column == len(self.headers) - 1:
            return row.badge
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right_aligned:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None
