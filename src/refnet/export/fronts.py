"""Bibliographies per research front: the entries of each cluster of a graph.

A coupling or direct-citation cluster holds review papers, a co-citation cluster cited
works. Entries are prepared once for the whole set (:func:`prepare_entries`), so a
front's file has the same keys as ``review.bib`` / ``cited.bib``; an entry that is not a
node of the graph goes with the graph's unclustered group (cluster 0). So the files of
one graph hold every entry of the set once: their union is the whole set, and no entry
is in two clusters.

Files: ``<graph>-<cluster>-<slug>.{bib,ris,json}``; the manifest lists them (graph,
cluster, slug, label, entries, file), sorted by graph and cluster.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from refnet import tables
from refnet.errors import InputError
from refnet.export.bibtex import bibtex_records, bibtex_text
from refnet.export.csl import csl_lines, csl_text
from refnet.export.ris import ris_records, ris_text

#: Which set each graph's nodes are: review papers or cited works.
GRAPH_SETS: dict[str, str] = {"coupling": "papers", "citation": "papers", "cocitation": "works"}

#: The manifest's columns.
MANIFEST_COLUMNS = ("graph", "cluster", "slug", "label", "entries", "file")

#: Extensions written per front: how each formats entries (one record an entry) and
#: joins records into a file.
FORMATS: dict[str, tuple[Callable[[pd.DataFrame], list[str]], Callable[..., str]]] = {
    "bib": (bibtex_records, bibtex_text),
    "ris": (ris_records, ris_text),
    "json": (csl_lines, csl_text),
}


@dataclass(frozen=True)
class Front:
    """One cluster of one graph: its rows among the set's prepared entries (sorted by key)."""

    graph: str
    cluster: int
    slug: str
    label: str
    whole: pd.DataFrame
    rows: np.ndarray

    @property
    def stem(self) -> str:
        return f"{self.graph}-{self.cluster}-{self.slug}"

    @property
    def entries(self) -> pd.DataFrame:
        """The front's entries, in the set's order."""
        return self.whole.iloc[self.rows].reset_index(drop=True)


def split_fronts(
    graph: str,
    entries: pd.DataFrame,
    members: pd.DataFrame,
    clusters: pd.DataFrame | None = None,
    origin: str = "",
) -> list[Front]:
    """The fronts of one graph: ``members`` (id, cluster) over prepared ``entries``.

    ``clusters`` (cluster, slug, label) names them; a missing slug becomes
    ``cluster-<n>`` (``unclustered`` for 0). A member id twice, or not among the
    entries, is an :class:`InputError` naming it and ``origin``.
    """
    ids = members["id"].astype(str).to_numpy()
    twice = pd.Series(ids)[pd.Series(ids).duplicated()]
    if len(twice):
        raise InputError("node listed twice in the cluster members", value=twice.iloc[0],
                         origin=origin)  # fmt: skip
    known = pd.Index(entries["id"])
    unknown = ~pd.Index(ids).isin(known)
    if unknown.any():
        raise InputError(
            f"{int(unknown.sum())} cluster member(s) not among the entries of {graph}",
            value=ids[np.flatnonzero(unknown)[0]],
            origin=origin,
        )
    by_id = pd.Series(pd.to_numeric(members["cluster"]).to_numpy(dtype="int64"), index=ids)
    cluster_of = by_id.reindex(entries["id"]).fillna(0).to_numpy(dtype="int64")
    if (cluster_of < 0).any():
        raise InputError("negative cluster number", value=int(cluster_of.min()), origin=origin)
    names = _names(clusters)
    order = np.argsort(cluster_of, kind="stable")  # each cluster's rows in the set's order
    numbers, starts = np.unique(cluster_of[order], return_index=True)
    fronts = []
    for cluster, rows in zip(numbers, np.split(order, starts[1:]), strict=True):
        slug, label = names.get(int(cluster), ("", ""))
        fronts.append(Front(graph, int(cluster), _slug(slug, int(cluster)), label, entries, rows))
    return fronts


def _names(clusters: pd.DataFrame | None) -> dict[int, tuple[str, str]]:
    if clusters is None or not len(clusters):
        return {}
    slugs = clusters["slug"] if "slug" in clusters else pd.Series([""] * len(clusters))
    labels = clusters["label"] if "label" in clusters else pd.Series([""] * len(clusters))
    return {
        int(c): (str(s), str(lab))
        for c, s, lab in zip(clusters["cluster"], slugs.fillna(""), labels.fillna(""),
                             strict=True)
    }  # fmt: skip


def _slug(text: str, cluster: int) -> str:
    """File-name-safe ASCII: [a-z0-9-], at most 40 characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")
    return slug or ("unclustered" if cluster == 0 else f"cluster-{cluster}")


def front_files(fronts: Sequence[Front]) -> Iterator[tuple[str, str]]:
    """(file name, text) of each format of each front; ``fronts`` share one set of entries,
    each entry formatted once per format however many graphs' fronts hold it."""
    for ext, (records_of, text_of) in FORMATS.items():
        whole: dict[int, np.ndarray] = {}
        for front in fronts:
            key = id(front.whole)
            if key not in whole:
                whole[key] = np.array(records_of(front.whole), dtype=object)
            yield f"{front.stem}.{ext}", text_of(whole[key][front.rows].tolist())


def write_fronts(
    entries: Mapping[str, pd.DataFrame],
    members: Mapping[str, tuple[pd.DataFrame, pd.DataFrame | None, str]],
    folder: str | Path,
    manifest: str | Path,
) -> pd.DataFrame:
    """Write every front of every graph into ``folder`` and list them in ``manifest``.

    ``entries`` maps "papers"/"works" to prepared entries; ``members`` maps a graph to
    (members, clusters, origin of the members).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fronts = {
        graph: split_fronts(graph, entries[GRAPH_SETS[graph]], *members[graph])
        for graph in sorted(members)
    }
    for kind in sorted({GRAPH_SETS[graph] for graph in fronts}):
        of_set = [f for graph in fronts if GRAPH_SETS[graph] == kind for f in fronts[graph]]
        for name, text in front_files(of_set):
            (folder / name).write_text(text, encoding="utf-8", newline="\n")
    rows = [
        (graph, front.cluster, front.slug, front.label, len(front.rows), front.stem)
        for graph, of_graph in fronts.items()
        for front in of_graph
    ]
    listing = pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS))
    tables.write_csv(listing.astype({"cluster": "int64", "entries": "int64"}), manifest)
    return listing
