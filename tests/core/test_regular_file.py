"""Reading a chosen file whole: a pipe, a device or a folder is refused unread."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest

from accountwatch.core.problems import ProfileError
from accountwatch.core.profile_io import read_profile_file
from accountwatch.core.regular_file import FileTooLargeError, NotRegularFileError, read_regular


def test_a_regular_file_is_read_up_to_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b"x" * 10)
    assert read_regular(path, 10) == b"x" * 10
    with pytest.raises(FileTooLargeError) as caught:
        read_regular(path, 9)
    assert caught.value.size == 10


def test_what_is_no_regular_file_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)  # opened as a file it would wait for a writer for ever
    with pytest.raises(NotRegularFileError) as caught:
        read_regular(pipe, 100)
    assert not caught.value.folder
    with pytest.raises(NotRegularFileError):
        read_regular(Path("/dev/zero"), 100)  # a device that never ends
    with pytest.raises(NotRegularFileError) as caught:
        read_regular(tmp_path, 100)
    assert caught.value.folder


def test_a_pipe_is_read_when_asked_for_and_only_while_something_writes(tmp_path: Path) -> None:
    pipe = tmp_path / "profile.json"
    os.mkfifo(pipe)
    # Nobody writes into it: read at once, at its end, it is empty (its opening would wait).
    assert read_regular(pipe, 100, pipes=True) == b""
    with pytest.raises(ProfileError) as caught:
        read_profile_file(pipe)
    assert "the file is empty" in str(caught.value)  # no byte came

    # Fed by another program (`import <(...)`, /dev/stdin from `cat x |`): a pipe that already
    # has its writer when it is opened, read whole within the limit.
    for data, fits in ((b"y" * 50, True), (b"y" * 500, False)):
        readable, writable = os.pipe()

        def write(data: bytes = data, writable: int = writable) -> None:
            with contextlib.suppress(BrokenPipeError), os.fdopen(writable, "wb") as writer:
                writer.write(data)

        thread = threading.Thread(target=write, daemon=True)
        thread.start()
        try:
            if fits:
                assert read_regular(Path(f"/dev/fd/{readable}"), 100, pipes=True) == data
            else:
                with pytest.raises(FileTooLargeError):
                    read_regular(Path(f"/dev/fd/{readable}"), 100, pipes=True)
        finally:
            os.close(readable)
            thread.join(5)


def test_importing_a_device_is_a_problem_of_the_file() -> None:
    with pytest.raises(ProfileError) as caught:
        read_profile_file(Path("/dev/zero"))
    assert [str(p) for p in caught.value.problems] == [
        "/dev/zero is not a regular file (a device cannot be imported)"
    ]
