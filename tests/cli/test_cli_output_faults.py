"""Where the output goes wrong: a full or closed standard output, a device or a pipe given as
the file to write, an empty file name."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from accountwatch.cli import EXIT_BAD_INPUT, EXIT_OK
from cli_process import accountwatch

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices and pipes")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    profile = tmp_path / "profile.json"
    profile.write_text(accountwatch("demo-profile").stdout, "utf-8")
    assert accountwatch("import", str(profile), "--data-dir", str(tmp_path / "d")).returncode == 0
    return tmp_path / "d"


def _run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "ACCOUNTWATCH_LANG": "en"}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "accountwatch", *args], env=env, timeout=120, **kwargs
    )


@pytest.mark.parametrize("command", [["check"], ["check", "--json", "--no-record"], ["reminders"]])
def test_a_full_standard_output_is_the_outputs_fault_not_the_data_folders(
    data: Path, command: list[str]
) -> None:
    with Path("/dev/full").open("wb") as full:
        done = _run(*command, "--data-dir", str(data), stdout=full, stderr=subprocess.PIPE)
    err = done.stderr.decode()
    assert done.returncode == EXIT_BAD_INPUT, err
    assert "cannot write the output" in err
    assert "nothing was changed" not in err and "Traceback" not in err


def test_a_closed_standard_output_ends_the_command_as_if_printed(
    data: Path, tmp_path: Path
) -> None:
    # cron and services may start a command with its output closed: the work done is done.
    profile = tmp_path / "profile.json"
    for args in (
        ["import", str(profile), "--data-dir", str(tmp_path / "fresh")],
        ["check", "--no-record", "--data-dir", str(data)],
        ["export", "-", "--data-dir", str(data)],
    ):
        done = _run(*args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, close_fds=True,
                    preexec_fn=lambda: os.close(1))  # fmt: skip
        assert done.returncode == EXIT_OK, done.stderr.decode()
    assert (tmp_path / "fresh" / "accountwatch.sqlite3").exists()


def test_a_device_or_a_read_pipe_given_as_the_file_is_written_into(
    data: Path, tmp_path: Path
) -> None:
    # /dev/stdout was replaced by a file (as root) and the output went nowhere.
    for command in (["calendar"], ["export"]):
        done = _run(*command, "/dev/stdout", "--data-dir", str(data), capture_output=True)
        assert done.returncode == EXIT_OK and done.stdout, done.stderr.decode()
    assert Path("/dev/stdout").is_symlink() or not Path("/dev/stdout").is_file()
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    nobody = _run("export", str(pipe), "--data-dir", str(data), capture_output=True)
    assert nobody.returncode == EXIT_BAD_INPUT
    assert b"it is a pipe nothing reads from" in nobody.stderr
    assert pipe.exists() and not pipe.is_file()  # not replaced by a file


@pytest.mark.parametrize("command", ["export", "calendar"])
def test_an_empty_output_file_name_says_so(data: Path, command: str) -> None:
    done = _run(command, "", "--data-dir", str(data), capture_output=True)
    assert done.returncode == EXIT_BAD_INPUT
    assert b"the output file name is empty" in done.stderr


def test_a_regular_file_in_dev_shm_is_replaced_not_appended_to(data: Path) -> None:
    # /dev/shm is a folder for files like any other (the demo keeps its data there).
    shm = Path("/dev/shm")
    if not shm.is_dir():
        pytest.skip("no /dev/shm here")
    target = shm / f"accountwatch-test-{os.getpid()}.json"
    try:
        for _ in range(2):
            done = _run("export", str(target), "--data-dir", str(data), capture_output=True)
            assert done.returncode == EXIT_OK, done.stderr.decode()
        assert target.read_bytes().count(b'"format"') == 1
    finally:
        target.unlink(missing_ok=True)


def test_standard_output_redirected_to_a_file_is_written_through_dev_stdout(
    data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.ics"
    with out.open("wb") as file:
        done = _run("calendar", "/dev/stdout", "--data-dir", str(data), stdout=file)
    assert done.returncode == EXIT_OK
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert Path("/dev/stdout").is_symlink() or not Path("/dev/stdout").is_file()


@pytest.mark.parametrize("command", ["export", "calendar"])
@pytest.mark.parametrize("target", [".", "..", "sub"])
def test_a_folder_given_as_the_file_is_said_to_be_a_folder(
    data: Path, tmp_path: Path, command: str, target: str
) -> None:
    # Renaming onto "." or ".." fails with EBUSY, which read "it is in use".
    work = tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    done = _run(command, target, "--data-dir", str(data), capture_output=True, cwd=work)
    assert done.returncode == EXIT_BAD_INPUT
    assert done.stderr.decode().strip().endswith(f"cannot write {target}: it is a folder")
    assert sorted(p.name for p in work.iterdir()) == ["sub"]  # no temporary file left


def test_a_pdf_report_into_a_named_pipe_is_written_into_or_refused_when_nobody_reads(
    data: Path, tmp_path: Path
) -> None:
    # As the JSON and calendar files: the pipe is never replaced by a file.
    pipe = tmp_path / "report.pdf"
    os.mkfifo(pipe)
    temporary = Path(tempfile.gettempdir())
    before = {p.name for p in temporary.glob(".aw-*")}
    nobody = _run("report", str(pipe), "--data-dir", str(data), capture_output=True)
    assert nobody.returncode == EXIT_BAD_INPUT, nobody.stderr.decode()
    assert b"it is a pipe nothing reads from" in nobody.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert {p.name for p in temporary.glob(".aw-*")} == before  # the finished file went
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    done = _run("report", str(pipe), "--data-dir", str(data), capture_output=True)
    reader.join(30)
    assert done.returncode == EXIT_OK, done.stderr.decode()
    assert got and got[0].startswith(b"%PDF") and stat.S_ISFIFO(pipe.stat().st_mode)
