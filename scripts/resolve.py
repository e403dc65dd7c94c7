"""Adapter for rule resolve."""

from refnet.sources.resolve import run_resolve
from refnet.tables import write_csv
from refnet.workflow import logging_to

with logging_to(snakemake.log[0]) as log:
    o = snakemake.output
    result = run_resolve(
        snakemake.input.papers,
        snakemake.params.sources,
        o.papers,
        o.references,
        o.coverage,
        o.unresolved,
    )
    write_csv(result.papers, o.papers_csv)
    log.warning("%s", result.summary)
