"""The ``incidentmap`` command line.

Sub-commands: ``setup`` (install assets, build the gazetteer), ``geocode``
(resolve one name), ``extract`` (articles to GeoJSON) and ``export`` (the
store's filtered view to GeoJSON). Errors of the project's hierarchy print a
message and exit with status 1; no traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from geo.core.errors import IncidentMapError

PRECISION_WORDS = {1: "site/town", 2: "near a site/town", 3: "region/country"}


def _cmd_setup(args: argparse.Namespace) -> int:
    from geo.cli.setup import setup

    setup(force=args.force)
    return 0


def _cmd_geocode(args: argparse.Namespace) -> int:
    from geo.gazetteer.geocoders import build_geocoder

    geocoder = build_geocoder(args.online_user_agent)
    location = geocoder.geocode(args.name, exactly_one=True)
    if location is None:
        print(f"No place found for {args.name!r}. Check the spelling or try another "
              "transliteration (for example 'Abu Kamal' for 'Albu Kamal').", file=sys.stderr)
        return 1
    raw = location.raw
    precision = int(raw.get("precision", 1))
    print(f"{raw.get('name', location.address)}")
    print(f"  coordinates  lon {location.longitude:.5f}, lat {location.latitude:.5f} (EPSG:4326)")
    print(f"  type         {raw.get('kind', 'unknown')}")
    print(f"  country      {raw.get('country', '') or '-'}   admin1 {raw.get('admin1', '') or '-'}")
    print(f"  precision    {precision} ({PRECISION_WORDS.get(precision, '?')}), "
          f"uncertainty {float(raw.get('uncertainty_km', 0)):.0f} km")
    print(f"  id           {raw.get('place_id', '')}")
    return 0


def _read_password(args: argparse.Namespace) -> str:
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"New password for {args.name}: ")
    if getpass.getpass("Again: ") != first:
        raise IncidentMapError("the two passwords differ; nothing was changed.")
    return first


def _cmd_user(args: argparse.Namespace) -> int:
    from pathlib import Path

    from geo.server.auth import add_user, load_users, remove_user, users_path

    path = Path(args.users) if args.users else users_path()
    if args.action == "list":
        for name in sorted(load_users(path)):
            print(name)
        return 0
    if not args.name:
        raise IncidentMapError(f"`incidentmap user {args.action}` needs an account name.")
    if args.action == "remove":
        remove_user(path, args.name)
        print(f"removed {args.name} from {path}")
        return 0
    new = add_user(path, args.name, _read_password(args))
    print(f"{'added' if new else 'new password for'} {args.name} in {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``incidentmap``.

    Returns
    -------
    argparse.ArgumentParser
        With one sub-parser per command.
    """
    parser = argparse.ArgumentParser(prog="incidentmap", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_setup = sub.add_parser("setup", help="install map assets and build the offline gazetteer")
    p_setup.add_argument("--force", action="store_true", help="rebuild even if built")
    p_setup.set_defaults(func=_cmd_setup)
    p_geo = sub.add_parser("geocode", help="resolve one place name offline")
    p_geo.add_argument("name", help="place name, e.g. 'Ain al-Asad'")
    p_geo.add_argument("--online-user-agent", default=None,
                       help="also ask Nominatim (needs internet) with this user agent")
    p_geo.set_defaults(func=_cmd_geocode)
    p_user = sub.add_parser("user", help="manage the accounts that may edit in the app "
                            "(salted scrypt hashes in $INCIDENTMAP_USERS or "
                            "data/build/users.json)")
    p_user.add_argument("action", choices=["add", "remove", "list"],
                        help="add (or reset the password of) an account, remove one, list them")
    p_user.add_argument("name", nargs="?", help="account name, recorded in the history")
    p_user.add_argument("--users", help="accounts file (default: $INCIDENTMAP_USERS or "
                        "data/build/users.json)")
    p_user.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of standard input")
    p_user.set_defaults(func=_cmd_user)
    try:
        from geo.cli.extract import add_commands
    except ImportError:  # pragma: no cover - during bootstrap only
        return parser
    add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv
        Arguments without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        Exit status: 0 on success, 1 on a handled error.
    """
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except IncidentMapError as exc:
        print(f"incidentmap: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # any I/O failure not already given a message: still no traceback
        print(f"incidentmap: {os_error_message(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("incidentmap: interrupted.", file=sys.stderr)
        return 130


def os_error_message(exc: OSError) -> str:
    """Return one line for an I/O error: the file, the reason, what to do.

    Parameters
    ----------
    exc
        The error.

    Returns
    -------
    str
        For example ``/proc/forbidden/out.geojson: cannot be written or read (No such
        file or directory). Check the path and its permissions.``
    """
    where = exc.filename if exc.filename is not None else "a file"
    reason = exc.strerror or str(exc) or type(exc).__name__
    return (f"{where}: cannot be written or read ({reason}). Check the path and its "
            "permissions.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
