"""Direct citation among review papers and the citing-paper → cited-work edges."""

from __future__ import annotations

import numpy as np
import pandas as pd

from refnet.graphs.incidence import Incidence, sorted_codes
from refnet.match.frames import conform_fast
from refnet.model import conform

#: A directed citation edge: ``source`` cites ``target``.
CITATION_COLUMNS: dict[str, str] = {
    "source": "str",  # citing review paper
    "target": "str",  # cited review paper (or cited work for cited_works)
    "weight": "int64",  # 1: a pair counts once whatever the number of sources
    "work_id": "str",  # the cited work through which the link was found
}


def direct_citations(
    references: pd.DataFrame, works: pd.DataFrame, cited: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Review paper → cited review paper, through ``works.paper_id``.

    A pair found through several works keeps the smallest work id. A paper whose
    reference resolves to itself makes no edge (self-loops are left out). ``cited`` is
    ``cited_works(references)`` when the caller has it already.
    """
    in_review = works.loc[works["paper_id"].astype(str) != "", ["work_id", "paper_id"]]
    cited = cited_works(references) if cited is None else cited
    pairs = cited[["source", "target"]].merge(
        in_review, left_on="target", right_on="work_id", how="inner"
    )
    pairs = pairs.loc[pairs["source"] != pairs["paper_id"]]
    edges = pd.DataFrame(
        {
            "source": pairs["source"],
            "target": pairs["paper_id"],
            "weight": 1,
            "work_id": pairs["work_id"],
        }
    )
    edges = edges.sort_values(["source", "target", "work_id"], kind="stable")
    edges = edges.drop_duplicates(["source", "target"], keep="first")
    return conform(edges, CITATION_COLUMNS)


def cited_works(references: pd.DataFrame, inc: Incidence | None = None) -> pd.DataFrame:
    """Citing paper → cited work, one edge per distinct pair (unmatched references left out).

    ``inc``: the incidence of these references, whose codes are then used (not made again).
    """
    if inc is not None and inc.rows is not None and inc.cols is not None:
        source, papers, target, works = inc.rows, inc.papers, inc.cols, inc.works
    else:
        matched = references.loc[references["work_id"].astype(str) != "", ["citing_id", "work_id"]]
        source, papers = sorted_codes(matched["citing_id"])
        target, works = sorted_codes(matched["work_id"])
    pair = np.sort(source * max(len(works), 1) + target)  # by (source, target)
    pair = pair[np.r_[True, pair[1:] != pair[:-1]]] if len(pair) else pair
    targets = pd.Series(works[pair % max(len(works), 1)], dtype=object)
    edges = pd.DataFrame(
        {
            "source": pd.Series(papers[pair // max(len(works), 1)], dtype=object),
            "target": targets,
            "weight": np.ones(len(pair), dtype=np.int64),
            "work_id": targets,
        }
    )
    return conform_fast(edges, CITATION_COLUMNS)
