"""VOSviewer map, network and JSON files.

Formats followed: the VOSviewer Online documentation, "VOSviewer map and network files"
and "VOSviewer JSON files" (neesjanvaneck/VOSviewer-Online-Docs, docs/file-types/).

- Map file: tab-separated, a header line, one item per line, columns ``id`` (integers
  1..n in node-table order), ``label``, ``description`` (HTML: title, year, DOI), ``url``
  (the DOI link), ``weight<Citations>``, ``weight<References>`` and, when every item
  has a year, ``score<Year>`` (VOSviewer's overlay colours). Labels and descriptions lose
  tabs and line breaks; double quotes become single quotes, and a value with a comma or
  semicolon is enclosed in double quotes, as the format asks.
- Network file: no header, one link per line, ``id1<TAB>id2<TAB>strength``.
- JSON: ``{"network": {"items": [...], "links": [...]}}`` with item ``id``, ``label``,
  ``description``, ``url``, ``weights`` and ``scores``, and link ``source_id``,
  ``target_id``, ``strength``.

Links are written a chunk at a time (no Python object per link); floats as in the CSV
tables (6 significant digits, see :mod:`refnet.formatting`).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa

from refnet.export.textcolumns import endpoint_numbers, join
from refnet.formatting import join_bytes, value_text
from refnet.tables import CHUNK_ROWS

_LINKS = "\x00links\x00"  # stands for the streamed links in the JSON skeleton


def generate_map(nodes: pd.DataFrame) -> str:
    """The VOSviewer map file of the nodes."""
    with_year = _has_all_years(nodes)
    header = ["id", "label", "description", "url", "weight<Citations>", "weight<References>"]
    header += ["score<Year>"] if with_year else []
    lines = ["\t".join(header)]
    for number, row in enumerate(_items(nodes), start=1):
        fields = [
            str(number),
            _field(row["label"]),
            _field(row["description"]),
            _field(row["url"]),
            str(row["citations"]),
            str(row["references"]),
        ]
        fields += [str(row["year"])] if with_year else []
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
    nodes: pd.DataFrame, edges: pd.DataFrame, strength: str = "weight", title: str = ""
) -> Iterator[bytes | pa.Buffer]:
    """The VOSviewer JSON file of a network (UTF-8, keys in a fixed order), in chunks."""
    items = []
    for number, row in enumerate(_items(nodes), start=1):
        item: dict[str, object] = {"id": number, "label": row["label"]}
        if row["description"]:
            item["description"] = row["description"]
        if row["url"]:
            item["url"] = row["url"]
        item["weights"] = {"Citations": row["citations"], "References": row["references"]}
        if row["year"] is not None:
            item["scores"] = {"Year": row["year"]}
        items.append(item)
    document: dict[str, object] = {"network": {"items": items, "links": _LINKS}}
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
    nodes: pd.DataFrame, edges: pd.DataFrame, strength: str = "weight", title: str = ""
) -> str:
    """The VOSviewer JSON file of a network (UTF-8, keys in a fixed order)."""
    return _decode(iter_json(nodes, edges, strength, title))


def write_vosviewer(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    map_path: str | Path,
    network_path: str | Path,
    json_path: str | Path | None = None,
    strength: str = "weight",
) -> None:
    """Write the map and network files (and the JSON file when a path is given)."""
    outputs = {
        map_path: iter([generate_map(nodes).encode("utf-8")]),
        network_path: iter_network(nodes, edges, strength),
    }
    if json_path is not None:
        outputs[json_path] = iter_json(nodes, edges, strength)
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
            }
        )
    return items


def _has_all_years(nodes: pd.DataFrame) -> bool:
    return "year" in nodes.columns and len(nodes) > 0 and bool(nodes["year"].notna().all())


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
