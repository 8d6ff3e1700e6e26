"""Map data that does not change between reruns, kept on disk across restarts.

The Map page draws a precision-3 incident as its region's shape. Computing a
shape needs the gazetteer's polygons (a second or more to load), which would put
the gazetteer on the path to the first marker although the shapes of a
gazetteer build never change. :class:`ShapeCache` keeps each place's display
shape in a small JSON file under the store's cache folder, keyed by the
gazetteer build's stamp, so a restarted app draws known regions without the
gazetteer.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import shapely.geometry
from shapely.geometry.base import BaseGeometry

from geo.core.paths import build_dir

SHAPES_FILE = "region-shapes.json"
STAMP_FILE = "inputs.stamp"


def gazetteer_stamp(directory: Path | None = None) -> str:
    """Return a token that changes whenever the gazetteer is rebuilt.

    Parameters
    ----------
    directory
        The gazetteer's build folder; :func:`geo.core.paths.build_dir` by default.

    Returns
    -------
    str
        The build's input stamp, or the modification times of its tables when
        there is none (an empty string when neither exists).
    """
    folder = directory or build_dir()
    stamp = folder / STAMP_FILE
    try:
        return stamp.read_text(encoding="utf-8").strip()
    except OSError:
        pass
    parts = []
    for name in ("admin1.parquet", "countries.parquet", "gazetteer.parquet"):
        try:
            info = (folder / name).stat()
        except OSError:
            continue
        parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)


class ShapeCache(MutableMapping[str, BaseGeometry | None]):
    """Display shapes by place id, read from and written to one JSON file.

    ``None`` is a remembered answer too (a place with no shape). Entries of
    another gazetteer build are ignored. Writes are atomic (a temporary file
    renamed), so a reader never sees half a file; a damaged file is ignored.

    Parameters
    ----------
    path
        The JSON file; ``None`` keeps the shapes in memory only.
    stamp
        The gazetteer build the shapes belong to (:func:`gazetteer_stamp`).
    """

    def __init__(self, path: Path | None, stamp: str) -> None:
        self.path = path
        self.stamp = stamp
        self._shapes: dict[str, BaseGeometry | None] = {}
        self._dirty = False
        self._lock = threading.Lock()
        if path is not None:
            self._shapes = _read(path, stamp)

    def __getitem__(self, place_id: str) -> BaseGeometry | None:
        return self._shapes[place_id]

    def __setitem__(self, place_id: str, shape: BaseGeometry | None) -> None:
        with self._lock:
            self._shapes[place_id] = shape
            self._dirty = True

    def __delitem__(self, place_id: str) -> None:
        with self._lock:
            del self._shapes[place_id]
            self._dirty = True

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._shapes))

    def __len__(self) -> int:
        return len(self._shapes)

    def missing(self, place_ids: list[str]) -> list[str]:
        """Return the place ids that have no entry yet.

        Parameters
        ----------
        place_ids
            Place ids of precision-3 incidents (with a ``#direction`` suffix
            where the place is a part of a region).

        Returns
        -------
        list of str
            Those not in the cache, in the given order, without repeats.
        """
        return [p for p in dict.fromkeys(place_ids) if p not in self._shapes]

    def save(self) -> bool:
        """Write the file when entries were added since it was read or written.

        Returns
        -------
        bool
            Whether the file was written (``False`` when unchanged, in memory
            only, or not writable).
        """
        with self._lock:
            if self.path is None or not self._dirty:
                return False
            payload = {"stamp": self.stamp, "shapes": {
                k: None if v is None else shapely.geometry.mapping(v)
                for k, v in self._shapes.items()}}
            self._dirty = False
        try:
            write_atomic(self.path, json.dumps(payload, separators=(",", ":")))
        except OSError:
            return False
        return True


def _read(path: Path, stamp: str) -> dict[str, BaseGeometry | None]:
    try:
        payload: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(payload, dict) or payload.get("stamp") != stamp:
        return {}
    shapes: dict[str, BaseGeometry | None] = {}
    for key, value in (payload.get("shapes") or {}).items():
        try:
            shapes[str(key)] = None if value is None else shapely.geometry.shape(value)
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
    return shapes


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file through a temporary name in its folder, then rename it.

    Parameters
    ----------
    path
        The file (its folder is made if missing).
    data
        Text (written as UTF-8) or bytes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
