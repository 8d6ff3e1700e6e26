"""Batch extraction: many articles to one incident table and deployment table."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import geopandas as gpd

from geo.core.records import Article, Deployment, Incident
from geo.extract.incidents import extract_deployments, extract_incidents
from geo.gazetteer.index import load_gazetteer
from geo.io.frame import deployments_to_frame, incidents_to_frame
from geo.reading.actors import load_actor_table


@dataclass(frozen=True, slots=True)
class Extraction:
    """What a batch of articles gave.

    Attributes
    ----------
    incidents, deployments
        Records from every article, in input order.
    notes
        ``(article_id, note)`` for every article with a note (assumed date,
        not English ...), so nothing is dropped silently.
    """

    incidents: tuple[Incident, ...]
    deployments: tuple[Deployment, ...]
    notes: tuple[tuple[str, str], ...]

    def incident_frame(self) -> gpd.GeoDataFrame:
        """Return the incidents as the schema GeoDataFrame.

        Returns
        -------
        geopandas.GeoDataFrame
            See :func:`geo.io.frame.incidents_to_frame`.
        """
        return incidents_to_frame(self.incidents)

    def deployment_frame(self) -> gpd.GeoDataFrame:
        """Return the deployments as a point GeoDataFrame at country points.

        Returns
        -------
        geopandas.GeoDataFrame
            See :func:`geo.io.frame.deployments_to_frame`.
        """
        return deployments_to_frame(self.deployments, load_gazetteer().country_points())


CHUNK_ARTICLES = 25


def forked_pool(workers: int) -> ProcessPoolExecutor:
    """Return a process pool whose workers share the loaded gazetteer and actor table.

    Both are loaded here, before the workers start; on Linux the workers are
    forked and inherit them instead of loading them again.

    Parameters
    ----------
    workers
        Processes.

    Returns
    -------
    concurrent.futures.ProcessPoolExecutor
        Use it as a context manager.
    """
    load_gazetteer()
    load_actor_table()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _extract_chunk(chunk: list[Article]) -> Extraction:
    return extract_all(chunk)


def extract_all(
    articles: Sequence[Article] | Iterable[Article],
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
    workers: int = 1,
) -> Extraction:
    """Extract incidents and deployments from many articles.

    Parameters
    ----------
    articles
        Loaded articles.
    progress
        Optional wrapper such as ``tqdm`` for a progress bar.
    workers
        Processes to use. Above 1, chunks of articles go to a process pool;
        on Linux the workers are forked after the gazetteer is loaded, so they
        share it instead of loading it again. The result is the same, in order.

    Returns
    -------
    Extraction
        Incidents, deployments and per-article notes.
    """
    if workers > 1:
        return _extract_parallel(list(articles), workers, progress)
    gaz = load_gazetteer()
    table = load_actor_table()
    incidents: list[Incident] = []
    deployments: list[Deployment] = []
    notes: list[tuple[str, str]] = []
    for article in progress(articles) if progress else articles:
        notes.extend((article.article_id, n) for n in article.notes)
        incidents.extend(extract_incidents(article, gaz, table))
        deployments.extend(extract_deployments(article, gaz, table))
    return Extraction(tuple(incidents), tuple(deployments), tuple(notes))


def _extract_parallel(
    articles: list[Article], workers: int,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None,
) -> Extraction:
    chunks = [articles[i:i + CHUNK_ARTICLES] for i in range(0, len(articles), CHUNK_ARTICLES)]
    with forked_pool(workers) as pool:
        results: Iterable[Extraction] = pool.map(_extract_chunk, chunks)
        if progress is not None:
            results = progress(results)
        parts = list(results)
    return Extraction(
        tuple(i for p in parts for i in p.incidents),
        tuple(d for p in parts for d in p.deployments),
        tuple(n for p in parts for n in p.notes),
    )
