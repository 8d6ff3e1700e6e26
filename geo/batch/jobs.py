"""Long extraction as a background job: its own process, progress, cancel, resume.

A paste of a few megabytes or a file of thousands of articles takes minutes.
The app must not do that inside a page's script run (the page would hang and
the server would run on after the browser left). :func:`create_job` writes the
articles and a plan of parts to a job folder; :func:`start_job` runs
``python -m geo.batch.jobs FOLDER`` as a separate, lower-priority process (so the
Python server that draws everyone's pages keeps its CPU and its GIL), which
extracts one part after another and saves each part's result as it finishes.
The page polls :func:`read_status`, shows a progress bar, and can
:func:`cancel_job`. An interrupted job (killed process, restarted server)
resumes from its saved parts: the same input gives the same job folder, and
parts already saved are not extracted again.

Extraction time is kept linear in text length here, in the job layer: an
article longer than :data:`MAX_PIECE_CHARS` is extracted in pieces cut at
paragraph (else sentence, else word) boundaries, and the pieces' incidents are
put back together with their evidence offsets shifted into the whole article.
The extractor itself grows faster than linearly on one long text (see
``benchmarks/jobs.py``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from geo.core.errors import InputError
from geo.core.paths import REPO_ROOT, atomic_target, build_dir
from geo.core.records import Article, Deployment, Incident
from geo.extract.pipeline import Extraction

#: An article longer than this is extracted in pieces (characters of its full text).
MAX_PIECE_CHARS = 20_000
#: A part (one saved result) holds at most this many articles or characters.
PART_ARTICLES = 25
PART_CHARS = 100_000
#: Inputs larger than this (characters in all) go to a background job.
BACKGROUND_CHARS = 40_000
BACKGROUND_ARTICLES = 20
#: Seconds without a heartbeat after which a running job counts as interrupted.
STALE_S = 30.0
#: A job nobody has looked at for this long stops (saved parts stay; it resumes when asked).
UNWATCHED_S = 600.0
NICE = 10
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of work: a span of one article's full text.

    Attributes
    ----------
    article
        Index of the article in the job's input.
    start, end
        The span of :attr:`~geo.core.records.Article.full_text`; ``(0, len)`` for a
        whole article.
    whole
        True when the span is the whole article (it is extracted as it is).
    """

    article: int
    start: int
    end: int
    whole: bool


@dataclass(frozen=True, slots=True)
class JobStatus:
    """Where a job stands.

    Attributes
    ----------
    state
        ``queued``, ``running``, ``done``, ``cancelled``, ``failed`` or
        ``interrupted`` (its process is gone before the end; start it again to
        resume).
    done, total
        Parts saved and parts in all.
    message
        What failed, or what was done.
    chars
        Characters of text in the job.
    """

    state: str
    done: int
    total: int
    message: str = ""
    chars: int = 0

    @property
    def fraction(self) -> float:
        """Share of the parts done, 0 to 1."""
        return self.done / self.total if self.total else 1.0

    @property
    def finished(self) -> bool:
        """Whether nothing more will happen without a new start."""
        return self.state in ("done", "cancelled", "failed", "interrupted")


def needs_background(articles: Sequence[Article]) -> bool:
    """Whether extracting these articles should run as a background job.

    Parameters
    ----------
    articles
        The loaded articles.

    Returns
    -------
    bool
        True above :data:`BACKGROUND_CHARS` characters or
        :data:`BACKGROUND_ARTICLES` articles.
    """
    return (len(articles) > BACKGROUND_ARTICLES
            or sum(len(a.full_text) for a in articles) > BACKGROUND_CHARS)


