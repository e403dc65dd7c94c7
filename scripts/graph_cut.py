"""Adapter for rule graph_cut (also `refnet run graph_cut`)."""

from refnet.stages import run_stage

run_stage("graph_cut", snakemake)
