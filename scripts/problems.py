"""Adapter for rule problems."""

from refnet.workflow import logging_to, run_problems

with logging_to(snakemake.log[0]):
    run_problems([snakemake.input.seeds, *snakemake.input.parsed], snakemake.output[0])
