"""Adapter for rule graph_files (also `refnet run graph_files`)."""

from refnet.stages import run_stage

run_stage("graph_files", snakemake)
