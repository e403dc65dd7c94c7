"""Adapter for rule problems (also `refnet run problems`)."""

from refnet.stages import run_stage

run_stage("problems", snakemake)
