"""The background job's own process: extract the remaining parts, save each one.

:func:`geo.batch.jobs.start_job` runs ``python -m geo.batch.worker FOLDER``;
:func:`main` lowers the process's priority and runs :func:`run_job`, which
extracts the parts not saved yet, one after another, writes the job's status as
it goes, and stops at a cancel mark, at SIGTERM, or when nobody has watched the
job for :data:`UNWATCHED_S` seconds (saved parts stay; the job resumes when
started again).
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from geo.batch.jobs import JobStatus, write_status
from geo.batch.pieces import Unit, extract_units, merge_extractions
from geo.core.paths import atomic_target
from geo.core.records import Article

#: A job nobody has looked at for this long stops (saved parts stay; it resumes when asked).
UNWATCHED_S = 600.0
NICE = 10


class _Stop(BaseException):
    """Raised in the worker by SIGTERM (a cancel, or the server shutting down)."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Stop


def _unwatched(folder: Path, limit_s: float = UNWATCHED_S) -> bool:
    try:
        return time.time() - (folder / "watched").stat().st_mtime > limit_s
    except OSError:
        return False


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

    write_status(folder, JobStatus("running", done_count(), total, chars=chars))
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
                    write_status(folder, status, pid=-1)
                    return status
                if (folder / "cancel").exists():
                    status = JobStatus("cancelled", done_count(), total,
                                       "cancelled; the parts done so far are kept", chars)
                    write_status(folder, status)
                    return status
                pieces.append(extract_units(articles, [unit]))
                write_status(folder, JobStatus("running", done_count(), total, chars=chars))
            with atomic_target(target) as tmp:
                tmp.write_bytes(pickle.dumps(merge_extractions(pieces)))
            write_status(folder, JobStatus("running", done_count(), total, chars=chars))
    except _Stop:
        status = JobStatus("cancelled", done_count(), total,
                           "cancelled; the parts done so far are kept", chars)
        write_status(folder, status)
        return status
    except Exception as exc:
        status = JobStatus("failed", done_count(), total, f"{type(exc).__name__}: {exc}", chars)
        write_status(folder, status)
        return status
    status = JobStatus("done", total, total, chars=chars)
    write_status(folder, status)
    return status


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
        print("usage: python -m geo.batch.worker JOB_FOLDER", file=sys.stderr)
        return 2
    with contextlib.suppress(OSError):
        os.nice(NICE)  # everyone else's pages first
    signal.signal(signal.SIGTERM, _on_sigterm)
    return 0 if run_job(Path(args[0])).state in ("done", "cancelled") else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
