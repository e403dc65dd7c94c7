"""Reference-string parsers measured: refnet's parser against refextract.

Ground truth: Crossref reference items that carry both an ``unstructured`` string and
structured fields (author, year, article/volume title, journal, volume, first page).
Each parser reads the string; a field counts as right when it agrees with the structured
one after normalisation, as wrong when it is given but disagrees, as missing otherwise.
A second table counts the soft-balancing bibliography lines for which each parser gives a
year, a surname and a title.

Usage: python benchmarks/match_parsers.py [WORKS.jsonl] [--softbalancing DIR]
    [--refextract PYTHON] [--out FILE]
refextract runs in its own interpreter, its answers cached beside --out (default
benchmarks/out/refextract-venv/bin/python;
create it with ``python -m venv benchmarks/out/refextract-venv`` and
``benchmarks/out/refextract-venv/bin/pip install refextract``); absent, its column is skipped.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from refnet.match.evaluate import crossref_surname, read_works
from refnet.match.normalize import fold, is_abbreviation, name_key, title_key, volume_key
from refnet.match.parse import parse_reference

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WORKS = ROOT.parent / "shared/data/crossref/works_with_references.jsonl"
DEFAULT_SOFT = ROOT.parent / "shared/softbalancing/bibliographies"
DEFAULT_REFEXTRACT = ROOT / "benchmarks/out/refextract-venv/bin/python"
FIELDS = ("surname", "year", "title", "book", "venue", "volume", "first_page")

_REFEXTRACT_SCRIPT = r"""
import json, sys, logging
logging.disable(logging.CRITICAL)
from refextract import extract_references_from_string
for line in sys.stdin:
    raw = json.loads(line)
    try:
        found = extract_references_from_string(raw, is_only_references=True)
    except Exception as exc:  # a parser crash counts as no fields
        found = []
    out = {}
    for ref in found:
        for key, values in ref.items():
            out.setdefault(key, list(values))
    print(json.dumps(out), flush=True)
"""


def truth_items(works: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Items with an unstructured string and structured author and year, as field dicts."""
    items = []
    for work in works:
        for item in work.get("reference") or []:
            raw = str(item.get("unstructured") or "").strip()
            year = re.match(r"\d{4}", str(item.get("year") or ""))
            surname = crossref_surname(item.get("author"))
            if not raw or not year or not surname:
                continue
            items.append(
                {
                    "raw": raw,
                    "surname": surname,
                    "year": year.group(0),
                    "title": str(item.get("article-title") or ""),
                    "book": str(item.get("volume-title") or ""),
                    "venue": str(item.get("journal-title") or ""),
                    "volume": str(item.get("volume") or ""),
                    "first_page": str(item.get("first-page") or ""),
                }
            )
    return items


def refnet_fields(raw: str) -> dict[str, str]:
    """Fields of refnet's parser in the benchmark's terms."""
    parsed = parse_reference(raw)
    return {
        "surname": str(parsed["first_author"] or ""),
        "year": str(parsed["year"] or "")[:4],
        "title": str(parsed["title"] or ""),
        "book": f"{parsed['title'] or ''}\t{parsed['venue'] or ''}".strip(),
        "venue": str(parsed["venue"] or ""),
        "volume": str(parsed["volume"] or ""),
        "first_page": re.split(r"[-–]", str(parsed["pages"] or ""))[0],
    }


def refextract_fields(found: dict[str, list[str]]) -> dict[str, str]:
    """Fields of refextract's answer (its ``author`` string's first surname, ``misc`` ignored)."""
    author = (found.get("author") or [""])[0]
    first = re.split(r",|\band\b|&|;", author)[0].strip()
    words = [w for w in first.replace(".", ". ").split() if not re.fullmatch(r"[A-Z]\.?-?", w)]
    surname = words[-1] if words else ""
    if len(first.split()) >= 2 and re.fullmatch(r"[A-Z]{1,3}", first.split()[-1]):
        surname = first.split()[0]  # Vancouver "Surname AB"
    return {
        "surname": surname,
        "year": (found.get("year") or [""])[0][:4],
        "title": (found.get("title") or [""])[0],
        "book": (found.get("title") or [""])[0],
        "venue": (found.get("journal_title") or [""])[0],
        "volume": (found.get("journal_volume") or [""])[0],
        "first_page": re.split(r"[-–]", (found.get("journal_page") or [""])[0])[0],
    }