def split_spans(text: str, limit: int = MAX_PIECE_CHARS) -> list[tuple[int, int]]:
    """Cut text into spans of at most ``limit`` characters at natural breaks.

    A span ends at the last paragraph break before the limit, else the last
    sentence end, else the last white space, else at the limit itself.

    Parameters
    ----------
    text
        The text.
    limit
        Largest span.

    Returns
    -------
    list of tuple
        ``(start, end)`` spans covering the text in order.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while n - start > limit:
        window = text[start:start + limit]
        cut = 0
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() > limit // 4]
            if ends:
                cut = ends[-1]
                break
        cut = cut or limit
        spans.append((start, start + cut))
        start += cut
    spans.append((start, n))
    return spans


def plan_units(articles: Sequence[Article], limit: int = MAX_PIECE_CHARS) -> list[Unit]:
    """Return the units of work: whole articles, and pieces of long ones.

    Parameters
    ----------
    articles
        The input.
    limit
        Longest text extracted at once.

    Returns
    -------
    list of Unit
        In input order.
    """
    units: list[Unit] = []
    for index, article in enumerate(articles):
        text = article.full_text
        if len(text) <= limit:
            units.append(Unit(index, 0, len(text), True))
            continue
        units.extend(Unit(index, a, b, False) for a, b in split_spans(text, limit))
    return units


def plan_parts(units: Sequence[Unit], max_articles: int = PART_ARTICLES,
               max_chars: int = PART_CHARS) -> list[list[Unit]]:
    """Group units into parts, each saved as one result.

    Parameters
    ----------
    units
        From :func:`plan_units`.
    max_articles, max_chars
        Limits of one part.

    Returns
    -------
    list of list of Unit
        Consecutive groups.
    """
    parts: list[list[Unit]] = []
    current: list[Unit] = []
    chars = 0
    for unit in units:
        size = unit.end - unit.start
        if current and (len(current) >= max_articles or chars + size > max_chars):
            parts.append(current)
            current, chars = [], 0
        current.append(unit)
        chars += size
    if current:
        parts.append(current)
    return parts


def _shift(incident: Incident, offset: int, text: str) -> Incident:
    evidence = tuple(replace(e, start=e.start + offset, end=e.end + offset)
                     for e in incident.evidence)
    evidence = tuple(e for e in evidence if text[e.start:e.end] == e.text)
    return replace(incident, evidence=evidence)


def extract_units(articles: Sequence[Article], units: Sequence[Unit]) -> Extraction:
    """Extract incidents and deployments from units of articles.

    A piece of a long article is extracted as an article of its own (same id,
    date and provenance, no headline) and its evidence offsets are shifted into
    the whole article's full text.

    Parameters
    ----------
    articles
        The job's input.
    units
        Which spans to extract.

    Returns
    -------
    Extraction
        As :func:`geo.extract.pipeline.extract_all` gives it; notes once per article.
    """
    from geo.extract.incidents import extract_deployments, extract_incidents
    from geo.gazetteer.index import load_gazetteer
    from geo.reading.actors import load_actor_table

    gaz = load_gazetteer()
    table = load_actor_table()
    incidents: list[Incident] = []
    deployments: list[Deployment] = []
    notes: list[tuple[str, str]] = []
    for unit in units:
        article = articles[unit.article]
        if unit.whole or unit.start == 0:
            notes.extend((article.article_id, n) for n in article.notes)
        if unit.whole:
            incidents.extend(extract_incidents(article, gaz, table))
            deployments.extend(extract_deployments(article, gaz, table))
            continue
        full = article.full_text
        piece = replace(article, title="", text=full[unit.start:unit.end], notes=())
        incidents.extend(_shift(i, unit.start, full)
                         for i in extract_incidents(piece, gaz, table))
        deployments.extend(extract_deployments(piece, gaz, table))
    return Extraction(tuple(incidents), tuple(deployments), tuple(notes))


def merge_extractions(parts: Sequence[Extraction]) -> Extraction:
    """Put part results together; an incident found in two pieces is kept once.

    Parameters
    ----------
    parts
        Results in order.

    Returns
    -------
    Extraction
        First occurrence of each incident id and each deployment record.
    """
    incidents: dict[str, Incident] = {}
    for part in parts:
        for incident in part.incidents:
            incidents.setdefault(incident.incident_id, incident)
    deployments = dict.fromkeys(d for p in parts for d in p.deployments)
    notes = dict.fromkeys(n for p in parts for n in p.notes)
    return Extraction(tuple(incidents.values()), tuple(deployments), tuple(notes))


# The job folder -------------------------------------------------------------------------


def jobs_root() -> Path:
    """Return the folder that holds job folders (``$INCIDENTMAP_JOBS`` or build/jobs).

    Returns
    -------
    Path
        The folder (not created here).
    """
    override = os.environ.get("INCIDENTMAP_JOBS", "").strip()
    return Path(override) if override else build_dir() / "jobs"


def job_id(articles: Sequence[Article]) -> str:
    """Return the id of the job for these articles (the same input, the same job).

    Parameters
    ----------
    articles
        The input.

    Returns
    -------
    str
        16 hex characters.
    """
    digest = hashlib.sha256()
    for article in articles:
        for value in (article.article_id, article.title, article.text,
                      article.published.isoformat(), article.url, article.source):
            digest.update(value.encode("utf-8", errors="replace") + b"\0")
    return digest.hexdigest()[:16]


def _write_json(path: Path, value: Any) -> None:
    with atomic_target(path) as tmp:
        tmp.write_text(json.dumps(value), "utf-8")


def _write_status(folder: Path, status: JobStatus, pid: int | None = None) -> None:
    _write_json(folder / "status.json", {**asdict(status), "pid": pid or os.getpid(),
                                         "beat": time.time()})


def create_job(articles: Sequence[Article], root: Path | None = None) -> Path:
    """Write the job's input and plan; return its folder (an existing one is reused).

    Parameters
    ----------
    articles
        What to extract.
    root
        Folder of job folders (:func:`jobs_root` by default).

    Returns
    -------
    Path
        The job folder.

    Raises
    ------
    InputError
        When there is nothing to extract or the folder cannot be written.
    """
    if not articles:
        raise InputError("nothing to extract: no articles were given.")
    folder = (root or jobs_root()) / job_id(articles)
    try:
        (folder / "parts").mkdir(parents=True, exist_ok=True)
        if not (folder / "plan.json").exists():
            with atomic_target(folder / "input.pkl") as tmp:
                tmp.write_bytes(pickle.dumps(list(articles)))
            parts = plan_parts(plan_units(articles))
            if not (folder / "status.json").exists():
                _write_status(folder, JobStatus("queued", 0, len(parts), chars=sum(
                    len(a.full_text) for a in articles)), pid=-1)
            _write_json(folder / "plan.json", [[asdict(u) for u in p] for p in parts])
    except OSError as exc:
        raise InputError(f"{folder}: cannot write the extraction job ({exc.strerror}).") \
            from exc
    return folder


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a finished child not yet reaped is a zombie: not alive
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return True


def read_status(folder: Path) -> JobStatus:
    """Return where a job stands (``interrupted`` when its process died mid-way).

    Parameters
    ----------
    folder
        The job folder.

    Returns
    -------
    JobStatus
        Parts saved are counted from the folder itself.
    """
    try:
        raw = json.loads((folder / "status.json").read_text("utf-8"))
        total = len(json.loads((folder / "plan.json").read_text("utf-8")))
    except (OSError, ValueError):
        return JobStatus("failed", 0, 0, f"{folder}: not a readable extraction job.")
    done = len(list((folder / "parts").glob("part-*.pkl")))
    state = str(raw.get("state", "queued"))
    if state in ("queued", "running"):
        stale = time.time() - float(raw.get("beat", 0)) > STALE_S
        pid = int(raw.get("pid", -1))
        if (pid > 0 and not _pid_alive(pid)) or (pid <= 0 and stale):
            state = "cancelled" if (folder / "cancel").exists() else "interrupted"
    if state == "running" and done >= total:
        state = "done"
    return JobStatus(state, min(done, total), total, str(raw.get("message", "")),
                     int(raw.get("chars", 0)))


class _Stop(BaseException):
    """Raised in the worker by SIGTERM (a cancel, or the server shutting down)."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Stop


