"""The YAML list of review papers (``refs/papers.yaml``).

Each item is a mapping; ``key`` and a ``title`` or ``doi`` are required::

    - key: paul2005                      # the paper's id in every result table
      title: Soft Balancing in the Age of U.S. Primacy
      authors: [Paul, T. V.]             # "Surname, Given" (or "Given Surname")
      year: 2005
      venue: International Security
      volume: "30"
      issue: "1"
      pages: 46-71
      doi: 10.1162/0162288054894652      # any common DOI form
      kind: article
      tier: core
      urls: [https://...]                # where the metadata was seen
      bibliography: refs/bibliographies/paul2005.txt
      note: free text, kept in the file only
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pybtex.database import Person

from refnet.errors import InputError
from refnet.ids import normalize_doi
from refnet.inputs.bibtex import format_person
from refnet.inputs.text import read_text, replace_surrogates
from refnet.model import PAPER_COLUMNS, PROBLEM_COLUMNS, concat_problems, frame

STAGE = "seeds"
TEXT_FIELDS = ("title", "venue", "volume", "issue", "pages", "publisher", "kind", "tier")
KNOWN_FIELDS = {
    "key",
    "authors",
    "year",
    "doi",
    "urls",
    "url",
    "bibliography",
    "note",
    *TEXT_FIELDS,
}
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:+-]*$")


def normalize_author(name: str) -> str:
    """``"Surname, Given"`` from either ``"Surname, Given"`` or ``"Given Surname"``."""
    name = " ".join(name.split())
    if "," in name or not name:
        return name
    return format_person(Person(name))


def _authors(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = [v for v in value.split(";")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("authors must be a list of names")
    return "; ".join(normalize_author(v) for v in value if v.strip())


def _text(value: Any, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"{field} must be text")
    return str(value).strip()


def _urls(item: dict[str, Any]) -> str:
    value = item.get("urls", item.get("url"))
    if value is None:
        return ""
    urls = [value] if isinstance(value, str) else value
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise ValueError("urls must be a list of addresses")
    return urls[0].strip() if urls else ""


def paper_row(item: Any, origin: str) -> dict[str, object]:
    """One PAPER_COLUMNS row from a papers.yaml item; ValueError names what is wrong."""
    if not isinstance(item, dict):
        raise ValueError("each paper must be a mapping of fields (key: ..., title: ...)")
    unknown = sorted(str(k) for k in item if k not in KNOWN_FIELDS)
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}")
    key = item.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise ValueError(f"key must be letters, digits and _.:+- (got {key!r})")
    row: dict[str, object] = {field: _text(item.get(field), field) for field in TEXT_FIELDS}
    raw_doi = item.get("doi")
    doi = normalize_doi(str(raw_doi)) if raw_doi else None
    if raw_doi and doi is None:
        raise ValueError(f"doi is not a DOI: {raw_doi!r}")
    year = item.get("year")
    if year is not None and (
        isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 2100
    ):
        raise ValueError(f"year must be a four-digit number (got {year!r})")
    if not row["title"] and not doi:
        raise ValueError("a paper needs a title or a doi")
    row.update(
        paper_id=key,
        doi=doi or "",
        authors=_authors(item.get("authors")),
        year=year,
        url=_urls(item),
        bibliography=_text(item.get("bibliography"), "bibliography"),
        origin=origin,
    )
    return row


def _without_surrogates(value: Any) -> tuple[Any, bool]:
    """``value`` (YAML data) with lone surrogates in its strings replaced; whether any were."""
    if isinstance(value, str):
        return replace_surrogates(value)
    if isinstance(value, list):
        pairs = [_without_surrogates(v) for v in value]
        return [v for v, _ in pairs], any(r for _, r in pairs)
    if isinstance(value, dict):
        out, any_replaced = {}, False
        for key, item in value.items():
            (key, r1), (item, r2) = _without_surrogates(key), _without_surrogates(item)
            out[key] = item
            any_replaced = any_replaced or r1 or r2
        return out, any_replaced
    return value, False


def parse_papers(text: str, origin: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Review papers and problems from papers.yaml text; rows carry ``origin:line``.

    A file that is not a YAML list raises :class:`InputError`; a bad item is skipped
    and listed as a problem.
    """
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", origin=origin) from exc
    if data is None:
        return frame([], PAPER_COLUMNS), frame([], PROBLEM_COLUMNS)
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise InputError("expected a list of papers (items starting with '- key:')", origin=origin)
    papers: list[dict[str, object]] = []
    problems: list[dict[str, str]] = []
    seen: dict[str, str] = {}
    for item, item_node in zip(data, node.value, strict=True):
        where = f"{origin}:{item_node.start_mark.line + 1}"
        item, replaced = _without_surrogates(item)
        if replaced:
            reason = "lone surrogate escape (such as \\uD800) replaced by U+FFFD; paper kept"
            problems.append({"stage": STAGE, "origin": where, "value": "", "reason": reason})
        key = item.get("key") if isinstance(item, dict) else None
        try:
            row = paper_row(item, where)
        except ValueError as exc:
            problems.append(
                {"stage": STAGE, "origin": where, "value": str(key or item), "reason": str(exc)}
            )
            continue
        if key in seen:
            reason = f"duplicate key (first at {seen[key]}); skipped"
            problems.append({"stage": STAGE, "origin": where, "value": key, "reason": reason})
            continue
        seen[key] = where
        papers.append(row)
    return frame(papers, PAPER_COLUMNS), frame(problems, PROBLEM_COLUMNS)


def read_papers(path: str | Path, origin: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a papers.yaml file (:mod:`refnet.inputs.text`); ``origin`` defaults to the path."""
    origin = origin or str(path)
    text, undecoded = read_text(path, origin, STAGE)
    papers, problems = parse_papers(text, origin)
    return papers, concat_problems(undecoded, problems)
