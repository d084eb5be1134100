"""`accountwatch secrets`: its exit statuses (2 bad input, 3 no usable keyring) and what it
prints without a keyring that can list its entries. The entries themselves, in a real keyring:
tests/integration/test_keyring_hygiene.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from accountwatch import cli


def test_secrets_without_an_action_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["secrets"]) == cli.EXIT_BAD_INPUT
    assert "list or prune" in capsys.readouterr().err


def test_an_unknown_action_is_bad_input() -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["secrets", "forget"])
    assert exited.value.code == cli.EXIT_BAD_INPUT


@pytest.mark.usefixtures("no_keyring")
def test_no_usable_keyring_is_status_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for action in (["list"], ["prune"], ["prune", "--dry-run"]):
        assert cli.main(["secrets", *action, "--data-dir", str(tmp_path)]) == cli.EXIT_DATA_DIR
        assert "No system keyring was found" in capsys.readouterr().err


def test_a_keyring_that_cannot_list_shows_the_given_folder_only(
    tmp_path: Path, memory_keyring: object, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(
        '{"format": "accountwatch.profile", "version": 1, "accounts": [{"id": "a", '
        '"platform": "alibaba.com", "label": "Alibaba.com main", "login_id": "x", '
        '"email": "a@example.com", "two_factor": {"method": "totp", '
        '"totp_secret": "JBSWY3DPEHPK3PXP"}}]}',
        "utf-8",
    )
    folder = tmp_path / "data"
    assert cli.main(["import", str(profile), "--data-dir", str(folder)]) == cli.EXIT_OK
    capsys.readouterr()

    assert cli.main(["secrets", "list", "--data-dir", str(folder)]) == cli.EXIT_OK

    out, err = capsys.readouterr()
    assert "cannot list its entries" in err
    assert "[in use] AccountWatch — authenticator secret for a" in out
    assert f"data folder: {folder}" in out
    assert "JBSWY3DPEHPK3PXP" not in out
