"""Adapter for rule bibliography."""

from refnet.workflow import logging_to, run_bibliography

with logging_to(snakemake.log[0]):
    out = snakemake.output
    run_bibliography(snakemake.input[0], snakemake.params.paper, out.references, out.problems)
