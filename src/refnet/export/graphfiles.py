"""GEXF (Gephi) and GraphML files, written as a stream of text.

One writer for every size: nodes and edges are turned into XML a chunk of rows at a
time, column by column with Arrow string kernels, so a graph with millions of edges never
becomes a networkx object nor a Python string per edge. The files hold nothing that
changes between runs (no dates), nodes and edges come in table order (the graph tables
are sorted), floats are written as in the CSV tables (6 significant digits, see
:mod:`refnet.formatting`).

Node attributes are the node table's columns besides ``id`` (``label`` becomes the GEXF
node label); edge attributes are the edge table's columns besides ``source``/``target``
(``weight`` becomes the GEXF edge weight). A missing value (empty year, NaN, empty text)
is left out. Integer columns are typed ``integer`` (``int`` in GraphML) when their values
fit 32 bits, else ``long``.

GEXF is version 1.3 and valid against its XML Schema (gephi/gexf, specs 1.3, shipped in
../shared/schemas/gexf-1.3). With the fronts' ``x``, ``y`` and ``cluster`` columns each
node also gets ``<position>``, ``<color>`` (by cluster, :mod:`refnet.export.palette`) and
``<size>`` (by citations). That schema defines these three in the GEXF namespace itself
(its viz.xsd has no target namespace), and rejects them in the separate viz namespace that
the 1.3 primer's examples use, so they are written unprefixed. Gephi's importer matches
them by local name, so it reads either form; networkx's reader looks only in the viz
namespace, so it reads nodes, edges and attributes but not the layout. In GraphML ``x``,
``y`` and ``cluster`` are plain node data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from refnet.errors import InputError
from refnet.export.palette import cluster_colours, rgb
from refnet.export.textcolumns import (
    attribute_values,
    join,
    numbers,
    positions_in,
    wrap,
    xml_attribute,
    xml_text,
)
from refnet.formatting import TEXT, join_bytes, literal, value_text

GEXF_NAMESPACE = "http://gexf.net/1.3"
GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CHUNK_ROWS = 200_000

#: Node columns written as the GEXF position rather than as attributes.
VIZ_COLUMNS = ("x", "y")

#: Node sizes in GEXF: from SIZE_MIN (no citations) to SIZE_MIN + SIZE_RANGE (the most).
SIZE_MIN, SIZE_RANGE = 5.0, 25.0

#: Renders one chunk of a table: its row numbers (from 0) and rows → one text per row.
Render = Callable[[pa.Array, pd.DataFrame], pa.Array]


def iter_gexf(
    nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False, description: str = ""
) -> Iterator[bytes | pa.Buffer]:
    """The GEXF 1.3 text of a graph (UTF-8), in chunks."""
    _check_endpoints(nodes, edges)
    node_attrs = [c for c in nodes.columns if c not in ("id", "label", *VIZ_COLUMNS)]
    edge_attrs = [c for c in edges.columns if c not in ("source", "target", "weight")]
    kind = "directed" if directed else "undirected"
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<gexf xmlns="{GEXF_NAMESPACE}" xmlns:xsi="{XSI}" '
        f'xsi:schemaLocation="{GEXF_NAMESPACE} {GEXF_NAMESPACE}/gexf.xsd" version="1.3">\n'
        f"  <meta>\n    <creator>refnet</creator>\n"
        f"    <description>{_text(description)}</description>\n  </meta>\n"
        f'  <graph defaultedgetype="{kind}" mode="static">\n'
    ]
    for cls, frame, names in (("node", nodes, node_attrs), ("edge", edges, edge_attrs)):
        head.append(f'    <attributes class="{cls}" mode="static">\n')
        for index, name in enumerate(names):
            kind_name = _xml_type(frame[name])
            head.append(
                f'      <attribute id="{index}" title={_attr(name)} type="{kind_name}" />\n'
            )
        head.append("    </attributes>\n")
    head.append("    <nodes>\n")
    yield "".join(head).encode("utf-8")
    viz = node_viz(nodes)

    def node(_: pa.Array, rows: pd.DataFrame) -> pa.Array:
        ids = xml_attribute(_strings(rows["id"]))
        label = _strings(rows["label"]) if "label" in rows.columns else None
        label = ids if label is None else _or(xml_attribute(label), ids)
        return join(
            '      <node id="', ids, '" label="', label, '">\n',
            _gexf_values(rows, node_attrs), viz(rows), "      </node>\n",
        )  # fmt: skip

    yield from _chunks(nodes, node)
    yield b"    </nodes>\n    <edges>\n"

    def edge(positions: pa.Array, rows: pd.DataFrame) -> pa.Array:
        weight = attribute_values(rows["weight"]) if "weight" in rows.columns else None
        weight = pa.nulls(len(rows), TEXT) if weight is None else weight
        return join(
            '      <edge id="', positions, '" source="', xml_attribute(_strings(rows["source"])),
            '" target="', xml_attribute(_strings(rows["target"])), '" weight="',
            _or(weight, "1"), '">\n', _gexf_values(rows, edge_attrs), "      </edge>\n",
        )  # fmt: skip

    yield from _chunks(edges, edge)
    yield b"    </edges>\n  </graph>\n</gexf>\n"


def iter_graphml(
    nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False
) -> Iterator[bytes | pa.Buffer]:
    """The GraphML text of a graph (UTF-8), in chunks."""
    _check_endpoints(nodes, edges)
    node_attrs = [c for c in nodes.columns if c != "id"]
    edge_attrs = [c for c in edges.columns if c not in ("source", "target")]
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<graphml xmlns="{GRAPHML_NAMESPACE}" xmlns:xsi="{XSI}" '
        f'xsi:schemaLocation="{GRAPHML_NAMESPACE} {GRAPHML_NAMESPACE}/1.0/graphml.xsd">\n'
    ]
    for prefix, cls, frame, names in (
        ("n", "node", nodes, node_attrs),
        ("e", "edge", edges, edge_attrs),
    ):
        for index, name in enumerate(names):
            head.append(
                f'  <key id="{prefix}{index}" for="{cls}" attr.name={_attr(name)} '
                f'attr.type="{_xml_type(frame[name], graphml=True)}" />\n'
            )
    kind = "directed" if directed else "undirected"
    head.append(f'  <graph id="G" edgedefault="{kind}">\n')
    yield "".join(head).encode("utf-8")

    def node(_: pa.Array, rows: pd.DataFrame) -> pa.Array:
        return join(
            '    <node id="', xml_attribute(_strings(rows["id"])), '">\n',
            _graphml_values(rows, node_attrs, "n"), "    </node>\n",
        )  # fmt: skip

    def edge(_: pa.Array, rows: pd.DataFrame) -> pa.Array:
        return join(
            '    <edge source="', xml_attribute(_strings(rows["source"])),
            '" target="', xml_attribute(_strings(rows["target"])), '">\n',
            _graphml_values(rows, edge_attrs, "e"), "    </edge>\n",
        )  # fmt: skip

    yield from _chunks(nodes, node)
    yield from _chunks(edges, edge)
    yield b"  </graph>\n</graphml>\n"


def generate_gexf(
    nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False, description: str = ""
) -> str:
    """The GEXF text of a graph."""
    return _decode(iter_gexf(nodes, edges, directed, description))


def generate_graphml(nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False) -> str:
    """The GraphML text of a graph."""
    return _decode(iter_graphml(nodes, edges, directed))


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


def node_viz(nodes: pd.DataFrame) -> Callable[[pd.DataFrame], pa.Array]:
    """Renders each node's ``<position>``, ``<color>`` and ``<size>`` (GEXF 1.3 schema).

    Position from ``x``/``y`` where both are present; colour by ``cluster``; size grows with
    the square root of ``citations`` relative to the graph's most cited node.
    """
    top = float(nodes["citations"].max()) if "citations" in nodes and len(nodes) else 0.0

    def render(rows: pd.DataFrame) -> pa.Array:
        parts: list[pa.Array | str] = []
        if "x" in rows and "y" in rows:
            xy = join(
                '        <position x="', attribute_values(rows["x"]),
                '" y="', attribute_values(rows["y"]), '" z="0" />\n',
            )  # fmt: skip
            present = rows["x"].notna().to_numpy() & rows["y"].notna().to_numpy()
            parts.append(pc.if_else(pa.array(present), xy, literal("")))
        if "cluster" in rows:
            colours = [rgb(c) for c in cluster_colours(rows["cluster"].to_numpy())]
            parts.append(
                pa.array(
                    [f'        <color r="{r}" g="{g}" b="{b}" />\n' for r, g, b in colours],
                    TEXT,
                )
            )
        if "citations" in rows:
            share = rows["citations"].to_numpy(dtype=np.float64) / top if top > 0 else 0.0
            size = np.round(SIZE_MIN + SIZE_RANGE * np.sqrt(share * np.ones(len(rows))), 2)
            parts.append(wrap(value_text(pa.array(size)), '        <size value="', '" />\n'))
        return join(*parts) if parts else pa.nulls(len(rows), TEXT)

    return render


def _decode(chunks: Iterable[bytes | pa.Buffer]) -> str:
    return b"".join(bytes(chunk) for chunk in chunks).decode("utf-8")


def _write_chunks(chunks: Iterable[bytes | pa.Buffer], path: str | Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        for chunk in chunks:
            fh.write(chunk)


def _check_endpoints(nodes: pd.DataFrame, edges: pd.DataFrame) -> None:
    for end in ("source", "target"):
        missing = positions_in(edges[end], nodes["id"]) < 0
        if missing.any():
            raise InputError(
                f"edge {end} is not in the node table", value=str(edges[end][missing].iloc[0])
            )


def _chunks(frame: pd.DataFrame, render: Render) -> Iterator[pa.Buffer]:
    """``render`` applied to ``frame`` a chunk of rows at a time, as UTF-8 bytes."""
    for start in range(0, len(frame), CHUNK_ROWS):
        rows = frame.iloc[start : start + CHUNK_ROWS]
        yield join_bytes(render(numbers(len(rows), start), rows))


def _strings(column: pd.Series) -> pa.Array:
    return pa.array(column.astype(str), from_pandas=True)


def _or(values: pa.Array, fallback: pa.Array | str) -> pa.Array:
    """``values`` where present and not empty, else ``fallback``."""
    fallback = literal(fallback) if isinstance(fallback, str) else fallback
    values = pc.fill_null(values, literal(""))
    return pc.if_else(pc.equal(values, ""), fallback, values)


def _gexf_values(rows: pd.DataFrame, attrs: list[str]) -> pa.Array:
    """Each row's ``<attvalues>`` block ("" when every attribute is missing)."""
    if not attrs:
        return pa.nulls(len(rows), TEXT)
    parts = [
        wrap(
            xml_attribute(attribute_values(rows[name])),
            f'          <attvalue for="{k}" value="',
            '" />\n',
        )
        for k, name in enumerate(attrs)
    ]
    inner = join(*parts)
    block = join("        <attvalues>\n", inner, "        </attvalues>\n")
    return pc.if_else(pc.equal(inner, ""), literal(""), block)


def _graphml_values(rows: pd.DataFrame, attrs: list[str], prefix: str) -> pa.Array:
    if not attrs:
        return pa.nulls(len(rows), TEXT)
    return join(
        *(
            wrap(
                xml_text(attribute_values(rows[name])),
                f'      <data key="{prefix}{k}">',
                "</data>\n",
            )
            for k, name in enumerate(attrs)
        )
    )


def _xml_type(column: pd.Series, graphml: bool = False) -> str:
    if pd.api.types.is_bool_dtype(column):
        return "boolean"
    if pd.api.types.is_integer_dtype(column):
        values = column.dropna()
        small = values.empty or (values.min() >= -(2**31) and values.max() < 2**31)
        return ("int" if graphml else "integer") if small else "long"
    if pd.api.types.is_float_dtype(column):
        return "double"
    return "string"


def _text(text: object) -> str:
    return bytes(join_bytes(xml_text(pa.array([str(text)])))).decode("utf-8")


def _attr(text: object) -> str:
    return '"' + bytes(join_bytes(xml_attribute(pa.array([str(text)])))).decode("utf-8") + '"'
