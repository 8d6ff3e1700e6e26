"""Long extraction as a background job: the job folder, its status, start and cancel.

A paste of a few megabytes or a file of thousands of articles takes minutes.
The app must not do that inside a page's script run (the page would hang and
the server would run on after the browser left). :func:`create_job` writes the
articles and a plan of parts (:mod:`geo.batch.pieces`) to a job folder;
:func:`start_job` runs ``python -m geo.batch.worker FOLDER`` as a separate,
lower-priority process (so the Python server that draws everyone's pages keeps
its CPU and its GIL), which extracts one part after another and saves each
part's result as it finishes (:mod:`geo.batch.worker`). The page polls
:func:`read_status`, shows a progress bar, and can :func:`cancel_job`. An
interrupted job (killed process, restarted server) resumes from its saved parts:
the same input gives the same job folder, and parts already saved are not
extracted again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from geo.batch.pieces import merge_extractions, plan_parts, plan_units
from geo.core.errors import InputError
from geo.core.paths import REPO_ROOT, atomic_target, build_dir
from geo.core.records import Article
from geo.extract.pipeline import Extraction

#: Seconds without a heartbeat after which a running job counts as interrupted.
STALE_S = 30.0


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


def write_status(folder: Path, status: JobStatus, pid: int | None = None) -> None:
    """Save a job's status with a heartbeat (the time now) and the process id.

    Parameters
    ----------
    folder
        The job folder.
    status
        Where the job stands.
    pid
        The worker's process id (this process by default; -1 for none yet).
    """
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
                write_status(folder, JobStatus("queued", 0, len(parts), chars=sum(
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


def watch_job(folder: Path) -> None:
    """Mark that someone is looking at the job's progress (the page calls this as it polls).

    Parameters
    ----------
    folder
        The job folder.
    """
    with contextlib.suppress(OSError):
        (folder / "watched").touch()


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
    write_status(folder, JobStatus("queued", status.done, status.total, chars=status.chars),
                  pid=-1)
    log = (folder / "worker.log").open("ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "geo.batch.worker", str(folder)], cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p)))
    log.close()
    write_status(folder, JobStatus("queued", status.done, status.total, chars=status.chars),
                  pid=proc.pid)
    return int(proc.pid)


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
