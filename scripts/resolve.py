"""Adapter for rule resolve (also `refnet run resolve`)."""

from refnet.stages import run_stage

run_stage("resolve", snakemake)
