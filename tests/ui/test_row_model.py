"""The list tables' model: sorted as a sorting proxy would, rows changed in place, texts made
only for the rows shown, the arranging done once at a time off the GUI thread."""

from __future__ import annotations

import random
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QWidget
from pytestqt.qtbot import QtBot

from accountwatch.ui.widgets.row_model import (
    FIRST,
    SLICE,
    SPREAD,
    Arrangement,
    Made,
    Row,
    RowModel,
    arrange,
    kept_row,
)
from accountwatch.ui.widgets.table import (
    fit_columns,
    make_table,
    select_id,
    selected_id,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 5


def rows_with_ties(count: int, seed: int = 3) -> list[Row]:
    """Rows whose keys tie often (few distinct values), as statuses and dates do."""
    pick = random.Random(seed)
    return [
        Row(
            f"r{number}",
            (f"text {number}", f"group {number % 7}"),
            (pick.randint(0, 5), pick.choice(["b", "a", "c"])),
        )
        for number in range(count)
    ]


def proxy_order(rows: list[Row], sorts: list[tuple[int, Qt.SortOrder]]) -> list[str]:
    """The order a QSortFilterProxyModel (what the pages used before) gives, sort after sort."""
    source = QStandardItemModel(len(rows), 2)
    for number, row in enumerate(rows):
        for column in range(2):
            item = QStandardItem(row.id)
            item.setData(row.sort_keys[column], SORT_ROLE)
            source.setItem(number, column, item)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(source)
    proxy.setSortRole(SORT_ROLE)
    for column, order in sorts:
        proxy.sort(column, order)
    return [str(proxy.index(number, 0).data()) for number in range(proxy.rowCount())]


def shown_ids(model: RowModel) -> list[str]:
    return [str(model.index(n, 0).data(Qt.ItemDataRole.UserRole)) for n in range(model.rowCount())]


def test_sorting_gives_the_order_a_sorting_proxy_gave(qtbot: QtBot) -> None:
    # More rows than one slice: the slices sorted apart are merged, ties kept in order.
    rows = rows_with_ties(2 * SLICE + 123)
    model = RowModel(["A", "B"])
    model.set_rows(rows)
    sorts = [
        (0, Qt.SortOrder.AscendingOrder),
        (1, Qt.SortOrder.DescendingOrder),
        (0, Qt.SortOrder.DescendingOrder),
        (1, Qt.SortOrder.AscendingOrder),
    ]
    for done in range(1, len(sorts) + 1):
        model.sort(*sorts[done - 1])
        assert shown_ids(model) == proxy_order(rows, sorts[:done])


def test_new_rows_are_sorted_by_the_order_chosen() -> None:
    model = RowModel(["A", "B"])
    model.sort(0, Qt.SortOrder.DescendingOrder)
    rows = rows_with_ties(2 * SLICE + 123)
    model.set_rows(rows)
    # As the model sorted before: ties in the order given (a stable sort, also descending).
    expected = sorted(rows, key=lambda row: row.sort_keys[0], reverse=True)
    assert shown_ids(model) == [row.id for row in expected]


def test_rows_with_the_same_ids_change_in_place(qtbot: QtBot) -> None:
    made: list[str] = []

    def text(item_id: str) -> Callable[[], str]:
        def make() -> str:
            made.append(item_id)
            return f"made {item_id}"

        return make

    rows = [Row(f"r{n}", (text(f"r{n}"),), (n,)) for n in range(50)]
    model = RowModel(["A"])
    model.set_rows(rows)
    table = make_table(model, "t")
    qtbot.addWidget(table)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    for number in range(50):
        model.index(number, 0).data()
    assert len(made) == 50
    select_id(table, "r20")
    resets: list[bool] = []
    changes: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda first, last: changes.append((first.row(), last.row())))

    edited = list(rows)
    edited[7] = Row("r7", (text("r7"),), (7,))
    model.set_rows(edited)

    assert not resets and changes == [(7, 7)]
    assert selected_id(table) == "r20"  # the selection stays
    made.clear()
    for number in range(50):
        model.index(number, 0).data()
    assert made == ["r7"]  # only the changed row's text is made again


def test_a_table_of_thousands_makes_the_texts_of_few_rows(qtbot: QtBot) -> None:
    made: list[int] = []

    def text(number: int) -> Callable[[], str]:
        return lambda: made.append(number) or f"row {number}"

    model = RowModel(["A", "B"])
    model.set_rows([Row(f"r{n}", (text(n), f"fixed {n}"), (n, n)) for n in range(5000)])
    table = make_table(model, "t")
    qtbot.addWidget(table)
    table.resize(600, 400)
    table.show()
    fit_columns(table, 1)
    qtbot.wait(10)
    # The rows on screen, and the sample the columns are sized by: not the 5,000.
    assert 0 < len(set(made)) <= FIRST + SPREAD + 50


def test_fit_columns_gives_the_widths_resizing_to_contents_gave(qtbot: QtBot) -> None:
    model = RowModel(["Due", "Account", "Description", "Status"])
    words = ["Paid", "Overdue", "Due soon", "A much longer status word"]
    model.set_rows(
        [
            Row(
                f"r{n}",
                (f"2026-11-{n % 28 + 1:02d}", "Account " + "x" * (n % 9), f"row {n}", words[n % 4]),
                (n, n, n, n),
            )
            for n in range(40)
        ]
    )
    table = make_table(model, "t")
    qtbot.addWidget(table)
    table.resize(900, 500)
    table.show()
    header = table.horizontalHeader()
    header.resizeSections(QHeaderView.ResizeMode.ResizeToContents)
    resized = [header.sectionSize(column) + 16 for column in range(4)]
    fit_columns(table, 2)
    assert [header.sectionSize(column) for column in (0, 1, 3)] == [resized[c] for c in (0, 1, 3)]
    assert header.sectionResizeMode(2) == QHeaderView.ResizeMode.Stretch


