"""Synthetic reviews for tests and benchmarks: papers citing works of power-law popularity.

Work ``k`` (rank 1 = most cited) is drawn with probability proportional to
``k ** -exponent``; every cited work has a DOI, so identity is DOI-first. The review
can be written as a folder (``refs/review.yaml`` + a Web of Science plain-text export)
that the whole workflow runs on.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from refnet import model

PREFIX = "10.5555/synth"
SOURCE = "synthetic"
_SURNAMES = np.array(
    ["Waltz", "Pape", "Paul", "Walt", "Brooks", "Wohlforth", "Kelley", "He", "Ferguson", "Lieber"],
    dtype=object,
)
_JOURNALS = np.array(
    ["INT SECUR", "SECUR STUD", "INT ORGAN", "WORLD POLIT", "EUR J INT RELAT", "REV INT STUD"],
    dtype=object,
)


def _strings(values: object) -> pd.Series:
    """A pandas ``str`` column over an Arrow string array (no per-row Python work)."""
    array = values if isinstance(values, pa.Array | pa.ChunkedArray) else pa.array(values)
    array = pc.cast(array, pa.string())
    return pd.Series(pd.array(array, dtype=pd.StringDtype("pyarrow", na_value=np.nan)))


def _join(*parts: object) -> pa.Array:
    """Element-wise concatenation of Arrow string arrays and literal strings."""
    arrays = [p if isinstance(p, pa.Array | pa.ChunkedArray) else pa.scalar(p) for p in parts]
    return pc.binary_join_element_wise(*arrays, "")


def _work_fields(works: np.ndarray) -> dict[str, pa.Array]:
    """Deterministic metadata of works by rank (0-based)."""
    text = pc.cast(pa.array(works), pa.string())
    surname = pa.array(_SURNAMES[works % len(_SURNAMES)].tolist())
    fields = {
        "first_author": _join(surname, text),
        "year": pa.array(1950 + works % 70),
        "venue": pa.array(_JOURNALS[works % len(_JOURNALS)].tolist()),
        "volume": pc.cast(pa.array(1 + works % 60), pa.string()),
        "pages": pc.cast(pa.array(1 + (works * 7) % 900), pa.string()),
        "doi": _join(f"{PREFIX}.w", text),
    }
    fields["raw"] = _join(
        fields["first_author"],
        " A, ",
        pc.cast(fields["year"], pa.string()),
        ", ",
        fields["venue"],
        ", V",
        fields["volume"],
        ", P",
        fields["pages"],
        ", DOI ",
        fields["doi"],
    )
    return fields


def synthetic_review(
    n_papers: int,
    refs_per_paper: int = 40,
    exponent: float = 0.5,
    n_works: int | None = None,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Review papers (PAPER_COLUMNS) and their references (REFERENCE_COLUMNS).

    Each paper cites ``refs_per_paper`` distinct works among ``n_works`` (default
    ``n_papers * refs_per_paper // 4``) drawn with power-law popularity. A rank exponent
    of 0.5 gives citation counts with a density tail ~ c**-3 (Lotka/Price-like) and a most
    cited work cited by a few percent of the papers.
    """
    if n_papers < 1 or refs_per_paper < 1:
        raise ValueError("n_papers and refs_per_paper must be positive")
    n_works = n_works or max(refs_per_paper * 2, n_papers * refs_per_paper // 4)
    if n_works < refs_per_paper:
        raise ValueError("n_works must be at least refs_per_paper")
    rng = np.random.default_rng(seed)
    weights = np.arange(1, n_works + 1, dtype=np.float64) ** -float(exponent)
    cdf = np.cumsum(weights)
    cdf /= cdf[-1]
    per_paper = refs_per_paper
    citing = np.empty(0, dtype=np.int64)
    cited = np.empty(0, dtype=np.int64)
    missing = np.arange(n_papers, dtype=np.int64)
    need = np.full(n_papers, refs_per_paper, dtype=np.int64)
    while len(missing):  # draw, drop repeats within a paper, top up the papers short of refs
        draws = int(per_paper * 1.3) + 2
        rows = np.repeat(missing, draws)
        cols = np.searchsorted(cdf, rng.random(len(rows)), side="right").astype(np.int64)
        cols = np.minimum(cols, n_works - 1)
        rows, cols = np.concatenate([citing, rows]), np.concatenate([cited, cols])
        first = np.sort(np.unique(rows * n_works + cols, return_index=True)[1])
        rows, cols = rows[first], cols[first]
        group = np.argsort(rows, kind="stable")  # grouped by paper, draw order kept
        rows, cols = rows[group], cols[group]
        starts = np.r_[0, np.flatnonzero(np.diff(rows)) + 1]
        rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
        keep = rank < refs_per_paper
        citing, cited = rows[keep], cols[keep]
        counts = np.bincount(citing, minlength=n_papers)
        missing = np.flatnonzero(counts < need)
        per_paper = int(max(need[missing] - counts[missing], default=0)) * 4 + 8
    order = np.argsort(citing * n_works + cited)
    citing, cited = citing[order], cited[order]
    return _papers(n_papers), _references(citing, cited)


def _papers(n_papers: int) -> pd.DataFrame:
    n = np.arange(n_papers)
    ids = pc.cast(pa.array(n), pa.string())
    doi = _join(f"{PREFIX}.p", ids)
    columns = {
        "paper_id": _strings(_join("doi:", doi)),
        "doi": _strings(doi),
        "title": _strings(_join("Synthetic review paper ", ids)),
        "authors": _strings(_join(pa.array(_SURNAMES[n % len(_SURNAMES)].tolist()), ", A.")),
        "year": pd.array(2000 + n % 25, dtype="Int64"),
        "venue": _strings(_JOURNALS[n % len(_JOURNALS)].tolist()),
        "kind": _strings(pa.array(["article"] * n_papers)),
        "origin": _strings(_join("synthetic:", ids)),
    }
    return _table(columns, n_papers, model.PAPER_COLUMNS)


def _references(citing: np.ndarray, cited: np.ndarray) -> pd.DataFrame:
    n = len(citing)
    starts = np.r_[0, np.flatnonzero(np.diff(citing)) + 1]
    position = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
    works = np.arange(int(cited.max()) + 1 if n else 0)
    fields = {k: v.take(pa.array(cited)) for k, v in _work_fields(works).items()}
    papers = np.arange(int(citing.max()) + 1 if n else 0)
    paper_ids = _join(f"doi:{PREFIX}.p", pc.cast(pa.array(papers), pa.string()))
    citing_ids = paper_ids.take(pa.array(citing))
    columns = {
        "citing_id": _strings(citing_ids),
        "position": position.astype(np.int64),
        "source": _strings(pa.nulls(n, pa.string()).fill_null(SOURCE)),
        "origin": _strings(_join(citing_ids, "#", pc.cast(pa.array(position), pa.string()))),
        "raw": _strings(fields["raw"]),
        "authors": _strings(_join(fields["first_author"], ", A")),
        "first_author": _strings(fields["first_author"]),
        "year": pd.array(fields["year"].to_numpy(), dtype="Int64"),
        "venue": _strings(fields["venue"]),
        "volume": _strings(fields["volume"]),
        "pages": _strings(fields["pages"]),
        "doi": _strings(fields["doi"]),
        "kind": _strings(pa.nulls(n, pa.string()).fill_null("article")),
    }
    return _table(columns, n, model.REFERENCE_COLUMNS)


def _table(columns: dict[str, object], n: int, schema: dict[str, str]) -> pd.DataFrame:
    """A table in ``schema`` order and dtypes, filling absent columns without per-row work."""
    data: dict[str, object] = {}
    empty = None
    for name, dtype in schema.items():
        if name in columns:
            data[name] = columns[name]
        elif dtype == "str":
            empty = empty if empty is not None else _strings(pa.nulls(n, pa.string()).fill_null(""))
            data[name] = empty.copy()
        elif dtype == "Int64":
            data[name] = pd.array([None] * n, dtype="Int64")
        elif dtype == "int64":
            data[name] = np.zeros(n, dtype=np.int64)
        elif dtype == "bool":
            data[name] = np.zeros(n, dtype=bool)
        else:
            data[name] = np.full(n, np.nan)
    return pd.DataFrame(data)


# ----------------------------------------------------------------------------- writers


def wos_text(papers: pd.DataFrame, references: pd.DataFrame) -> str:
    """A Web of Science plain-text export of the review (``CR`` = the raw references)."""
    refs_by_paper = references.groupby("citing_id", sort=False)["raw"].agg(list).to_dict()
    out = ["FN Thomson Reuters Web of Science\u2122", "VR 1.0"]
    for i, row in enumerate(papers.itertuples(index=False)):
        surname = row.authors.split(",", 1)[0]
        out += [
            "PT J",
            f"AU {surname}, A",
            f"TI {row.title}",
            f"SO {row.venue}",
            f"J9 {row.venue}",
            f"PY {row.year}",
            f"DI {row.doi}",
        ]
        refs = refs_by_paper.get(row.paper_id, [])
        if refs:
            out.append(f"CR {refs[0]}")
            out += [f"   {r}" for r in refs[1:]]
        out += [f"NR {len(refs)}", f"UT WOS:{i:015d}", "ER", ""]
    out.append("EF")
    return "\n".join(out) + "\n"


def review_yaml(name: str, export: str) -> str:
    """The ``refs/review.yaml`` of an offline review made of one export file."""
    return (
        f"name: {name}\n"
        "description: synthetic review (refnet.synthetic)\n"
        "inputs:\n"
        f"  exports: [refs/{export}]\n"
        "sources:\n"
        "  offline: true\n"
    )


def write_review_folder(
    folder: str | Path, papers: pd.DataFrame, references: pd.DataFrame, name: str = "synthetic"
) -> Path:
    """Write ``folder/refs/review.yaml`` and ``folder/refs/export.txt``; return the yaml path."""
    refs = Path(folder) / "refs"
    refs.mkdir(parents=True, exist_ok=True)
    (refs / "export.txt").write_text(wos_text(papers, references), encoding="utf-8")
    path = refs / "review.yaml"
    path.write_text(review_yaml(name, "export.txt"), encoding="utf-8")
    return path
