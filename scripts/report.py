"""Adapter for rule report."""

from refnet.workflow import logging_to, run_report

with logging_to(snakemake.log[0]):
    run_report(snakemake.params.name, dict(snakemake.input.items()), snakemake.output[0])
