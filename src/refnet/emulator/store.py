"""The records the emulator serves: recorded real payloads, own fixtures, synthetic works.

Real payloads are read at runtime from ``../shared/data`` (never copied into the
project); the project's own small fixtures in ``tests/emulator_fixtures`` are always
served too. With ``synth_references > 0`` any unknown DOI or W id gets a generated work.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[3]
SHARED_DATA = ROOT.parent / "shared" / "data"
FIXTURES = ROOT / "tests" / "emulator_fixtures"
OPENALEX = "https://openalex.org/"


def _doi_key(doi: str) -> str:
    doi = doi.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "doi:"):
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix) :]
    return doi.lower()


def _short_w(value: str) -> str:
    return value.rsplit("/", 1)[-1].upper()


@dataclass
class Store:
    """Works by service, keyed by lower-case DOI (and W id for OpenAlex)."""

    crossref: dict[str, dict[str, Any]] = field(default_factory=dict)
    openalex: dict[str, dict[str, Any]] = field(default_factory=dict)  # W id -> work
    openalex_doi: dict[str, str] = field(default_factory=dict)  # doi -> W id
    opencitations: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    semanticscholar: dict[str, dict[str, Any]] = field(default_factory=dict)
    merged: dict[str, str] = field(default_factory=dict)  # old W id -> new W id
    synth_references: int = 0
    synth_pool: int = 0  # >0: synthetic references drawn from a shared pool of works
    synth_citations: int = 0  # >0: every synthetic work is cited by this many works
    opencitations_citations: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    semanticscholar_citations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    synth_doi_of_wid: dict[str, str] = field(default_factory=dict)  # W8… id -> its DOI
    _citing: dict[str, dict[str, list[Any]]] = field(default_factory=dict, repr=False)
    _crossref_index: dict[str, set[str]] = field(default_factory=dict, repr=False)

    # -- adding ---------------------------------------------------------------------------

    def add_crossref(self, message: dict[str, Any]) -> None:
        self.crossref[_doi_key(message["DOI"])] = message
        self._crossref_index.clear()

    def add_openalex(self, work: dict[str, Any]) -> None:
        wid = _short_w(work["id"])
        self.openalex[wid] = work
        if work.get("doi"):
            self.openalex_doi[_doi_key(work["doi"])] = wid

    def add_opencitations(self, citing_doi: str, rows: list[dict[str, str]]) -> None:
        self.opencitations[_doi_key(citing_doi)] = rows

    def add_semanticscholar(self, paper: dict[str, Any]) -> None:
        doi = (paper.get("externalIds") or {}).get("DOI")
        if doi:
            self.semanticscholar[_doi_key(doi)] = paper

    # -- looking up -----------------------------------------------------------------------

    def crossref_work(self, doi: str) -> dict[str, Any] | None:
        key = _doi_key(doi)
        return self.crossref.get(key) or (self._synth_crossref(key) if self._synth(key) else None)

    def crossref_search(self, text: str, rows: int) -> list[dict[str, Any]]:
        """The ``rows`` known Crossref works sharing most words with ``text``, each with a
        ``score`` (shared words, plus their share of the work's words as a tie-break)."""
        if not self._crossref_index:
            index: dict[str, set[str]] = defaultdict(set)
            for key, work in self.crossref.items():
                for token in _work_tokens(work):
                    index[token].add(key)
            self._crossref_index.update(index)
        shared: dict[str, int] = defaultdict(int)
        for token in _tokens(text):
            for key in self._crossref_index.get(token, ()):
                shared[key] += 1
        scored = []
        for key, count in shared.items():
            size = len(_work_tokens(self.crossref[key]))
            scored.append((-round(count + count / size, 3), key))
        return [{**self.crossref[key], "score": -score} for score, key in sorted(scored)[:rows]]

    def openalex_by_doi(self, doi: str) -> dict[str, Any] | None:
        key = _doi_key(doi)
        wid = self.openalex_doi.get(key)
        if wid:
            return self.openalex[wid]
        if not self._synth(key):
            return None
        self.synth_doi_of_wid[_synth_wid(key)] = key
        return self._synth_openalex(key, _synth_wid(key))

    def openalex_by_id(self, wid: str) -> dict[str, Any] | None:
        wid = _short_w(wid)
        if wid in self.openalex:
            return self.openalex[wid]
        if self.synth_references and wid.startswith("W9"):
            return self._synth_openalex(_pool_doi(wid), wid)
        return None

    def citing_index(self, service: str) -> dict[str, list[Any]]:
        """Cited key → citing records of ``service`` (built once, see emulator.citations)."""
        if service not in self._citing:
            from refnet.emulator.citations import build_index

            self._citing[service] = build_index(self, service)
        return self._citing[service]

    def opencitations_refs(self, doi: str) -> list[dict[str, str]]:
        key = _doi_key(doi)
        if key in self.opencitations:
            return self.opencitations[key]
        if not self._synth(key):
            return []
        return [
            {
                "oci": f"{_digits(key)}-{_digits(ref)}",
                "citing": f"doi:{key}",
                "cited": f"doi:{ref}",
                "creation": "2020-01-01",
                "timespan": "P1Y",
                "journal_sc": "no",
                "author_sc": "no",
            }
            for ref in self._synth_ref_dois(key)
        ]

    def semanticscholar_paper(self, doi: str) -> dict[str, Any] | None:
        key = _doi_key(doi)
        if key in self.semanticscholar:
            return self.semanticscholar[key]
        if not self._synth(key):
            return None
        refs = [
            {"paperId": _sha(r)[:40], "externalIds": {"DOI": r}, "title": f"Work {r}"}
            for r in self._synth_ref_dois(key)
        ]
        return {
            "paperId": _sha(key)[:40],
            "externalIds": {"DOI": key},
            "title": f"Synthetic work {key}",
            "year": 2000 + int(_sha(key)[:4], 16) % 25,
            "authors": [{"authorId": "1", "name": "Ada Synth"}],
            "venue": "Journal of Synthetic Studies",
            "referenceCount": len(refs),
            "references": refs,
        }

    # -- synthetic works ------------------------------------------------------------------

    def _synth(self, doi_key: str) -> bool:
        synthetic = self.synth_references > 0 or self.synth_citations > 0
        return synthetic and doi_key.startswith("10.")

    def _synth_wids(self, doi_key: str) -> list[str]:
        out = []
        for i in range(self.synth_references):
            h = int(_sha(f"{doi_key}#{i}")[:12], 16)
            n = h % self.synth_pool if self.synth_pool else h % 10**12
            out.append(f"W9{n:012d}")
        return out

    def _synth_ref_dois(self, doi_key: str) -> list[str]:
        return [_pool_doi(w) for w in self._synth_wids(doi_key)]

    def _synth_crossref(self, key: str) -> dict[str, Any]:
        refs = [
            {"key": f"ref{i}", "DOI": doi, "doi-asserted-by": "crossref"}
            for i, doi in enumerate(self._synth_ref_dois(key), 1)
        ]
        return {
            "DOI": key,
            "type": "journal-article",
            "title": [f"Synthetic work {key}"],
            "container-title": ["Journal of Synthetic Studies"],
            "author": [{"given": "Ada", "family": "Synth", "sequence": "first"}],
            "issued": {"date-parts": [[2000 + int(_sha(key)[:4], 16) % 25]]},
            "reference-count": len(refs),
            "references-count": len(refs),
            "reference": refs,
        }

    def _synth_openalex(self, doi_key: str, wid: str) -> dict[str, Any]:
        refs = [OPENALEX + w for w in self._synth_wids(doi_key)]
        return {
            "id": OPENALEX + wid,
            "doi": "https://doi.org/" + doi_key,
            "title": f"Synthetic work {doi_key}",
            "display_name": f"Synthetic work {doi_key}",
            "publication_year": 2000 + int(_sha(doi_key)[:4], 16) % 25,
            "type": "article",
            "ids": {"openalex": OPENALEX + wid, "doi": "https://doi.org/" + doi_key},
            "authorships": [{"author": {"display_name": "Ada Synth"}}],
            "primary_location": {"source": {"display_name": "Journal of Synthetic Studies"}},
            "biblio": {"volume": "1", "issue": "1", "first_page": "1", "last_page": "9"},
            "referenced_works_count": len(refs),
            "referenced_works": refs,
        }


_WORD = re.compile(r"[0-9a-z]{2,}")


def _tokens(text: str) -> set[str]:
    """Distinct lower-case ASCII words of ``text`` (diacritics dropped)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return set(_WORD.findall(ascii_text.lower()))


def _work_tokens(work: dict[str, Any]) -> set[str]:
    """Words of a Crossref work a citation would repeat: titles, names, venue, years."""
    parts: list[str] = []
    for name in ("title", "subtitle", "container-title"):
        value = work.get(name) or []
        parts.extend(value if isinstance(value, list) else [str(value)])
    for person in (work.get("author") or []) + (work.get("editor") or []):
        parts.append(person.get("family") or person.get("name") or "")
    for name in ("issued", "published-print", "published-online"):
        for date in (work.get(name) or {}).get("date-parts") or []:
            if date and date[0]:
                parts.append(str(date[0]))
    return _tokens(" ".join(parts))


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _digits(text: str) -> str:
    return str(int(_sha(text)[:10], 16))


def _synth_wid(doi_key: str) -> str:
    return f"W8{int(_sha(doi_key)[:12], 16) % 10**12:012d}"


def _pool_doi(wid: str) -> str:
    return f"10.5555/pool.{wid.lower()}"


# -- loading --------------------------------------------------------------------------------


def load_store(
    data: Path | None = SHARED_DATA, fixtures: Path | None = FIXTURES, **synth: int
) -> Store:
    """Records from the real payloads in ``data`` (when present) and from ``fixtures``."""
    store = Store(**synth)
    if fixtures is not None and fixtures.is_dir():
        _load_fixtures(store, fixtures)
    if data is not None and data.is_dir():
        _load_shared(store, data)
    return store


@functools.lru_cache(maxsize=1)
def default_store() -> Store:
    """The real payloads and the fixtures, loaded once per process (never modified)."""
    return load_store()


def _load_fixtures(store: Store, folder: Path) -> None:
    for line in (folder / "crossref" / "works.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            store.add_crossref(json.loads(line))
    page = json.loads((folder / "openalex" / "works.json").read_text(encoding="utf-8"))
    for work in page["results"]:
        store.add_openalex(work)
    store.merged.update(page.get("merged", {}))
    refs = json.loads((folder / "opencitations" / "references.json").read_text(encoding="utf-8"))
    for citing, rows in refs.items():
        store.add_opencitations(citing, rows)
    papers = json.loads((folder / "semanticscholar" / "papers.json").read_text(encoding="utf-8"))
    for paper in papers:
        store.add_semanticscholar(paper)


def _load_shared(store: Store, data: Path) -> None:
    crossref = data / "crossref" / "works_with_references.jsonl"
    if crossref.is_file():
        for line in crossref.read_text(encoding="utf-8").splitlines():
            if line.strip():
                store.add_crossref(json.loads(line))
    page = data / "openalex" / "works_page.json"
    if page.is_file():
        for work in json.loads(page.read_text(encoding="utf-8"))["results"]:
            store.add_openalex(work)
    for cassette in sorted((data / "opencitations").glob("oc_coci_refs*.yml")):
        _load_coci_cassette(store, cassette)
    for cassette in sorted((data / "opencitations").glob("oc_coci_cites*.yml")):
        _load_coci_citations(store, cassette)
    s2 = data / "semanticscholar"
    if (s2 / "Paper.json").is_file():
        paper = json.loads((s2 / "Paper.json").read_text(encoding="utf-8"))
        store.add_semanticscholar(paper)
        cited = _doi_key((paper.get("externalIds") or {}).get("DOI") or "")
        store.semanticscholar_citations[cited] = list(paper.get("citations") or [])
    for cassette in sorted(s2.glob("test_get_papers*.yaml")):
        for item in _cassette_bodies(cassette):
            for paper in item if isinstance(item, list) else []:
                if isinstance(paper, dict) and paper.get("externalIds"):
                    store.semanticscholar.setdefault(
                        _doi_key(paper["externalIds"].get("DOI") or "-"), paper
                    )
    store.semanticscholar.pop("-", None)


def _cassette_bodies(path: Path) -> list[Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for exchange in doc.get("interactions") or doc.get("http_interactions") or []:
        body = exchange["response"]["body"]
        text = body.get("string", "") if isinstance(body, dict) else body
        try:
            out.append(json.loads(text))
        except (TypeError, ValueError):
            continue
    return out


def _load_coci_cassette(store: Store, path: Path) -> None:
    """COCI v1 references answers, re-shaped to Index v2 rows (``doi:`` PID lists)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for exchange in doc.get("http_interactions", []):
        uri = exchange["request"]["uri"]
        if "/references/" not in uri:
            continue
        citing = uri.split("/references/", 1)[1]
        try:
            rows = json.loads(exchange["response"]["body"]["string"])
        except (KeyError, TypeError, ValueError):
            continue
        store.add_opencitations(
            citing,
            [
                {
                    **row,
                    "citing": f"doi:{row['citing']}",
                    "cited": f"doi:{row['cited']}",
                }
                for row in rows
            ],
        )


def _load_coci_citations(store: Store, path: Path) -> None:
    """COCI v1 ``/citations`` answers, re-shaped to Index v2 rows by cited DOI."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for exchange in doc.get("http_interactions", []):
        uri = exchange["request"]["uri"]
        if "/citations/" not in uri:
            continue
        try:
            rows = json.loads(exchange["response"]["body"]["string"])
        except (KeyError, TypeError, ValueError):
            continue
        store.opencitations_citations[_doi_key(uri.split("/citations/", 1)[1])] = [
            {**row, "citing": f"doi:{row['citing']}", "cited": f"doi:{row['cited']}"}
            for row in rows
        ]
