"""Author–date citations in a paper's full text, as one reference per distinct cited work.

Handles parenthetical citations — "(Walt, 2005, p. 126)", "(Pape, 2005, pp. 7–45; Paul,
2005)", "(Coronel, Rozhkov, & Raman, 2011, p. 27)", "(Leeds et al., 2002)", "(Trenin,
2012, 2013)", "(“Dogovor o zone,” 2011)" — and narrative ones — "Nazarbayev (2003a)",
"Gamze and Tayfun (2014)". Words broken across lines ("econom-\\nic") are joined first.

Run as ``python -m refnet.inputs.fulltext TEXT CITING_ID [--source URL ...]`` to print
the citations as a bibliography file (see :mod:`refnet.inputs.bibliography`).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from refnet.model import REFERENCE_COLUMNS, frame

SOURCE = "fulltext"

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_PARTICLE = r"(?:(?:van|von|der|den|de|del|della|di|da|du|la|le|al|el|bin|ibn)[\s-])"
_WORD = r"[A-Z][\w’'.\-]*"
# A name: a capitalised word, optionally preceded by particles and followed by more
# capitalised words or the lower-case joiners of corporate names ("The Embassy of ...").
_NAME = rf"(?!(?:{_MONTHS})\b){_PARTICLE}*{_WORD}(?:\s(?:(?:of|the|for|in|on|and)\s)*{_WORD})*"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?|n\.d\."
_DATE = rf"(?:(?:{_MONTHS})(?:\s\d{{1,2}})?,?\s)?"
_PAGES = r"(?:(?:pp?\.|para\.|chaps?\.|ch\.)\s*)?[\dxivlc]+(?:\s*[–-]\s*[\dxivlc]+)?"
_ISSUE = r"(?:№|No\.\s?)\s*\d+"
_TAIL = rf"(?:,\s*(?:{_PAGES}|{_ISSUE}))*"
_YEARS = rf"(?P<years>{_DATE}(?:{_YEAR})(?:,\s*(?:{_YEAR}))*)"

_AUTHORED = re.compile(
    rf"(?:^|(?<=\s))(?P<authors>{_NAME}(?:,\s{_NAME})*(?:,?\s(?:&|and)\s{_NAME}|\set\sal\.)?)"
    rf",?\s{_YEARS}{_TAIL}\s*$"
)
_TITLED = re.compile(rf"^[“\"](?P<title>[^”\"]+?)[,.]?[”\"],?\s{_YEARS}{_TAIL}\s*$")
_NARRATIVE = re.compile(
    rf"(?P<authors>{_PARTICLE}*[A-Z][\w’'\-]+(?:\s(?:&|and)\s[A-Z][\w’'\-]+|\set\sal\.)?)"
    rf"\s\((?P<years>(?:{_YEAR})(?:,\s*(?:{_YEAR}))*){_TAIL}\)"
)
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_NOT_NARRATIVE = set(_MONTHS.split("|")) | {
    "In", "The", "Since", "Until", "By", "From", "After", "Before", "During", "Of", "And",
}  # fmt: skip


@dataclass
class Citation:
    """One distinct cited work (authors + year), with how often and where it is cited."""

    authors: list[str]
    year: str
    title: str = ""
    count: int = 0
    offsets: list[int] = field(default_factory=list)

    @property
    def raw(self) -> str:
        if self.title:
            return f"“{self.title}” {self.year}"
        if len(self.authors) == 1:
            names = self.authors[0]
        elif len(self.authors) == 2:
            names = " & ".join(self.authors)
        else:
            names = ", ".join(self.authors[:-1]) + " & " + self.authors[-1]
        return f"{names} {self.year}"


def join_hyphenated(text: str) -> str:
    """Join words broken across lines ("econom-\\nic" → "economic"), collapse whitespace."""
    text = re.sub(r"(\w)-[ \t]*\n\s*(?=[a-z])", r"\1", text)
    text = re.sub(r"(\w-)[ \t]*\n\s*(?=[A-Z])", r"\1", text)  # "Baku-\nTbilisi"
    return re.sub(r"\s+", " ", text)


def _split_authors(authors: str) -> tuple[list[str], bool]:
    """Surnames of an author part, and whether it ended in "et al."."""
    et_al = authors.endswith(" et al.")
    if et_al:
        authors = authors[: -len(" et al.")]
    parts = re.split(r",?\s(?:&|and)\s", authors)
    if len(parts) > 1:
        names = [n.strip() for n in parts[0].split(", ")] + [parts[1].strip()]
    else:
        names = [authors.strip()]  # no "&": a single (maybe corporate) author with commas
    return names, et_al


def _years(text: str) -> list[str]:
    return re.findall(_YEAR, text)


def _key(authors: list[str], et_al: bool, title: str, year: str) -> tuple[str, str, str]:
    if title:
        return ("title", title.casefold(), year)
    size = "3+" if et_al or len(authors) >= 3 else str(len(authors))
    return (authors[0].casefold(), size, year)


def find_citations(text: str) -> list[Citation]:
    """Distinct cited works in order of first appearance."""
    text = join_hyphenated(text)
    found: list[tuple[int, list[str], bool, str, str]] = []
    for paren in _PARENTHESES.finditer(text):
        offset = paren.start(1)
        for segment in paren.group(1).split(";"):
            seg = segment.strip()
            if titled := _TITLED.match(seg):
                for year in _years(titled.group("years")):
                    found.append((offset, [], False, titled.group("title").strip(), year))
            elif authored := _AUTHORED.search(seg):
                names, et_al = _split_authors(authored.group("authors"))
                for year in _years(authored.group("years")):
                    found.append((offset, names, et_al, "", year))
            offset += len(segment) + 1
    for match in _NARRATIVE.finditer(text):
        names, et_al = _split_authors(match.group("authors"))
        if names[0] in _NOT_NARRATIVE:
            continue
        for year in _years(match.group("years")):
            found.append((match.start(), names, et_al, "", year))
    works: dict[tuple[str, str, str], Citation] = {}
    for offset, names, et_al, title, year in sorted(found, key=lambda f: f[0]):
        key = _key(names, et_al, title, year)
        work = works.get(key)
        if work is None:
            work = works[key] = Citation(authors=names, year=year, title=title)
        elif len(names) > len(work.authors):
            work.authors = names  # the first citation of an APA work lists all authors
        work.count += 1
        work.offsets.append(offset)
    return list(works.values())


def extract_citations(text: str, citing_id: str, origin: str) -> pd.DataFrame:
    """REFERENCE_COLUMNS rows (``source="fulltext"``), one per distinct cited work.

    ``raw`` is a normalised citation ("Walt 2005", "Brooks & Wohlforth 2005"); rows are in
    order of first appearance. ``attrs["counts"]`` gives how often each was cited.
    """
    works = find_citations(text)
    rows = []
    for position, work in enumerate(works):
        year = re.match(r"\d{4}", work.year)
        rows.append(
            {
                "citing_id": citing_id,
                "position": position,
                "source": SOURCE,
                "origin": f"{origin}#{work.offsets[0]}",
                "raw": work.raw,
                "authors": "; ".join(work.authors),
                "first_author": work.authors[0] if work.authors else work.title,
                "year": int(year.group(0)) if year else None,
                "title": work.title,
            }
        )
    table = frame(rows, REFERENCE_COLUMNS)
    table.attrs["counts"] = {work.raw: work.count for work in works}
    return table


def format_bibliography(
    refs: pd.DataFrame, citing_id: str, command: str, sources: Sequence[str] = ()
) -> str:
    """A bibliography file (header comments, then one ``raw`` per line)."""
    lines = [f"# key: {citing_id}"]
    lines += [f"# source: {url}" for url in sources]
    lines += [
        f"# generated by: {command}",
        "# format: one cited work per line in author-date form (surnames year), in order of",
        "#         first citation in the text; only the citations are kept, not the text.",
    ]
    lines += list(refs["raw"])
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the citations of a text file as a bibliography file."""
    parser = argparse.ArgumentParser(prog="python -m refnet.inputs.fulltext", description=__doc__)
    parser.add_argument("text", type=Path, help="plain-text paper")
    parser.add_argument("citing_id", help="key of the review paper the text belongs to")
    parser.add_argument("--source", action="append", default=[], help="address to record")
    args = parser.parse_args(argv)
    text = args.text.read_text(encoding="utf-8")
    refs = extract_citations(text, args.citing_id, str(args.text))
    command = f"python -m refnet.inputs.fulltext {args.text} {args.citing_id}"
    command += "".join(f" --source {url}" for url in args.source)
    sys.stdout.write(format_bibliography(refs, args.citing_id, command, args.source))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
