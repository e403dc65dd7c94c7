"""The matcher runs once per match stage: overrides naming work ids are resolved in that
run (no second match to learn the ids). (The look-up's DOIs: tests/test_match_lookup.py.)"""

from __future__ import annotations

import logging

import pandas as pd

from refnet.match import identity
from refnet.match.identity import match_references
from refnet.match.overrides import parse_overrides
from refnet.match.parse import parse_references
from refnet.model import PAPER_COLUMNS, REFERENCE_COLUMNS, frame

#: Citing ids out of sorted order: a table row is not the row of the sorted output.
RAWS = {
    "z": "Kenneth N. Waltz, Theory of International Politics (Reading, MA: Addison-Wesley, 1979).",
    "a": "Inis L. Claude, The Balance of Power in International Politics (New York: Random"
    " House, 1962).",
    "m": "Stephen M. Walt, The Origins of Alliances (Ithaca: Cornell University Press, 1987).",
    "k": "Walt, Stephen M. 1987. The Origins of Alliances. Ithaca: Cornell University Press.",
}


def _inputs() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [
        {"citing_id": c, "position": 0, "source": "bibliography", "origin": f"{c}.txt:1", "raw": r}
        for c, r in RAWS.items()
    ]
    papers = frame([{"paper_id": p, "title": p} for p in RAWS], PAPER_COLUMNS)
    return parse_references(frame(rows, REFERENCE_COLUMNS)), papers


def _counting_matches(monkeypatch) -> list[int]:
    """Each run of the matcher's rules appends its number of references."""
    runs: list[int] = []
    rules = identity._match_all

    def counted(refs, *args, **kwargs):
        runs.append(len(refs))
        return rules(refs, *args, **kwargs)

    monkeypatch.setattr(identity, "_match_all", counted)
    return runs


def test_overrides_naming_work_ids_are_resolved_in_the_one_run(monkeypatch, caplog):
    refs, papers = _inputs()
    plain, _, _ = match_references(refs, papers, {})
    ids = plain.set_index("origin")["work_id"]
    assert ids["m.txt:1"] == ids["k.txt:1"] != ids["z.txt:1"]  # Walt twice: one work
    csv = (
        "action,a,b\n"
        f"same,{ids['z.txt:1']},{ids['m.txt:1']}\n"  # work ids of the last run
        "same,no-such-work-1999-abc123,a.txt:1\n"
    )
    runs = _counting_matches(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="refnet.match"):
        out, _, decisions = match_references(refs, papers, {}, parse_overrides(csv))
    assert runs == [4]  # one run of the rules, over the four references
    got = out.set_index("origin")["work_id"]
    assert got["z.txt:1"] == got["m.txt:1"] == got["k.txt:1"]  # Waltz and Walt, as the user said
    assert got["a.txt:1"] != got["z.txt:1"]  # Claude left alone (the overrides' rows are right)
    assert (decisions["rule"] == "override").any()
    assert "no-such-work-1999-abc123" in caplog.text and "not applied" in caplog.text
