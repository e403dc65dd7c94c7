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
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from refnet.errors import InputError
from refnet.tables import FLOAT_FORMAT


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


def generate_network(nodes: pd.DataFrame, edges: pd.DataFrame, strength: str = "weight") -> str:
    """The VOSviewer network file: ``id1 id2 strength`` per link, tab-separated."""
    numbers = _numbers(nodes)
    lines = [
        f"{numbers[s]}\t{numbers[t]}\t{_format(v)}" for s, t, v in _links(numbers, edges, strength)
    ]
    return "".join(line + "\n" for line in lines)


def generate_json(
    nodes: pd.DataFrame, edges: pd.DataFrame, strength: str = "weight", title: str = ""
) -> str:
    """The VOSviewer JSON file of a network (UTF-8, keys in a fixed order)."""
    numbers = _numbers(nodes)
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
    links = [
        {"source_id": numbers[s], "target_id": numbers[t], "strength": _json_number(v)}
        for s, t, v in _links(numbers, edges, strength)
    ]
    document: dict[str, object] = {"network": {"items": items, "links": links}}
    if title:
        document["info"] = {"title": title}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


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
        map_path: generate_map(nodes),
        network_path: generate_network(nodes, edges, strength),
    }
    if json_path is not None:
        outputs[json_path] = generate_json(nodes, edges, strength)
    for path, text in outputs.items():
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(text, encoding="utf-8", newline="\n")


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


def _numbers(nodes: pd.DataFrame) -> dict[str, int]:
    return {str(node): number for number, node in enumerate(nodes["id"], start=1)}


def _links(numbers: dict[str, int], edges: pd.DataFrame, strength: str):
    for s, t, v in zip(edges["source"], edges["target"], edges[strength], strict=True):
        for end in (s, t):
            if str(end) not in numbers:
                raise InputError("link end is not in the node table", value=str(end))
        yield str(s), str(t), v


def _plain(text: object) -> str:
    return " ".join(str(text).split()).replace('"', "'")


def _field(text: object) -> str:
    text = str(text)
    return f'"{text}"' if ("," in text or ";" in text) else text


def _format(value: object) -> str:
    if isinstance(value, float):
        return FLOAT_FORMAT % value
    return str(value)


def _json_number(value: object) -> int | float:
    if isinstance(value, float):
        return float(FLOAT_FORMAT % value)
    return int(value)  # type: ignore[call-overload]
