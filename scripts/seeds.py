"""Adapter for rule seeds."""

from refnet.workflow import logging_to, run_seeds

with logging_to(snakemake.log[0]):
    out = snakemake.output
    run_seeds(snakemake.params.inputs, out.papers, out.references, out.problems)
