"""The index of the Pwned Passwords file in use, built ahead of the look-ups: progress, cancel,
and what `breaches.prepare_index` says of it."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest

from accountwatch.services import breaches, pwned_file, pwned_index
from accountwatch.services.pwned_file import open_pwned
from accountwatch.services.workspace import Workspace


class CancelledError(Exception):
    pass


def _file(path: Path, count: int = 60_000) -> tuple[Path, dict[str, int]]:
    rng = random.Random(5)
    hashes = {
        hashlib.sha1(f"pw-{i}".encode()).hexdigest().upper(): rng.randint(1, 999)
        for i in range(count)
    }
    path.write_text("".join(f"{h}:{n}\n" for h, n in sorted(hashes.items())), "ascii")
    return path, hashes


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Files from 100 kB up count as large (their index is kept): the test file of 2.6 MB takes
    three 1 MiB blocks of the build, without writing the 64 MiB of a real large one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(pwned_file, "KEEP_INDEX_FROM", 100_000)


def test_the_build_reports_its_progress_and_the_index_is_kept(large: None, tmp_path: Path) -> None:
    path, hashes = _file(tmp_path / "pwned.txt")
    size = path.stat().st_size
    seen: list[tuple[int, int]] = []
    with open_pwned(path) as source:
        assert source.prepare_index(lambda done, total: seen.append((done, total)))
    assert len(seen) == -(-size // pwned_index._BLOCK) >= 3
    assert [done for done, _total in seen] == sorted({done for done, _total in seen})
    assert seen[-1] == (size, size) and {total for _done, total in seen} == {size}
    # The next opening finds it kept: nothing to build, nothing reported.
    again: list[tuple[int, int]] = []
    with open_pwned(path) as source:
        assert source.prepare_index(lambda done, total: again.append((done, total)))
        wanted = sorted(hashes)[::997]
        assert source.counts(wanted) == [hashes[h] for h in wanted]
    assert again == []


def test_a_cancelled_build_keeps_nothing_and_answers_stay_right(
    large: None, tmp_path: Path
) -> None:
    path, hashes = _file(tmp_path / "pwned.txt")

    def cancel(done: int, _total: int) -> None:
        raise CancelledError

    with open_pwned(path) as source, pytest.raises(CancelledError):
        source.prepare_index(cancel)
    assert not list((tmp_path / "cache").rglob("*.idx"))
    with open_pwned(path) as source:
        wanted = [*sorted(hashes)[::991], "0" * 40]
        assert source.counts(wanted) == [*[hashes[h] for h in wanted[:-1]], 0]


def test_breaches_prepare_the_file_in_use(large: None, tmp_path: Path, ws: Workspace) -> None:
    assert not breaches.prepare_index(ws)  # no file chosen
    path, _hashes = _file(tmp_path / "pwned.txt")
    breaches.set_path(ws, path)
    reported: list[int] = []
    assert breaches.prepare_index(ws, lambda done, _total: reported.append(done))
    assert reported and list((tmp_path / "cache").rglob("*.idx"))
    # A folder of per-prefix files needs no index.
    folder = tmp_path / "prefixes"
    folder.mkdir()
    (folder / "00000.txt").write_text("0" * 35 + ":1\r\n", "ascii")
    breaches.set_path(ws, folder)
    assert not breaches.prepare_index(ws)


def test_only_a_single_file_has_an_index_to_prepare(tmp_path: Path) -> None:
    path, _hashes = _file(tmp_path / "pwned.txt", 10)
    assert breaches.may_index(path)
    assert not breaches.may_index(tmp_path)  # the per-prefix folder
    assert not breaches.may_index(tmp_path / "gone.txt")
    # A name the system refuses to look at (too long) answers no, it does not raise.
    assert not breaches.may_index(tmp_path / ("x" * 5000))
