"""VOSviewer map, network and JSON files.

Formats followed: the VOSviewer Online documentation, "VOSviewer map and network files"
and "VOSviewer JSON files" (neesjanvaneck/VOSviewer-Online-Docs, docs/file-types/).

- Map file: tab-separated, a header line, one item per line, columns ``id`` (integers
  1..n in node-table order), ``label``, ``description`` (HTML: title, year, DOI), ``url``
  (the DOI link), with the fronts ``x``, ``y`` and ``cluster``, then
  ``weight<Citations>``, ``weight<References>`` and, when any item has a year,
  ``score<Year>`` (VOSviewer's overlay colours). An item without a year, or unclustered
  (cluster 0), has an empty cell there: VOSviewer takes clusters 1..1000 only, and its
  map-file checks (VOSviewer Online, src/utils/errors.js) accept an empty score or cluster
  but not an empty x, y or weight. Labels and descriptions lose tabs and line breaks;
  double quotes become single quotes, and a value with a comma or semicolon is enclosed
  in double quotes, as the format asks.
- Network file: no header, one link per line, ``id1<TAB>id2<TAB>strength``.
- JSON: ``{"network": {"items": [...], "links": [...], "clusters": [...]}}`` with item
  ``id``, ``label``, ``description``, ``url``, ``x``, ``y``, ``cluster`` (left out for 0),
  ``weights`` and ``scores`` (left out without a year), link ``source_id``,
  ``target_id``, ``strength``, and cluster ``cluster`` and ``label`` for each cluster of
  the items.

Links are written a chunk at a time (no Python object per link); floats as in the CSV
tables (6 significant digits, see :mod:`refnet.formatting`).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa

from refnet.export.textcolumns import endpoint_numbers, join
from refnet.formatting import format_value, join_bytes, value_text
from refnet.tables import CHUNK_ROWS

_LINKS = "\x00links\x00"  # stands for the streamed links in the JSON skeleton


def generate_map(nodes: pd.DataFrame) -> str:
    """The VOSviewer map file of the nodes."""
    with_year = _has_any_year(nodes)
    with_xy = _has_positions(nodes)
    header = ["id", "label", "description", "url"]
    header += ["x", "y"] if with_xy else []
    header += ["cluster"] if "cluster" in nodes.columns else []
    header += ["weight<Citations>", "weight<References>"]
    header += ["score<Year>"] if with_year else []
    lines = ["\t".join(header)]
    for number, row in enumerate(_items(nodes), start=1):
        fields = [str(number), _field(row["label"]), _field(row["description"])]
        fields.append(_field(row["url"]))
        fields += [format_value(row["x"]), format_value(row["y"])] if with_xy else []
        if "cluster" in nodes.columns:
            fields.append(str(row["cluster"]) if row["cluster"] else "")
        fields += [str(row["citations"]), str(row["references"])]
        if with_year:
            fields.append("" if row["year"] is None else str(row["year"]))
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


def iter_network(
    nodes: pd.DataFrame, edges: pd.DataFrame, strength: str = "weight"
) -> Iterator[pa.Buffer]:
    """The VOSviewer network file (UTF-8), in chunks."""
    for source, target, value in _links(nodes, edges, strength):
        yield join_bytes(join(source, "\t", target, "\t", value, "\n"))


def generate_network(nodes: pd.DataFrame, edges: pd.DataFrame, strength: str = "weight") -> str:
    """The VOSviewer network file: ``id1 id2 strength`` per link, tab-separated."""
    return _decode(iter_network(nodes, edges, strength))


def iter_json(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    strength: str = "weight",
    title: str = "",
    cluster_labels: Mapping[int, str] | None = None,
) -> Iterator[bytes | pa.Buffer]:
    """The VOSviewer JSON file of a network (UTF-8, keys in a fixed order), in chunks.

    ``cluster_labels`` (cluster number → label) names the clusters of the items."""
    items = []
    with_xy = _has_positions(nodes)
    for number, row in enumerate(_items(nodes), start=1):
        item: dict[str, object] = {"id": number, "label": row["label"]}
        if row["description"]:
            item["description"] = row["description"]
        if row["url"]:
            item["url"] = row["url"]
        if with_xy:
            item["x"], item["y"] = row["x"], row["y"]
        if row.get("cluster"):
            item["cluster"] = row["cluster"]
        item["weights"] = {"Citations": row["citations"], "References": row["references"]}
        if row["year"] is not None:
            item["scores"] = {"Year": row["year"]}
        items.append(item)
    network: dict[str, object] = {"items": items, "links": _LINKS}
    present = sorted({int(item["cluster"]) for item in items if "cluster" in item})
    if present:
        labels = dict(cluster_labels or {})
        network["clusters"] = [
            {"cluster": c, "label": labels.get(c) or f"cluster {c}"} for c in present
        ]
    document: dict[str, object] = {"network": network}
    if title:
        document["info"] = {"title": title}
    before, after = json.dumps(document, ensure_ascii=False, indent=1).split(json.dumps(_LINKS))
    yield before.encode("utf-8")
    first = True
    for source, target, value in _links(nodes, edges, strength):
        yield b"[\n" if first else b",\n"
        first = False
        blocks = join(
            '   {\n    "source_id": ', source, ',\n    "target_id": ', target,
            ',\n    "strength": ', value, "\n   },\n",
        )  # fmt: skip
        text = join_bytes(blocks)
        yield text[: len(text) - 2]  # the last link of a chunk gets its comma later
    yield (b"[]" if first else b"\n  ]") + (after + "\n").encode("utf-8")


def generate_json(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    strength: str = "weight",
    title: str = "",
    cluster_labels: Mapping[int, str] | None = None,
) -> str:
    """The VOSviewer JSON file of a network (UTF-8, keys in a fixed order)."""
    return _decode(iter_json(nodes, edges, strength, title, cluster_labels))


def write_vosviewer(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    map_path: str | Path,
    network_path: str | Path,
    json_path: str | Path | None = None,
    strength: str = "weight",
    cluster_labels: Mapping[int, str] | None = None,
) -> None:
    """Write the map and network files (and the JSON file when a path is given)."""
    outputs = {
        map_path: iter([generate_map(nodes).encode("utf-8")]),
        network_path: iter_network(nodes, edges, strength),
    }
    if json_path is not None:
        outputs[json_path] = iter_json(nodes, edges, strength, cluster_labels=cluster_labels)
    for path, chunks in outputs.items():
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with Path(path).open("wb") as fh:
            for chunk in chunks:
                fh.write(chunk)


def _items(nodes: pd.DataFrame) -> list[dict[str, object]]:
    items = []
    for row in nodes.to_dict("records"):
        year = row.get("year")
        year = None if year is None or pd.isna(year) else int(year)
        doi = str(row.get("doi", "") or "")
        parts = [f"<b>{html.escape(str(row.get('title', '') or ''))}</b>"]
        parts += [str(year)] if year is not None else []
        parts += [f"doi:{html.escape(doi)}"] if doi else []
        items.append(
            {
                "label": _plain(row.get("label") or row["id"]),
                "description": _plain("<br>".join(p for p in parts if p != "<b></b>")),
                "url": f"https://doi.org/{doi}" if doi else "",
                "citations": int(row.get("citations", 0) or 0),
                "references": int(row.get("references", 0) or 0),
                "year": year,
                "x": _number(row.get("x")),
                "y": _number(row.get("y")),
                "cluster": int(row.get("cluster", 0) or 0),
            }
        )
    return items


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _has_any_year(nodes: pd.DataFrame) -> bool:
    return "year" in nodes.columns and bool(nodes["year"].notna().any())


def _has_positions(nodes: pd.DataFrame) -> bool:
    """Whether every node has x and y (VOSviewer takes no empty coordinate)."""
    if not {"x", "y"} <= set(nodes.columns) or not len(nodes):
        return False
    return not nodes[["x", "y"]].isna().to_numpy().any()


def _links(
    nodes: pd.DataFrame, edges: pd.DataFrame, strength: str
) -> Iterator[tuple[pa.Array, pa.Array, pa.Array]]:
    """Item numbers of each link's ends and its strength as text, a chunk at a time."""
    for start in range(0, len(edges), CHUNK_ROWS):
        rows = edges.iloc[start : start + CHUNK_ROWS]
        source, target = endpoint_numbers(nodes, rows)
        yield source, target, value_text(pa.array(rows[strength], from_pandas=True))


def _decode(chunks: Iterator[bytes | pa.Buffer]) -> str:
    return b"".join(bytes(chunk) for chunk in chunks).decode("utf-8")


def _plain(text: object) -> str:
    return " ".join(str(text).split()).replace('"', "'")


def _field(text: object) -> str:
    text = str(text)
    return f'"{text}"' if ("," in text or ";" in text) else text
