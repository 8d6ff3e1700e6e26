"""Batch extraction: many articles to one incident table and deployment table."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import geopandas as gpd

from geo.actors import load_actor_table
from geo.extract import extract_deployments, extract_incidents
from geo.frame import deployments_to_frame, incidents_to_frame
from geo.gazetteer import load_gazetteer
from geo.records import Article, Deployment, Incident


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
            See :func:`geo.frame.incidents_to_frame`.
        """
        return incidents_to_frame(self.incidents)

    def deployment_frame(self) -> gpd.GeoDataFrame:
        """Return the deployments as a point GeoDataFrame at country points.

        Returns
        -------
        geopandas.GeoDataFrame
            See :func:`geo.frame.deployments_to_frame`.
        """
        return deployments_to_frame(self.deployments, load_gazetteer().country_points())


def extract_all(
    articles: Sequence[Article] | Iterable[Article],
    progress: Callable[[Iterable[Article]], Iterable[Article]] | None = None,
) -> Extraction:
    """Extract incidents and deployments from many articles.

    Parameters
    ----------
    articles
        Loaded articles.
    progress
        Optional wrapper such as ``tqdm`` for a progress bar.

    Returns
    -------
    Extraction
        Incidents, deployments and per-article notes.
    """
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
