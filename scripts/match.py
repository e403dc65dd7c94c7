"""Adapter for rule match."""

from refnet.match.stage import run_match
from refnet.workflow import logging_to

with logging_to(snakemake.log[0]):
    i, o = snakemake.input, snakemake.output
    run_match(
        [i.online, i.exported, *i.parsed],
        i.papers,
        snakemake.params.match,
        i.overrides[0] if i.overrides else None,
        o.references_csv,
        o.references,
        o.works_csv,
        o.works,
        o.decisions,
        o.lookup,
        snakemake.params.sources,
    )
