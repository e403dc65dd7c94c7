"""A larger Web of Science export made of real records and real cited references.

``python benchmarks/wos_resample.py --records 5000 --out benchmarks/out/resampled5k.isi``
writes N records (``--source A B``: the records of several exports pooled): record k
reuses the text of real record k mod n (authors, title, source, …) under a new UT and
DOI, and cites as many references as that record did, drawn without repetition from every
CR string of the source file, each with the probability of its count there (so real
popularity, real spellings and real missing DOIs). Seeded: the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "wos"
_RECORD = re.compile(r"^PT .*?^ER$", re.M | re.S)
_FIELD = re.compile(r"^(?P<tag>[A-Z][A-Z0-9]) (?P<first>.*(?:\n   .*)*)", re.M)


def records_of(text: str) -> list[dict[str, list[str]]]:
    """Each record's fields in order: tag -> lines (continuations unindented)."""
    records = []
    for block in _RECORD.findall(text):
        fields: dict[str, list[str]] = {}
        for match in _FIELD.finditer(block):
            lines = [line.strip() for line in match.group("first").split("\n")]
            fields[match.group("tag")] = lines
        records.append(fields)
    return records


def resample(text: str, n_records: int, seed: int = 1) -> str:
    """The text of an export of ``n_records`` records resampled from ``text``."""
    records = records_of(text)
    pool, counts = np.unique([cr for r in records for cr in r.get("CR", [])], return_counts=True)
    weights = counts / counts.sum()
    rng = np.random.default_rng(seed)
    out = ["FN Thomson Reuters Web of Science\u2122", "VR 1.0"]
    for k in range(n_records):
        fields = dict(records[k % len(records)])
        size = min(len(fields.get("CR", [])), len(pool))
        fields["CR"] = list(pool[rng.choice(len(pool), size=size, replace=False, p=weights)])
        fields["NR"] = [str(size)]
        if k >= len(records):  # another author, so no tool takes a copy for its original
            fields = _renamed(fields, k // len(records))
        fields["UT"] = [f"WOS:RESAMPLED{k:07d}"]
        fields["DI"] = [f"10.5555/resampled.{k}"]
        for tag, lines in fields.items():
            if tag in ("ER", "EF") or not lines:
                continue
            out.append(f"{tag} {lines[0]}")
            out.extend(f"   {line}" for line in lines[1:])
        out.append("ER")
        out.append("")
    out.append("EF")
    return "\n".join(out) + "\n"


def _renamed(fields: dict[str, list[str]], copy: int) -> dict[str, list[str]]:
    """The fields with the first author's surname marked as copy number ``copy``."""
    out = dict(fields)
    for tag in ("AU", "AF"):
        if out.get(tag):
            surname, _, rest = out[tag][0].partition(",")
            out[tag] = [f"{surname}{copy}{',' if _ else ''}{rest}", *out[tag][1:]]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--source", type=Path, nargs="+", default=[DATA / "ManyAuthors.isi"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    text = "\n".join(path.read_text(encoding="utf-8-sig") for path in args.source)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(resample(text, args.records, args.seed), encoding="utf-8")
    print(f"{args.out}: {args.records} records from {', '.join(map(str, args.source))}")


if __name__ == "__main__":
    main()
