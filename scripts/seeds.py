"""Adapter for rule seeds (also `refnet run seeds`)."""

from refnet.stages import run_stage

run_stage("seeds", snakemake)
