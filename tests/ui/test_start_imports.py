"""What the app's start leaves unloaded until it is used (time and memory at every start)."""

from __future__ import annotations

import json

from fresh_python import fresh_python


def loaded(imported: tuple[str, ...], modules: tuple[str, ...]) -> list[str]:
    """Which of `modules` a fresh interpreter has loaded once it has imported `imported` (this
    test process has loaded everything already)."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {imported!r}: importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in {modules!r} if m in sys.modules)))\n"
    )
    out = fresh_python(code)
    return list(json.loads(out))


def test_start_up_loads_neither_asyncio_nor_the_why_score_dialog() -> None:
    start = (
        "accountwatch.ui.app",
        "accountwatch.ui.notifiers",
        "accountwatch.ui.pages.overview",
        "accountwatch.ui.reminder_watch",
        "accountwatch.ui.tray",
    )
    # asyncio is desktop-notifier's (Windows and macOS); the dialog opens on demand.
    unwanted = ("asyncio", "accountwatch.ui.native_notifier", "accountwatch.ui.dialogs.why_score")
    assert loaded(start, unwanted) == []


def test_shibokens_import_check_keeps_no_source_in_linecache_and_answers_as_before() -> None:
    # shiboken asks of every module imported after PySide6 whether its source names PySide6;
    # its own way (inspect.getsource) keeps every source in linecache, megabytes at each start.
    code = (
        "import linecache, sys\n"
        "import PySide6\n"
        "feature = sys.modules['shibokensupport.feature']\n"
        "theirs = feature._mod_uses_pyside\n"
        "import accountwatch.ui\n"
        "ours = feature._mod_uses_pyside\n"
        "import accountwatch.ui.app, accountwatch.cli, accountwatch.ui.pages.overview\n"
        "import accountwatch.services.demo, accountwatch.core.risk\n"
        "cached = [f for f in linecache.cache if 'accountwatch' in f]\n"
        "modules = list(sys.modules.values())\n"
        "named = sorted(m.__name__ for m in modules if theirs(m))\n"
        "differ = [m.__name__ for m in modules if theirs(m) != ours(m)]\n"
        "print(ours is not theirs, cached, differ, 'accountwatch.ui.app' in named)\n"
    )
    out = fresh_python(code)
    assert out.strip() == "True [] [] True"


def test_the_demos_fill_loads_neither_the_import_use_case_nor_multiprocessing() -> None:
    # The demo reads its sample with the profile format alone: the import's merging, its pool
    # for stretching passwords and the password export's worker processes (for imports with
    # many passwords) are loaded by an import, not by every start of the demo.
    unwanted = (
        "multiprocessing",
        "concurrent.futures",
        "accountwatch.services.password_export",
        "accountwatch.services.profiles",
        "accountwatch.core.merge",
        # Nor what entering a TOTP secret or misspelling a name needs.
        "pyotp",
        "difflib",
    )
    assert loaded(("accountwatch.ui.app", "accountwatch.services.demo"), unwanted) == []
    # ... and what imports load it still does not load multiprocessing.
    assert loaded(("accountwatch.services.profiles",), unwanted[:1]) == []


def test_the_accounts_page_loads_its_editor_and_the_profile_format_when_first_opened() -> None:
    # Tens of milliseconds of the page's first showing, for dialogs not opened every time.
    unwanted = (
        "accountwatch.ui.dialogs.account_editor",
        "accountwatch.services.editing",
        "accountwatch.core.profile_io",
        "accountwatch.ui.dialogs.why_score",
    )
    assert loaded(("accountwatch.ui.app", "accountwatch.ui.pages.accounts"), unwanted) == []
    assert loaded(("accountwatch.ui.app", "accountwatch.ui.pages.history"), unwanted[-1:]) == []


def test_the_payments_cards_and_findings_pages_load_their_dialogs_and_edits_when_used() -> None:
    # The editing use cases (with the profile format) and the pages' dialogs were tens of
    # milliseconds of a first showing, the first table page's most of all.
    unwanted = ("accountwatch.services.editing", "accountwatch.core.profile_io")
    for page, dialogs in (
        ("payments", ("accountwatch.ui.dialogs.payment_editor",)),
        ("cards", ("accountwatch.ui.dialogs.card_editor",)),
        ("findings", ("accountwatch.ui.dialogs.acknowledge", "accountwatch.ui.dialogs.why_score")),
    ):
        imported = ("accountwatch.ui.app", f"accountwatch.ui.pages.{page}")
        assert loaded(imported, unwanted + dialogs) == [], page


def test_loaded_sees_what_was_imported() -> None:
    # Else every test above would pass on an interpreter that printed nothing useful.
    editor = "accountwatch.ui.dialogs.account_editor"
    assert loaded((editor,), (editor, "accountwatch.core.profile_io")) == [
        "accountwatch.core.profile_io",
        editor,
    ]


def test_the_settings_page_loads_neither_the_error_log_nor_other_systems_autostart() -> None:
    # Half of the page's first showing was loading these: the rotating log handler (with
    # pickle and socket) for the log's file name alone, plistlib (macOS's launch agents) and
    # subprocess (Windows' command line) on every system.
    unwanted = (
        "accountwatch.errorlog",
        "logging.handlers",
        "plistlib",
        "subprocess",
        # Nor the use cases its buttons start (saving, import, export, removing all data):
        # loaded when used.
        "accountwatch.services.editing",
        "accountwatch.services.remove_data",
        "accountwatch.services.profiles",
        "accountwatch.core.profile_io",
    )
    assert loaded(("accountwatch.ui.app", "accountwatch.ui.pages.settings"), unwanted) == []
