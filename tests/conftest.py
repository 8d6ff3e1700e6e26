"""Shared fixtures: the offline gazetteer (built by `incidentmap setup`)."""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer()
