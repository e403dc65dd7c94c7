"""RIS text of the candidates (for Zotero or a screening tool).

Internal to discover until refnet has one RIS writer (refnet.export.ris); the tags are
the RIS standard's: TY, AU, TI, T2, PY, DO, UR, ID, N1, ER.
"""

from __future__ import annotations

import pandas as pd

#: candidate ``type`` → RIS type.
RIS_TYPES = {
    "article": "JOUR",
    "journal-article": "JOUR",
    "review": "JOUR",
    "book": "BOOK",
    "monograph": "BOOK",
    "book-chapter": "CHAP",
    "chapter": "CHAP",
    "report": "RPRT",
    "dissertation": "THES",
    "thesis": "THES",
    "proceedings-article": "CPAPER",
    "preprint": "JOUR",
}


def _line(tag: str, value: object) -> str:
    text = " ".join(str(value).split())
    return f"{tag}  - {text}\n" if text else ""


def generate_ris(table: pd.DataFrame) -> str:
    """One RIS record per row of a candidate table, in the table's order."""
    out = []
    for row in table.to_dict("records"):
        kind = RIS_TYPES.get(str(row.get("type", "")).lower(), "GEN")
        lines = [_line("TY", kind)]
        lines += [_line("AU", a) for a in str(row.get("authors", "")).split(";")]
        lines.append(_line("TI", row.get("title", "")))
        lines.append(_line("T2", row.get("venue", "")))
        year = row.get("year")
        lines.append(_line("PY", "" if year is None or pd.isna(year) else int(year)))
        lines.append(_line("DO", row.get("doi", "")))
        if row.get("doi"):
            lines.append(_line("UR", f"https://doi.org/{row['doi']}"))
        lines.append(_line("ID", row.get("candidate_id", "")))
        lines.append(_line("N1", f"refnet rank {row.get('rank')}: {row.get('why', '')}"))
        out.append("".join(lines) + "ER  - \n")
    return "\n".join(out)
