"""Adapter for rule bibtex (also `refnet run bibtex`)."""

from refnet.stages import run_stage

run_stage("bibtex", snakemake)
