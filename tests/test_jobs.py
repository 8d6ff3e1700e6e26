"""Background extraction jobs: pieces of long texts, parts saved, cancel and resume."""

from __future__ import annotations

import itertools
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from geo.batch.jobs import create_job, job_result, read_status, start_job
from geo.batch.pieces import (
    extract_in_parts,
    needs_background,
    plan_parts,
    plan_units,
    split_spans,
)
from geo.batch.worker import run_job
from geo.extract.loaders import article_from_text
from geo.extract.pipeline import extract_all
from geo.store.sqlite import IncidentStore

NOW = datetime(2023, 12, 1, tzinfo=UTC)
PARAGRAPHS = [
    "Three rockets struck Ain al-Asad air base in western Iraq on Tuesday, a US official said.",
    "A drone was shot down near Erbil Air Base on Monday, a Kurdish security official said.",
    "Gunmen clashed with Lebanese army soldiers in Tripoli on Wednesday, a source said.",
    "Officials met in a hotel to discuss the budget, and nothing else happened that day.",
]


def long_article(chars: int) -> object:
    body, n = [], 0
    while n < chars:
        p = PARAGRAPHS[len(body) % len(PARAGRAPHS)]
        body.append(p)
        n += len(p) + 2
    return article_from_text("Title: Long wire\nPublished: 2023-11-08T09:30:00Z\n\n"
                             + "\n\n".join(body), now=NOW)


def test_split_spans_cover_the_text_at_paragraph_breaks() -> None:
    text = "\n\n".join(["word " * 40] * 30)
    spans = split_spans(text, 1000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in itertools.pairwise(spans))
    assert all(e - s <= 1000 for s, e in spans)
    assert all(text[e - 2:e] == "\n\n" for _, e in spans[:-1])
    assert split_spans("x" * 2500, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_short_articles_are_whole_units_and_give_the_same_result() -> None:
    arts = [long_article(300), long_article(600)]
    units = plan_units(arts)
    assert [u.whole for u in units] == [True, True]
    assert extract_in_parts(arts).incidents == extract_all(arts).incidents
    assert not needs_background(arts)
    assert needs_background([long_article(50_000)])


def test_a_long_article_is_extracted_in_pieces_with_evidence_in_place(tmp_path: Path) -> None:
    art = long_article(45_000)
    units = plan_units([art], limit=10_000)
    assert len(units) >= 5 and not any(u.whole for u in units)
    result = extract_in_parts([art])
    assert result.incidents
    assert len({i.incident_id for i in result.incidents}) == len(result.incidents)
    for incident in result.incidents:
        for span in incident.evidence:
            assert art.full_text[span.start:span.end] == span.text  # type: ignore[attr-defined]
    IncidentStore(tmp_path / "s.sqlite").add([art], result)  # type: ignore[list-item]


def test_a_job_saves_parts_resumes_and_cancels(tmp_path: Path) -> None:
    arts = [long_article(400 + 50 * k) for k in range(30)]
    folder = create_job(arts, tmp_path)  # type: ignore[arg-type]
    total = len(plan_parts(plan_units(arts)))  # type: ignore[arg-type]
    assert total == 2 and read_status(folder).state == "queued"
    (folder / "cancel").touch()
    assert run_job(folder).state == "cancelled"
    (folder / "cancel").unlink()
    assert run_job(folder).state == "done"
    parts = sorted((folder / "parts").glob("part-*.pkl"))
    assert len(parts) == 2
    # An interruption: the second part's result is lost, its process gone.
    first_written = parts[0].stat().st_mtime_ns
    parts[1].unlink()
    status = json.loads((folder / "status.json").read_text())
    (folder / "status.json").write_text(json.dumps({**status, "state": "running",
                                                    "pid": 2**22 + 7}))
    assert read_status(folder).state == "interrupted" and read_status(folder).done == 1
    assert create_job(arts, tmp_path) == folder  # the same input finds the same job
    assert run_job(folder).state == "done"
    assert parts[0].stat().st_mtime_ns == first_written  # not extracted again
    articles, result = job_result(folder)
    assert len(articles) == 30
    expected = extract_all(arts).incidents  # type: ignore[arg-type]
    # Articles of the same text are one article (one id): their incidents are kept once.
    assert [i.incident_id for i in result.incidents] == list(dict.fromkeys(
        i.incident_id for i in expected))


def test_a_job_runs_in_its_own_process(tmp_path: Path) -> None:
    arts = [long_article(300)]
    folder = create_job(arts, tmp_path)  # type: ignore[arg-type]
    assert start_job(folder) > 0
    deadline = time.time() + 120
    while not read_status(folder).finished and time.time() < deadline:
        time.sleep(0.2)
    assert read_status(folder).state == "done", (folder / "worker.log").read_text()
    assert start_job(folder) == 0  # done: nothing to start
    assert job_result(folder)[1].incidents


def test_a_job_needs_articles(tmp_path: Path) -> None:
    from geo.core.errors import InputError

    with pytest.raises(InputError, match="nothing to extract"):
        create_job([], tmp_path)


def test_a_job_nobody_watches_stops_and_resumes_later(tmp_path: Path) -> None:
    import os

    from geo.batch.jobs import watch_job

    arts = [long_article(400 + 50 * k) for k in range(30)]
    folder = create_job(arts, tmp_path)  # type: ignore[arg-type]
    watch_job(folder)
    old = time.time() - 3600
    os.utime(folder / "watched", (old, old))
    status = run_job(folder)
    assert status.state == "interrupted" and "nobody watched" in status.message
    watch_job(folder)
    assert run_job(folder).state == "done"