def run_refextract(python: Path, raws: list[str], cache: Path) -> list[dict[str, list[str]]] | None:
    """refextract's answers for ``raws`` (None when its interpreter is absent), cached."""
    known = json.loads(cache.read_text(encoding="utf-8")) if cache.is_file() else {}
    todo = sorted(set(raws) - set(known))
    if todo:
        if not python.is_file():
            return None
        proc = subprocess.run(
            [str(python), "-c", _REFEXTRACT_SCRIPT],
            input="".join(json.dumps(r) + "\n" for r in todo),
            capture_output=True,
            text=True,
            check=True,
        )
        known.update(zip(todo, map(json.loads, proc.stdout.splitlines()), strict=True))
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(known, sort_keys=True), encoding="utf-8")
    return [known[r] for r in raws]


def agrees(field: str, got: str, want: str) -> bool:
    """Whether a parsed field agrees with the structured one."""
    if field == "surname":
        return name_key(got) == name_key(want) or name_key(want).endswith(name_key(got) or "#")
    if field == "book":  # a book, or the book of a chapter: the parsed title or venue
        title, _, venue = got.partition("\t")
        return agrees("title", title, want) or agrees("title", venue, want)
    if field == "title":
        a, b = title_key(got), title_key(want)
        return bool(a) and (a == b or fuzz.ratio(a, b) >= 90)
    if field == "venue":
        a, b = fold(got).replace(".", ""), fold(want).replace(".", "")
        return bool(a) and (
            a == b
            or fuzz.ratio(a, b) >= 85
            or max(is_abbreviation(a, b), is_abbreviation(b, a)) > 0
        )
    if field == "volume":
        return volume_key(got) == volume_key(want)
    return got.strip().lstrip("0") == want.strip().lstrip("0")


def score(items: list[dict[str, str]], parsed: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Right / wrong / missing counts per field."""
    rows = []
    for field in FIELDS:
        right = wrong = missing = 0
        for truth, got in zip(items, parsed, strict=True):
            if not truth[field]:
                continue
            if not got[field]:
                missing += 1
            elif agrees(field, got[field], truth[field]):
                right += 1
            else:
                wrong += 1
        n = right + wrong + missing
        rows.append(
            {
                "field": field,
                "n": n,
                "right": right / n if n else 0.0,
                "wrong": wrong / n if n else 0.0,
            }
        )
    return rows


def soft_lines(folder: Path) -> list[str]:
    """Non-empty lines of the soft-balancing bibliographies."""
    lines = []
    for path in sorted(folder.glob("*.txt")):
        lines += [x.strip() for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("works", nargs="?", default=str(DEFAULT_WORKS))
    parser.add_argument("--softbalancing", default=str(DEFAULT_SOFT))
    parser.add_argument("--refextract", default=str(DEFAULT_REFEXTRACT))
    parser.add_argument("--out", default="benchmarks/out/match_parsers.tsv")
    args = parser.parse_args(argv)
    if not Path(args.works).is_file():
        print(f"input not found: {args.works}", file=sys.stderr)
        return 2
    items = truth_items(read_works(args.works))
    raws = [i["raw"] for i in items]
    soft = soft_lines(Path(args.softbalancing)) if Path(args.softbalancing).is_dir() else []
    results: dict[str, tuple[list[dict[str, str]], list[dict[str, str]], float]] = {}
    start = time.perf_counter()
    results["refnet"] = (
        [refnet_fields(r) for r in raws],
        [refnet_fields(r) for r in soft],
        time.perf_counter() - start,
    )
    start = time.perf_counter()
    cache = Path(args.out).with_name("refextract_answers.json")
    answers = run_refextract(Path(args.refextract), raws + soft, cache)
    if answers is not None:
        fields = [refextract_fields(a) for a in answers]
        results["refextract"] = (fields[: len(raws)], fields[len(raws) :], 0.0)
        results["refextract"] = (*results["refextract"][:2], time.perf_counter() - start)
    else:
        print(f"# refextract interpreter not found: {args.refextract}", file=sys.stderr)
    lines = ["parser\tfield\tn\tright\twrong"]
    for name, (parsed, _, _) in results.items():
        for row in score(items, parsed):
            lines.append(
                f"{name}\t{row['field']}\t{row['n']}\t{row['right']:.3f}\t{row['wrong']:.3f}"
            )
    lines.append("")
    lines.append("parser\tsoftbalancing_lines\tyear+surname\tyear+surname+title\tseconds")
    for name, (_, parsed_soft, seconds) in results.items():
        pair = sum(1 for f in parsed_soft if f["year"] and f["surname"])
        full = sum(1 for f in parsed_soft if f["year"] and f["surname"] and f["title"])
        lines.append(f"{name}\t{len(soft)}\t{pair}\t{full}\t{seconds:.1f}")
    text = "\n".join(lines) + "\n"
    print(f"# {args.works}: {len(items)} items with unstructured + structured fields")
    print(text, end="")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
