"""The accounts table's model on a large profile: the order and filter the sorting proxy gave,
one edited account changed in place, texts made for the rows shown."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from accountwatch.core.findings import Band
from accountwatch.core.model import (
    Account,
    AccountStatus,
    PasswordAnalysis,
    Platform,
    Profile,
    Role,
    TwoFactor,
    TwoFactorMethod,
)
from accountwatch.core.risk import AccountResult, Assessment
from accountwatch.ui.models_accounts import ID_ROLE, SORT_ROLE, AccountsModel, Column
from accountwatch.ui.widgets.table import style_table

DESCENDING, ASCENDING = Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder


def large_profile(count: int = 400) -> tuple[Profile, Assessment]:
    """Accounts whose columns tie often (a few platforms, statuses and scores)."""
    pick = random.Random(5)
    accounts = tuple(
        Account(
            id=f"a{number}",
            login_id=f"login{number}",
            platform=pick.choice(list(Platform)),
            label=pick.choice(["Shop", "Store", "仕入れ", "Sales"]) + f" {number % 37}",
            role=pick.choice(list(Role)),
            status=pick.choice(list(AccountStatus)),
            two_factor=TwoFactor(pick.choice(list(TwoFactorMethod))),
            password=None if number % 5 == 0 else PasswordAnalysis(pick.randint(0, 4), 5.0),
        )
        for number in range(count)
    )
    results = tuple(
        AccountResult(a.id, a.platform, score, Band.LOW if score < 30 else Band.HIGH, ())
        for a in accounts
        if (score := pick.randint(0, 60)) != 0  # some accounts without a result
    )
    return Profile(accounts=accounts), Assessment(dt.date(2026, 11, 29), 60, Band.HIGH, results)


def ids(model: AccountsModel | QSortFilterProxyModel) -> list[str]:
    return [str(model.index(row, 0).data(ID_ROLE)) for row in range(model.rowCount())]


def old_proxy(
    profile: Profile, assessment: Assessment
) -> tuple[QSortFilterProxyModel, AccountsModel]:
    """The page before: a QSortFilterProxyModel sorting by SORT_ROLE, sorted by the score
    (highest first) before the rows came, filtering every column case-insensitively (with
    its source, which must outlive it)."""
    source = AccountsModel()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(source)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    proxy.sort(Column.SCORE, DESCENDING)
    source.set_data(profile, assessment)
    return proxy, source


def test_the_order_is_the_sorting_proxys_through_every_column(qtbot: QtBot) -> None:
    profile, assessment = large_profile()
    proxy, _source = old_proxy(profile, assessment)
    model = AccountsModel()
    model.sort(Column.SCORE, DESCENDING)
    model.set_data(profile, assessment)
    assert ids(model) == ids(proxy)
    for column in Column:
        for order in (ASCENDING, DESCENDING):
            proxy.sort(column, order)
            model.sort(column, order)
            assert ids(model) == ids(proxy), (column, order)


def test_the_filter_shows_what_the_proxys_showed(qtbot: QtBot) -> None:
    profile, assessment = large_profile()
    proxy, _source = old_proxy(profile, assessment)
    model = AccountsModel()
    model.sort(Column.SCORE, DESCENDING)
    model.set_data(profile, assessment)
    everyone = ids(model)
    for text in ("shop 1", "仕入", "STORE", "buyer", "—", "zzz", ""):
        proxy.setFilterFixedString(text)
        model.set_filter(text)
        shown = ids(model)
        assert set(shown) == set(ids(proxy)), text
        # In the order sorted (where ties land after a filter change, the proxy's own
        # insertion decided; here they keep the order of the sort).
        assert shown == [account for account in everyone if account in set(shown)], text


def test_one_edited_account_changes_its_row_only(qtbot: QtBot) -> None:
    profile, assessment = large_profile()
    model = AccountsModel()
    model.sort(Column.LABEL, ASCENDING)
    model.set_data(profile, assessment)
    for row in range(model.rowCount()):
        model.index(row, Column.LABEL).data()
    rows_before = list(model._rows)
    resets: list[bool] = []
    changes: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda first, last: changes.append((first.row(), last.row())))

    edited = dataclasses.replace(profile.accounts[10], role=Role.BOTH)
    accounts = (*profile.accounts[:10], edited, *profile.accounts[11:])
    model.set_data(dataclasses.replace(profile, accounts=accounts), assessment)

    row = model.row_of("a10")
    assert row is not None
    assert not resets and changes == [(row, row)]
    kept = [new is old for new, old in zip(model._rows, rows_before, strict=True)]
    assert kept.count(False) == 1 and not kept[row]  # every other row and its texts kept
    assert model.index(row, Column.ROLE).data() == "Buyer and seller"


def test_texts_are_made_for_the_rows_shown(qtbot: QtBot) -> None:
    profile, assessment = large_profile()
    model = AccountsModel()
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    style_table(table, "Accounts")
    table.sortByColumn(Column.SCORE, DESCENDING)  # as the page: no label text needed to sort
    table.resize(800, 400)
    table.show()
    model.set_data(profile, assessment)
    qtbot.wait(10)
    labels_made = sum(row.texts[Column.LABEL] is not None for row in model._rows)
    assert 0 < labels_made < 60
