"""Adapter for rule similarity (also `refnet run similarity`)."""

from refnet.stages import run_stage

run_stage("similarity", snakemake)
