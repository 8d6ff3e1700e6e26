"""Extraction time against text length: the extractor on one long text, and the job layer.

Usage: .venv/bin/python benchmarks/jobs.py [CHARS ...]   (default 100000 200000 400000)

The text is the demo articles repeated (written for this project). Prints seconds per
length for ``geo.extract.pipeline.extract_all`` on the whole text as one article, and for
``geo.batch.pieces.extract_in_parts`` (pieces of at most ``MAX_PIECE_CHARS`` characters), and the
ratio of the longest to the shortest.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from geo.batch.pieces import MAX_PIECE_CHARS, extract_in_parts
from geo.extract.loaders import article_from_text
from geo.extract.pipeline import extract_all
from geo.gazetteer.index import load_gazetteer
from geo.reading.actors import load_actor_table

ROOT = Path(__file__).resolve().parents[1]


def text_of(chars: int) -> str:
    lines = (ROOT / "data" / "demo" / "articles.jsonl").read_text("utf-8").splitlines()
    body = "\n\n".join(json.loads(line)["text"] for line in lines if line.strip())
    repeated = (body + "\n\n") * (chars // len(body) + 1)
    return "Published: 2023-11-07T09:30:00Z\n\n" + repeated[:chars]


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100_000, 200_000, 400_000]
    load_gazetteer()
    load_actor_table()
    print(f"pieces of at most {MAX_PIECE_CHARS:,} characters")
    print(f"{'chars':>9} {'whole (s)':>10} {'pieces (s)':>11}")
    rows = []
    for size in sizes:
        article = article_from_text(text_of(size))
        start = time.perf_counter()
        extract_all([article])
        whole = time.perf_counter() - start
        start = time.perf_counter()
        extract_in_parts([article])
        pieces = time.perf_counter() - start
        rows.append((size, whole, pieces))
        print(f"{size:>9,} {whole:>10.2f} {pieces:>11.2f}", flush=True)
    (s0, w0, p0), (s1, w1, p1) = rows[0], rows[-1]
    print(f"x{s1 / s0:.1f} the text: whole x{w1 / w0:.2f} the time, pieces x{p1 / p0:.2f}")


if __name__ == "__main__":
    main()
