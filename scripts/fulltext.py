"""Adapter for rule fulltext."""

from refnet.workflow import logging_to, run_fulltext

with logging_to(snakemake.log[0]):
    out = snakemake.output
    run_fulltext(snakemake.input[0], snakemake.params.paper, out.references, out.problems)