def test_columns_are_shared_out_again_when_the_viewport_narrows_or_a_scroll_bar_comes(
    qtbot: QtBot,
) -> None:
    model = RowModel(["Due", "Account", "Description", "Status"])

    def rows(count: int) -> list[Row]:
        return [
            Row(
                f"r{n}",
                ("2026-11-30", "Account " + "x" * 40, f"row {n} " * 6, "Due soon"),
                (n,) * 4,
            )
            for n in range(count)
        ]

    model.set_rows(rows(3))
    table = make_table(model, "t")
    qtbot.addWidget(table)
    table.resize(900, 300)
    table.show()
    fit_columns(table, 2)
    header = table.horizontalHeader()

    def widths() -> list[int]:
        return [header.sectionSize(column) for column in range(4)]

    def as_fitted_now() -> bool:
        # What fitting the columns afresh at the viewport's width gives, and the header
        # spans that viewport: the widths were shared out for the width it has now.
        before = widths()
        fit_columns(table, 2)
        return widths() == before and header.width() == table.viewport().width()

    wide = widths()
    table.resize(420, 300)
    qtbot.waitUntil(lambda: widths() != wide)
    assert as_fitted_now()
    narrow, room = widths(), table.viewport().width()
    model.set_rows(rows(200))  # the vertical scroll bar comes: the viewport narrows again
    qtbot.waitUntil(lambda: table.verticalScrollBar().isVisible())
    qtbot.waitUntil(lambda: table.viewport().width() < room and widths() != narrow)
    assert as_fitted_now()


def test_fitting_columns_never_asks_qt_for_the_viewport(qtbot: QtBot) -> None:
    # Handed to Python, the viewport (a widget Qt made) has its type worked out first: the
    # first time, PySide6 sets up every widget class with its enums, 20 ms of the first table
    # page shown. Its column header tells its width instead.
    model = RowModel(["A", "B"])
    model.set_rows([Row(f"r{n}", (f"a {n}", f"b {n}"), (n, n)) for n in range(50)])
    table = make_table(model, "t")
    qtbot.addWidget(table)
    table.resize(500, 200)
    table.show()
    fit_columns(table, 1)
    table.resize(300, 200)
    qtbot.wait(20)
    wrapped = [w for w in shiboken6.getAllValidWrappers() if type(w) is QWidget]
    assert not [w for w in wrapped if w.parent() is table]


class Deferred:
    """A runner that keeps the work until told to finish it (a worker thread, in order)."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[[], Arrangement], Callable[[Arrangement], None]]] = []

    def __call__(
        self,
        work: Callable[[], Arrangement],
        done: Callable[[Arrangement], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        self.jobs.append((work, done))

    def finish(self) -> None:
        work, done = self.jobs.pop(0)
        done(work())


def test_arranging_off_the_gui_thread_runs_once_at_a_time_and_the_latest_wins() -> None:
    runner = Deferred()
    model = RowModel(["A", "B"], run=runner)
    rows = rows_with_ties(30)
    called: list[str] = []
    model.set_rows(rows, lambda: called.append("rows"))
    assert model.rowCount() == 0 and model.arranging
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_filter(lambda row: row.sort_keys[1] == "a", lambda: called.append("filter"))
    assert len(runner.jobs) == 1  # what is asked meanwhile waits for the running one
    runner.finish()
    assert model.rowCount() == 0 and len(runner.jobs) == 1  # superseded: arranged again
    runner.finish()
    assert not model.arranging and not runner.jobs
    order = proxy_order(rows, [(0, Qt.SortOrder.AscendingOrder)])
    by_id = {row.id: row for row in rows}
    expected = [item for item in order if by_id[item].sort_keys[1] == "a"]
    assert shown_ids(model) == expected
    assert called == ["rows", "filter"]  # each caller hears once everything is shown


def test_arrange_says_what_changed() -> None:
    rows = rows_with_ties(10)
    first = arrange(rows, None, None, [], [])
    assert first.changed is None and not first.same_ids
    again = list(rows)
    again[4] = Row(rows[4].id, ("new", "x"), rows[4].sort_keys)
    second = arrange(again, None, None, first.rows, first.ids)
    assert second.changed == [4]
    turned = arrange(rows, (0, Qt.SortOrder.DescendingOrder), None, first.rows, first.ids)
    assert turned.changed is None and turned.same_ids
    assert turned.positions == {row_id: n for n, row_id in enumerate(turned.ids)}


def test_a_row_is_kept_only_while_its_inputs_are_the_same() -> None:
    item, other_item = ["an item"], ["an item"]  # equal values, two objects
    row = Row(id="a", cells=("x",), sort_keys=("x",))
    before: Made = {"a": ((item, None), ("Shop", "2026-12-02"), row)}
    assert kept_row(before, "a", (item, None), ("Shop", "2026-12-02")) is row
    # An item made anew is another object: its row is made anew, even if equal.
    assert kept_row(before, "a", (other_item, None), ("Shop", "2026-12-02")) is None
    # Names and dates compare by value.
    assert kept_row(before, "a", (item, None), ("Shop renamed", "2026-12-02")) is None
    assert kept_row(before, "b", (item, None), ("Shop", "2026-12-02")) is None