def watch_job(folder: Path) -> None:
    """Mark that someone is looking at the job's progress (the page calls this as it polls).

    Parameters
    ----------
    folder
        The job folder.
    """
    with contextlib.suppress(OSError):
        (folder / "watched").touch()


def _unwatched(folder: Path, limit_s: float = UNWATCHED_S) -> bool:
    try:
        return time.time() - (folder / "watched").stat().st_mtime > limit_s
    except OSError:
        return False


def cancel_job(folder: Path) -> None:
    """Stop a job now: a cancel mark, and SIGTERM to its process; saved parts stay.

    Parameters
    ----------
    folder
        The job folder.
    """
    (folder / "cancel").touch()
    try:
        raw = json.loads((folder / "status.json").read_text("utf-8"))
        pid = int(raw.get("pid", -1))
    except (OSError, ValueError):
        return
    # A queued worker is still starting (its SIGTERM handler may not be set yet): it sees
    # the cancel mark before its first piece.
    if raw.get("state") == "running" and _pid_alive(pid):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)


def start_job(folder: Path) -> int:
    """Start (or resume) a job in its own lower-priority process.

    Parameters
    ----------
    folder
        From :func:`create_job`.

    Returns
    -------
    int
        The process id (0 when the job is already running or done).
    """
    status = read_status(folder)
    if status.state in ("running", "done"):
        return 0
    (folder / "cancel").unlink(missing_ok=True)
    watch_job(folder)
    _write_status(folder, JobStatus("queued", status.done, status.total, chars=status.chars),
                  pid=-1)
    log = (folder / "worker.log").open("ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "geo.batch.jobs", str(folder)], cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p)))
    log.close()
    _write_status(folder, JobStatus("queued", status.done, status.total, chars=status.chars),
                  pid=proc.pid)
    return int(proc.pid)


def run_job(folder: Path) -> JobStatus:
    """Extract a job's remaining parts in this process, saving each as it finishes.

    Parameters
    ----------
    folder
        The job folder.

    Returns
    -------
    JobStatus
        ``done``, ``cancelled`` or ``failed``.
    """
    articles: list[Article] = pickle.loads((folder / "input.pkl").read_bytes())
    plan = [[Unit(**u) for u in part] for part in
            json.loads((folder / "plan.json").read_text("utf-8"))]
    chars = sum(len(a.full_text) for a in articles)
    total = len(plan)

    def done_count() -> int:
        return len(list((folder / "parts").glob("part-*.pkl")))

    _write_status(folder, JobStatus("running", done_count(), total, chars=chars))
    try:
        for number, part in enumerate(plan):
            target = folder / "parts" / f"part-{number:05d}.pkl"
            if target.exists():
                continue
            pieces = []
            for unit in part:
                if _unwatched(folder):
                    status = JobStatus("interrupted", done_count(), total,
                                       f"nobody watched it for {UNWATCHED_S / 60:.0f} minutes; "
                                       "the parts done are kept", chars)
                    _write_status(folder, status, pid=-1)
                    return status
                if (folder / "cancel").exists():
                    status = JobStatus("cancelled", done_count(), total,
                                       "cancelled; the parts done so far are kept", chars)
                    _write_status(folder, status)
                    return status
                pieces.append(extract_units(articles, [unit]))
                _write_status(folder, JobStatus("running", done_count(), total, chars=chars))
            with atomic_target(target) as tmp:
                tmp.write_bytes(pickle.dumps(merge_extractions(pieces)))
            _write_status(folder, JobStatus("running", done_count(), total, chars=chars))
    except _Stop:
        status = JobStatus("cancelled", done_count(), total,
                           "cancelled; the parts done so far are kept", chars)
        _write_status(folder, status)
        return status
    except Exception as exc:
        status = JobStatus("failed", done_count(), total, f"{type(exc).__name__}: {exc}", chars)
        _write_status(folder, status)
        return status
    status = JobStatus("done", total, total, chars=chars)
    _write_status(folder, status)
    return status


def job_result(folder: Path) -> tuple[list[Article], Extraction]:
    """Return a finished job's articles and their extraction (parts in order).

    Parameters
    ----------
    folder
        The job folder.

    Returns
    -------
    tuple
        ``(articles, extraction)``.

    Raises
    ------
    InputError
        When the job has not finished every part.
    """
    status = read_status(folder)
    if status.done < status.total:
        raise InputError(f"the extraction job is not finished ({status.done} of "
                         f"{status.total} parts).")
    articles: list[Article] = pickle.loads((folder / "input.pkl").read_bytes())
    parts = [pickle.loads(p.read_bytes())
             for p in sorted((folder / "parts").glob("part-*.pkl"))]
    return articles, merge_extractions(parts)


def remove_job(folder: Path) -> None:
    """Delete a job folder (after its result is saved, or when it is discarded).

    A running job is asked to stop first.

    Parameters
    ----------
    folder
        The job folder.
    """
    import shutil

    if folder.exists():
        cancel_job(folder)
    shutil.rmtree(folder, ignore_errors=True)


def extract_in_parts(articles: Sequence[Article]) -> Extraction:
    """Extract in this process with the job layer's pieces (linear in text length).

    Parameters
    ----------
    articles
        The input.

    Returns
    -------
    Extraction
        The merged result.
    """
    units = plan_units(articles)
    return merge_extractions([extract_units(articles, p) for p in plan_parts(units)])


def main(argv: Sequence[str] | None = None) -> int:
    """Run one job folder (the background process's entry point).

    Parameters
    ----------
    argv
        ``[FOLDER]``.

    Returns
    -------
    int
        0 when done or cancelled, 1 when failed.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m geo.batch.jobs JOB_FOLDER", file=sys.stderr)
        return 2
    with contextlib.suppress(OSError):
        os.nice(NICE)  # everyone else's pages first
    signal.signal(signal.SIGTERM, _on_sigterm)
    return 0 if run_job(Path(args[0])).state in ("done", "cancelled") else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
