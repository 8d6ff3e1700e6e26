from __future__ import annotations

import pytest

from geo.cli import main


def test_geocode_prints_best_match(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geocode", "Ain al-Asad"]) == 0
    out = capsys.readouterr().out
    assert "Al Asad Air Base" in out
    assert "lon 42.44" in out and "lat 33.78" in out
    assert "type         site" in out
    assert "IQ" in out
    assert "precision    1" in out


def test_unknown_name_exits_1_with_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geocode", "Qwxzzy Vrrpt"]) == 1
    err = capsys.readouterr().err
    assert "No place found for 'Qwxzzy Vrrpt'" in err
    assert "Traceback" not in err


def test_empty_name_exits_1_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geocode", ""]) == 1
    assert "Empty place name" in capsys.readouterr().err


def test_demo_command_loads_marked_demo_data_into_a_named_store(
        tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from geo.store import IncidentStore

    path = tmp_path / "mine.sqlite"
    assert main(["demo", "--store", str(path)]) == 0
    assert "demo incidents (marked DEMO)" in capsys.readouterr().out
    frame = IncidentStore(path).incidents()
    assert len(frame) > 10 and frame["article_id"].str.startswith("demo-").all()
