"""Agreement with metaknowledge's coupling network on its own test file (32 nodes, 304 edges).

metaknowledge identifies a cited work by ``Author, Year, JOURNAL`` from the CR string and
a review record by its first AU, PY and J9; records with the same key are one node.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from refnet.inputs.wos import metaknowledge_key, metaknowledge_record_key, parse_wos_text


def metaknowledge_coupling(text: str) -> tuple[set[str], set[tuple[str, str]]]:
    records, _ = parse_wos_text(text, "testFile.isi")
    nodes = {metaknowledge_record_key(r) for r in records}
    citers: dict[str, set[str]] = defaultdict(set)
    for record in records:
        for cr in record.values("CR"):
            citers[metaknowledge_key({"raw": cr.strip()})].add(metaknowledge_record_key(record))
    edges = {pair for s in citers.values() for pair in itertools.combinations(sorted(s), 2)}
    return nodes, edges


def test_coupling_network_matches_metaknowledge(shared_data):
    text = (shared_data / "wos" / "testFile.isi").read_text(encoding="utf-8")
    nodes, edges = metaknowledge_coupling(text)
    assert (len(nodes), len(edges)) == (32, 304)
    isolates = nodes - {n for e in edges for n in e}
    assert len(isolates) == 1


def test_metaknowledge_key_normalises_like_metaknowledge():
    assert metaknowledge_key({"raw": "Abraham M., 1909, RC CIRC MAT PALERMO, V28, P1"}) == (
        "Abraham M, 1909, RC CIRC MAT PALERMO"
    )
    assert metaknowledge_key({"raw": "ALLEN PJ, 1966, AM J PHYS, V34, DOI 10.1/x"}) == (
        "Allen Pj, 1966, AM J PHYS"
    )
    assert metaknowledge_key({"raw": "1999, OPTICAL COMPONENTS G"}) == "1999, OPTICAL COMPONENTS G"
