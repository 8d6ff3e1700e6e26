from __future__ import annotations

import pytest

from geo.cli.main import main


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
    from geo.store.sqlite import IncidentStore

    path = tmp_path / "mine.sqlite"
    assert main(["demo", "--store", str(path)]) == 0
    assert "demo incidents (marked DEMO)" in capsys.readouterr().out
    frame = IncidentStore(path).incidents()
    assert len(frame) > 10 and frame["article_id"].str.startswith("demo-").all()


def _demo_store(tmp_path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    path = tmp_path / "s.sqlite"
    assert main(["demo", "--store", str(path)]) == 0
    capsys.readouterr()
    return path


@pytest.mark.parametrize("target", ["/proc/forbidden/out.geojson", "/proc/version/x.geojson"])
def test_an_unwritable_output_is_a_message_not_a_traceback(
        tmp_path, capsys: pytest.CaptureFixture[str], target: str) -> None:  # type: ignore[no-untyped-def]
    store = _demo_store(tmp_path, capsys)
    assert main(["export", "--store", str(store), "-o", target]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith("incidentmap: ") and target in err and err.count("\n") == 1


def test_extract_to_an_unwritable_output_is_a_message(
        tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.txt"
    article.write_text("Published: 2023-11-07\n\nRockets hit Erbil Air Base on Monday, "
                       "officials said.", "utf-8")
    assert main(["extract", str(article), "-q", "-o", "/proc/forbidden/out.geojson"]) == 1
    err = capsys.readouterr().err
    assert "/proc/forbidden/out.geojson" in err and "Traceback" not in err


def test_an_unreadable_input_folder_is_a_message(
        tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["import", str(tmp_path / "missing"), "--store",
                 str(tmp_path / "s.sqlite")]) == 1
    err = capsys.readouterr().err
    assert "missing" in err and "Traceback" not in err


def test_exported_files_follow_the_umask(
        tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    import os

    store = _demo_store(tmp_path, capsys)
    old = os.umask(0o022)
    try:
        out = tmp_path / "snap.geojson"
        assert main(["export", "--store", str(store), "-o", str(out)]) == 0
        assert out.stat().st_mode & 0o777 == 0o644
        os.umask(0o027)
        out2 = tmp_path / "snap2.geojson"
        assert main(["export", "--store", str(store), "-o", str(out2)]) == 0
        assert out2.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
