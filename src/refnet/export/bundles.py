"""The bibliography stages: BibTeX, RIS and CSL-JSON of the whole sets and of each front."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from refnet import model, tables
from refnet.export.bibtex import format_bibtex
from refnet.export.csl import format_csl
from refnet.export.entries import prepare_entries
from refnet.export.fronts import write_fronts
from refnet.export.ris import format_ris

log = logging.getLogger("refnet")

_WRITERS = {"bib": format_bibtex, "ris": format_ris, "json": format_csl}


def read_entries(papers_path: str | Path, works_path: str | Path) -> dict[str, pd.DataFrame]:
    """Prepared entries of the review papers ("papers") and of the cited works ("works")."""
    return {
        "papers": prepare_entries(tables.read_parquet(papers_path, model.PAPER_COLUMNS)),
        "works": prepare_entries(tables.read_parquet(works_path, model.WORK_COLUMNS)),
    }


def write_bundle(entries: pd.DataFrame, paths: Mapping[str, str | Path]) -> None:
    """Write ``entries`` in each format named by ``paths`` (extension → path)."""
    for ext, path in paths.items():
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_WRITERS[ext](entries), encoding="utf-8", newline="\n")


def run_bibliographies(
    papers_path: str, works_path: str, review: Mapping[str, str], cited: Mapping[str, str]
) -> None:
    """review.{bib,ris,json} and cited.{bib,ris,json}: ``review``/``cited`` map ext → path."""
    entries = read_entries(papers_path, works_path)
    write_bundle(entries["papers"], review)
    write_bundle(entries["works"], cited)
    log.info("%d review papers, %d cited works", len(entries["papers"]), len(entries["works"]))


def run_front_bibliographies(
    papers_path: str,
    works_path: str,
    members: Mapping[str, str],
    clusters: Mapping[str, str],
    folder: str,
    manifest: str,
) -> None:
    """One bibliography per cluster of each graph (``members``/``clusters``: graph → path)."""
    entries = read_entries(papers_path, works_path)
    graphs = {
        graph: (
            tables.read_parquet(path),
            tables.read_parquet(clusters[graph]) if graph in clusters else None,
            str(path),
        )
        for graph, path in members.items()
    }
    listing = write_fronts(entries, graphs, folder, manifest)
    for graph, rows in listing.groupby("graph", sort=True):
        log.info("%s: %d fronts, %d entries", graph, len(rows), int(rows["entries"].sum()))
