"""GEXF (Gephi) and GraphML files, written as a stream of text.

One writer for every size: nodes and edges are turned into XML line by line, so a graph
with millions of edges never becomes a networkx object. The files hold nothing that
changes between runs (no dates), nodes and edges come in table order (the graph tables
are sorted), numbers use the tables' "%.6g".

Node attributes are the node table's columns besides ``id`` (``label`` becomes the GEXF
node label); edge attributes are the edge table's columns besides ``source``/``target``
(``weight`` becomes the GEXF edge weight). A missing value (empty year, NaN) is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pandas as pd

from refnet.errors import InputError
from refnet.tables import FLOAT_FORMAT

GEXF_NAMESPACE = "http://www.gexf.net/1.2draft"
GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CHUNK_ROWS = 10_000

# characters XML 1.0 forbids (control characters other than tab, newline, return)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def iter_gexf(
    nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False, description: str = ""
) -> Iterator[str]:
    """The GEXF 1.2 text of a graph, in chunks."""
    _check_endpoints(nodes, edges)
    node_attrs = [c for c in nodes.columns if c not in ("id", "label")]
    edge_attrs = [c for c in edges.columns if c not in ("source", "target", "weight")]
    kind = "directed" if directed else "undirected"
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<gexf xmlns="{GEXF_NAMESPACE}" xmlns:xsi="{XSI}" '
        f'xsi:schemaLocation="{GEXF_NAMESPACE} {GEXF_NAMESPACE}/gexf.xsd" version="1.2">\n'
        f"  <meta>\n    <creator>refnet</creator>\n"
        f"    <description>{_text(description)}</description>\n  </meta>\n"
        f'  <graph defaultedgetype="{kind}" mode="static">\n'
    )
    for cls, frame, names in (("node", nodes, node_attrs), ("edge", edges, edge_attrs)):
        yield f'    <attributes class="{cls}" mode="static">\n'
        for index, name in enumerate(names):
            kind_name = _xml_type(frame[name])
            yield f'      <attribute id="{index}" title={_attr(name)} type="{kind_name}" />\n'
        yield "    </attributes>\n"
    yield "    <nodes>\n"
    labels = nodes["label"] if "label" in nodes.columns else nodes["id"]
    yield from _rows(
        nodes,
        node_attrs,
        lambda row, values: (
            f"      <node id={_attr(row[0])} label={_attr(row[1] or row[0])}>\n"
            + _gexf_values(values)
            + "      </node>\n"
        ),
        [nodes["id"], labels],
    )
    yield "    </nodes>\n    <edges>\n"
    weights = edges["weight"] if "weight" in edges.columns else pd.Series(1, index=edges.index)
    positions = pd.Series(range(len(edges)), index=edges.index)
    yield from _rows(
        edges,
        edge_attrs,
        lambda row, values: (
            f'      <edge id="{row[0]}" source={_attr(row[1])} target={_attr(row[2])} '
            f'weight="{_number(row[3])}">\n' + _gexf_values(values) + "      </edge>\n"
        ),
        [positions, edges["source"], edges["target"], weights],
    )
    yield "    </edges>\n  </graph>\n</gexf>\n"


def iter_graphml(nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False) -> Iterator[str]:
    """The GraphML text of a graph, in chunks."""
    _check_endpoints(nodes, edges)
    node_attrs = [c for c in nodes.columns if c != "id"]
    edge_attrs = [c for c in edges.columns if c not in ("source", "target")]
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<graphml xmlns="{GRAPHML_NAMESPACE}" xmlns:xsi="{XSI}" '
        f'xsi:schemaLocation="{GRAPHML_NAMESPACE} {GRAPHML_NAMESPACE}/1.0/graphml.xsd">\n'
    )
    for prefix, cls, frame, names in (
        ("n", "node", nodes, node_attrs),
        ("e", "edge", edges, edge_attrs),
    ):
        for index, name in enumerate(names):
            yield (
                f'  <key id="{prefix}{index}" for="{cls}" attr.name={_attr(name)} '
                f'attr.type="{_xml_type(frame[name])}" />\n'
            )
    kind = "directed" if directed else "undirected"
    yield f'  <graph id="G" edgedefault="{kind}">\n'
    yield from _rows(
        nodes,
        node_attrs,
        lambda row, values: (
            f"    <node id={_attr(row[0])}>\n" + _graphml_values("n", values) + "    </node>\n"
        ),
        [nodes["id"]],
    )
    yield from _rows(
        edges,
        edge_attrs,
        lambda row, values: (
            f"    <edge source={_attr(row[0])} target={_attr(row[1])}>\n"
            + _graphml_values("e", values)
            + "    </edge>\n"
        ),
        [edges["source"], edges["target"]],
    )
    yield "  </graph>\n</graphml>\n"


def generate_gexf(
    nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False, description: str = ""
) -> str:
    """The GEXF text of a graph."""
    return "".join(iter_gexf(nodes, edges, directed, description))


def generate_graphml(nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False) -> str:
    """The GraphML text of a graph."""
    return "".join(iter_graphml(nodes, edges, directed))


def write_gexf(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    path: str | Path,
    directed: bool = False,
    description: str = "",
) -> None:
    """Write a GEXF file, streaming."""
    _write_chunks(iter_gexf(nodes, edges, directed, description), path)


def write_graphml(
    nodes: pd.DataFrame, edges: pd.DataFrame, path: str | Path, directed: bool = False
) -> None:
    """Write a GraphML file, streaming."""
    _write_chunks(iter_graphml(nodes, edges, directed), path)


def _write_chunks(chunks: Iterable[str], path: str | Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for chunk in chunks:
            fh.write(chunk)


def _check_endpoints(nodes: pd.DataFrame, edges: pd.DataFrame) -> None:
    known = pd.Index(nodes["id"].astype(str))
    for end in ("source", "target"):
        missing = ~edges[end].astype(str).isin(known)
        if missing.any():
            raise InputError(
                f"edge {end} is not in the node table", value=str(edges[end][missing].iloc[0])
            )


def _rows(
    frame: pd.DataFrame,
    attrs: list[str],
    render: Callable[[list[object], list[tuple[int, str]]], str],
    fixed: list[pd.Series],
) -> Iterator[str]:
    """Render ``frame`` in chunks: ``render(fixed values, [(index, text) of attributes])``."""
    formatted = [[_value(v) for v in frame[name]] for name in attrs]
    fixed_values = [list(column) for column in fixed]
    lines: list[str] = []
    for r in range(len(frame)):
        values = [(k, column[r]) for k, column in enumerate(formatted) if column[r] is not None]
        lines.append(render([column[r] for column in fixed_values], values))
        if len(lines) >= CHUNK_ROWS:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def _gexf_values(values: list[tuple[int, str]]) -> str:
    if not values:
        return ""
    inner = "".join(f'          <attvalue for="{k}" value={_attr(v)} />\n' for k, v in values)
    return f"        <attvalues>\n{inner}        </attvalues>\n"


def _graphml_values(prefix: str, values: list[tuple[int, str]]) -> str:
    return "".join(f'      <data key="{prefix}{k}">{_text(v)}</data>\n' for k, v in values)


def _xml_type(column: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(column):
        return "boolean"
    if pd.api.types.is_integer_dtype(column):
        return "long"
    if pd.api.types.is_float_dtype(column):
        return "double"
    return "string"


def _value(value: object) -> str | None:
    """The text of an attribute value, None when missing."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return None if value != value else FLOAT_FORMAT % value
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "b":
        return "true" if value else "false"
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "f":
        return None if value != value else FLOAT_FORMAT % value
    return str(value)


def _number(value: object) -> str:
    text = _value(value)
    return "1" if text is None else text


def _clean(text: object) -> str:
    return _NOT_XML.sub("", str(text))


def _text(text: object) -> str:
    return escape(_clean(text))


def _attr(text: object) -> str:
    return quoteattr(_clean(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
