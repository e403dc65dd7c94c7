"""Adapter for rule fronts (also `refnet run fronts`)."""

from refnet.stages import run_stage

run_stage("fronts", snakemake)
