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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from refnet import tables
from refnet.errors import InputError
from refnet.export.bibtex import format_bibtex
from refnet.export.csl import format_csl
from refnet.export.ris import format_ris

#: Which set each graph's nodes are: review papers or cited works.
GRAPH_SETS: dict[str, str] = {"coupling": "papers", "citation": "papers", "cocitation": "works"}

#: The manifest's columns.
MANIFEST_COLUMNS = ("graph", "cluster", "slug", "label", "entries", "file")

#: Extensions written per front, and the writer of each.
FORMATS = {"bib": format_bibtex, "ris": format_ris, "json": format_csl}


@dataclass(frozen=True)
class Front:
    """One cluster of one graph and its entries (prepared, sorted by key)."""

    graph: str
    cluster: int
    slug: str
    label: str
    entries: pd.DataFrame

    @property
    def stem(self) -> str:
        return f"{self.graph}-{self.cluster}-{self.slug}"


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
    fronts = []
    for cluster in np.unique(cluster_of):
        subset = entries[cluster_of == cluster].reset_index(drop=True)
        slug, label = names.get(int(cluster), ("", ""))
        fronts.append(Front(graph, int(cluster), _slug(slug, int(cluster)), label, subset))
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


def front_files(front: Front) -> Iterator[tuple[str, str]]:
    """(file name, text) of each format of one front."""
    for ext, format_ in FORMATS.items():
        yield f"{front.stem}.{ext}", format_(front.entries)


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
    rows = []
    for graph in sorted(members):
        table, clusters, origin = members[graph]
        for front in split_fronts(graph, entries[GRAPH_SETS[graph]], table, clusters, origin):
            for name, text in front_files(front):
                (folder / name).write_text(text, encoding="utf-8", newline="\n")
            rows.append((graph, front.cluster, front.slug, front.label, len(front.entries),
                         front.stem))  # fmt: skip
    listing = pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS))
    tables.write_csv(listing.astype({"cluster": "int64", "entries": "int64"}), manifest)
    return listing
