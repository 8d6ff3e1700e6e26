"""How many extracted incidents carry their evidence spans, on sets of real articles.

Usage: ``python benchmarks/evidence.py [DIR]`` (default ``../shared/bench/incidents/``).

Every ``*.jsonl`` in ``DIR`` is extracted; for each set the script prints how many
incidents have a trigger, a place and a date span, how many have all three, and how
many spans do not match the article text they index (``Article.full_text``), which
must be none. A date span is missing when the text states no date for the incident
(the publication date was assumed); the count of those is printed beside it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.extract.files import load_path
from geo.extract.incidents import extract_incidents
from geo.gazetteer.index import load_gazetteer
from geo.reading.actors import load_actor_table

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "incidents"


def main(argv: list[str] | None = None) -> int:
    """Print evidence coverage per set; exit 1 when a span does not match its text."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    sets = sorted(args.directory.glob("*.jsonl"))
    if not sets:
        print(f"no *.jsonl in {args.directory}: give the folder of the article sets",
              file=sys.stderr)
        return 1
    gaz, table = load_gazetteer(), load_actor_table()
    bad_total = 0
    for jsonl in sets:
        counts = {"trigger": 0, "place": 0, "date": 0}
        total = all_three = bad = assumed = 0
        for article in load_path(jsonl):
            text = article.full_text
            for inc in extract_incidents(article, gaz, table):
                total += 1
                roles = {e.role for e in inc.evidence}
                for role in counts:
                    counts[role] += role in roles
                all_three += roles >= set(counts)
                assumed += "date" not in roles and inc.time_precision != "day"
                bad += sum(text[e.start:e.end] != e.text for e in inc.evidence)
        bad_total += bad
        print(f"== {jsonl.stem}: {total} incidents; trigger {counts['trigger']}, "
              f"place {counts['place']}, date {counts['date']} "
              f"({assumed} with no date in the text), all three {all_three}; "
              f"spans not matching the text: {bad}")
    return 1 if bad_total else 0


if __name__ == "__main__":
    sys.exit(main())
