"""Adapter for rule bibliographies."""

from refnet.export.bundles import run_bibliographies
from refnet.workflow import logging_to

with logging_to(snakemake.log[0]):
    i, o = snakemake.input, snakemake.output
    review = {"bib": o.review_bib, "ris": o.review_ris, "json": o.review_json}
    cited = {"bib": o.cited_bib, "ris": o.cited_ris, "json": o.cited_json}
    run_bibliographies(i.papers, i.works, review, cited)
