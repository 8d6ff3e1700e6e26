"""Sign-in for editing: scrypt accounts, the CLI that adds them, and pages that refuse edits."""

from __future__ import annotations

import io
import os
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.cli.main import main
from geo.core.errors import InputError
from geo.review.edits import history
from geo.server.auth import (
    Throttle,
    add_user,
    authenticate,
    hash_password,
    load_users,
    policy,
    remove_user,
    verify_password,
)
from geo.store.sqlite import IncidentStore
from tests.fixtures.review import review_store

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery"


def test_hashes_are_salted_and_verify() -> None:
    one, two = hash_password(PASSWORD), hash_password(PASSWORD)
    assert one != two and one.startswith("scrypt$")
    assert verify_password(PASSWORD, one) and verify_password(PASSWORD, two)
    assert not verify_password("wrong password", one)
    assert not verify_password(PASSWORD, "garbage") and not verify_password(PASSWORD, "")
    assert PASSWORD not in one


def test_accounts_file_is_private_and_checks_input(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    assert add_user(path, "rana", PASSWORD) is True
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert add_user(path, "rana", PASSWORD + "!") is False  # a new password
    users = load_users(path)
    assert authenticate(users, "rana", PASSWORD + "!") == "rana"
    assert authenticate(users, "rana", PASSWORD) is None
    assert authenticate(users, "nobody", PASSWORD) is None
    with pytest.raises(InputError, match="too short"):
        add_user(path, "sami", "short")
    with pytest.raises(InputError, match="account name"):
        add_user(path, "two words", PASSWORD)
    remove_user(path, "rana")
    assert load_users(path) == {}
    (tmp_path / "bad.json").write_text("[1, 2]")
    with pytest.raises(InputError, match="not an accounts file"):
        load_users(tmp_path / "bad.json")


def test_throttle_locks_a_name_after_repeated_failures() -> None:
    throttle = Throttle(limit=3, window_s=60)
    for t in range(3):
        assert throttle.wait_s("rana", now=float(t)) == 0
        throttle.failed("rana", now=float(t))
    assert throttle.wait_s("rana", now=3.0) > 50
    assert throttle.wait_s("sami", now=3.0) == 0
    assert throttle.wait_s("rana", now=70.0) == 0


def test_policy() -> None:
    assert policy(False, {}, {}).mode == "open"
    assert policy(False, {}, {}).open_viewing
    pw = policy(False, {"rana": "x"}, {})
    assert pw.mode == "password" and pw.sign_in_required_to_edit and not pw.open_viewing
    assert policy(False, {"rana": "x"}, {"INCIDENTMAP_OPEN_VIEWING": "1"}).open_viewing
    assert policy(True, {}, {}).mode == "oidc"


def test_cli_adds_lists_and_removes_users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "users.json"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", "rana", "--users", str(path), "--password-stdin"]) == 0
    assert "added rana" in capsys.readouterr().out
    assert authenticate(load_users(path), "rana", PASSWORD) == "rana"
    assert main(["user", "list", "--users", str(path)]) == 0
    assert capsys.readouterr().out.split() == ["rana"]
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["user", "add", "sami", "--users", str(path), "--password-stdin"]) == 1
    assert "too short" in capsys.readouterr().err
    assert main(["user", "remove", "nobody", "--users", str(path)]) == 1
    assert main(["user", "remove", "rana", "--users", str(path)]) == 0


def test_server_listens_on_loopback_by_default() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["address"] == "127.0.0.1"


# Pages: with accounts configured, nothing can be edited before signing in.
@pytest.fixture()
def configured(tmp_path: Path) -> Iterator[Path]:
    store_path = tmp_path / "incidents.sqlite"
    review_store(store_path)
    users = tmp_path / "users.json"
    add_user(users, "rana", PASSWORD)
    keys = ("INCIDENTMAP_STORE", "INCIDENTMAP_DEMO", "INCIDENTMAP_USERS")
    old = {k: os.environ.get(k) for k in keys}
    os.environ.update(INCIDENTMAP_STORE=str(store_path), INCIDENTMAP_DEMO="0",
                      INCIDENTMAP_USERS=str(users))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield store_path
    st.cache_resource.clear()
    st.cache_data.clear()
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _run(path: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def _keys(at: AppTest) -> set[str]:
    return {b.key for b in at.button if b.key} | {t.key for t in at.text_input if t.key}


@pytest.mark.parametrize("page", ["pages/review.py", "pages/ingest.py"])
def test_no_edit_is_possible_without_sign_in(configured: Path, page: str) -> None:
    at = _run(page)
    keys = _keys(at)
    assert "auth_name" in keys and "auth_password" in keys
    editing = {"verify", "reject", "undo", "delete_incident", "delete_article", "merge",
               "load_demo", "editor"}
    assert not keys & editing
    assert not [k for k in keys if k.startswith(("ingest_", "alt_", "date_"))]
    at.text_input(key="auth_name").set_value("rana")
    at.text_input(key="auth_password").set_value("a wrong password")
    at.button[0].click().run()  # the form's submit button
    assert any("Wrong account name or password" in e.value for e in at.error)
    assert not _keys(at) & editing


def test_the_history_records_the_signed_in_user(configured: Path) -> None:
    at = _run("pages/review.py")
    at.text_input(key="auth_name").set_value("rana")
    at.text_input(key="auth_password").set_value(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert "verify" in _keys(at) and "editor" not in _keys(at)
    choice = at.selectbox(key="review_id").value
    at.button(key="verify").click().run()
    assert not at.exception, at.exception
    rows = history(IncidentStore(configured), choice)
    assert list(rows["editor"]) == ["rana"]


def test_briefings_cannot_be_changed_without_sign_in(configured: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.map.briefing import add_slide, slide_from, slides
    from geo.query.filters import IncidentFilter

    monkeypatch.setenv("INCIDENTMAP_OPEN_VIEWING", "1")  # viewing open, editing not
    store = IncidentStore(configured)
    add_slide(store, "Morning", slide_from(IncidentFilter(), "first", "event_type",
                                           (33.3, 44.4), 6))
    add_slide(store, "Morning", slide_from(IncidentFilter(), "second", "event_type",
                                           (36.2, 44.0), 7))
    at = _run("pages/briefing.py")
    for key in ("edit_save", "edit_delete", "edit_down"):
        assert at.button(key=key).disabled, key
    with pytest.raises(Exception, match="disabled"):  # AppTest refuses, as a browser does
        at.button(key="edit_delete").click()
    assert [s.caption for s in slides(store, "Morning")] == ["first", "second"]
    assert any("Sign in to change briefings" in c.value for c in at.caption)
