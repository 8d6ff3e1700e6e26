"""Extraction of large archives into partitioned GeoParquet, on local processes or Dask.

The articles are cut into batches; each batch is extracted and written as one
part by whoever runs it (a forked local process, or a worker of an existing
Dask cluster through ``dask.distributed``), and only a small summary comes
back. Dask workers need this package installed and ``incidentmap setup`` run
(the gazetteer is loaded once per worker process), and the output folder must
be reachable from every worker (a shared file system).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from geo.batch.partitions import PartSummary, write_part
from geo.core.errors import IncidentMapError
from geo.core.records import Article
from geo.extract.pipeline import extract_all, forked_pool

#: How long to wait for a Dask scheduler before giving up.
CONNECT_TIMEOUT = "20s"
#: Articles per part: large enough that a part's Parquet files are worth opening.
PART_ARTICLES = 500


class ClusterError(IncidentMapError):
    """The Dask scheduler cannot be reached or a task failed."""


def _extract_part(articles: list[Article], folder: str, index: int) -> PartSummary:
    return write_part(extract_all(articles), Path(folder), index)


def batches(articles: Sequence[Article], size: int = PART_ARTICLES) -> list[list[Article]]:
    """Cut articles into consecutive batches.

    Parameters
    ----------
    articles
        Loaded articles.
    size
        Articles per batch.

    Returns
    -------
    list of list of Article
        In input order.
    """
    return [list(articles[i:i + size]) for i in range(0, len(articles), size)]


def extract_to_parts(
    articles: Sequence[Article],
    folder: Path,
    *,
    workers: int = 1,
    scheduler: str | Any | None = None,
    part_articles: int = PART_ARTICLES,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> list[PartSummary]:
    """Extract articles into a partitioned GeoParquet folder.

    Parameters
    ----------
    articles
        Loaded articles.
    folder
        Output folder; see :mod:`geo.batch.partitions`.
    workers
        Local processes when no scheduler is given.
    scheduler
        Address of a running Dask scheduler (``"tcp://host:8786"``) or a
        ``distributed.Client``/``LocalCluster``; ``None`` to stay local.
    part_articles
        Articles per part.
    progress
        Optional wrapper such as ``tqdm`` over the finished parts.

    Returns
    -------
    list of PartSummary
        One per part, in part order.

    Raises
    ------
    ClusterError
        When the scheduler cannot be reached or a part fails on a worker.
    """
    folder.mkdir(parents=True, exist_ok=True)
    chunks = batches(articles, part_articles)
    if scheduler is None:
        return _local(chunks, folder, workers, progress)
    return _on_dask(chunks, folder, scheduler, progress)


def _local(chunks: list[list[Article]], folder: Path, workers: int,
           progress: Callable[[Iterable[Any]], Iterable[Any]] | None) -> list[PartSummary]:
    indexes = range(len(chunks))
    if workers <= 1:
        done: Iterable[PartSummary] = (_extract_part(c, str(folder), i)
                                       for c, i in zip(chunks, indexes, strict=True))
        return list(progress(done) if progress else done)
    with forked_pool(workers) as pool:
        done = pool.map(_extract_part, chunks, [str(folder)] * len(chunks), indexes)
        return list(progress(done) if progress else done)


def _on_dask(chunks: list[list[Article]], folder: Path, scheduler: str | Any,
             progress: Callable[[Iterable[Any]], Iterable[Any]] | None) -> list[PartSummary]:
    from distributed import Client, as_completed

    own_client = not isinstance(scheduler, Client)
    try:
        client = scheduler if isinstance(scheduler, Client) else Client(scheduler,
                                                                        timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"Cannot reach the Dask scheduler {scheduler!r}: {exc}. Start one "
                           "with `dask scheduler` (and `dask worker ADDRESS`), or leave out "
                           "--dask to run on this machine.") from exc
    try:
        futures = [client.submit(_extract_part, chunk, str(folder.resolve()), index,
                                 pure=False, key=f"incidentmap-part-{index:05d}-{id(chunks)}")
                   for index, chunk in enumerate(chunks)]
        finished: Iterable[Any] = as_completed(futures)
        summaries = []
        for future in progress(finished) if progress else finished:
            try:
                summaries.append(future.result())
            except Exception as exc:
                raise ClusterError(f"A part failed on the Dask cluster: {exc}") from exc
        return sorted(summaries, key=lambda s: s.index)
    finally:
        if own_client:
            client.close()
