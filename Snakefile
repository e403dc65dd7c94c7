"""refnet: from the seeds in refs/ to references, identities, graphs and exports.

Stages (one file each in rules/): seeds -> bibliographies -> resolve -> match -> graphs
-> fronts -> exports, and discover (the papers the review is missing). Settings come from
refs/review.yaml (schema: src/refnet/config.schema.yaml).
"""

from snakemake.utils import min_version

min_version("9.0")


# refs/review.yaml read as text and YAML first: a broken file stops with one message
include: "rules/review_file.smk"


configfile: "refs/review.yaml"


include: "rules/common.smk"
include: "rules/seeds.smk"
include: "rules/bibliographies.smk"
include: "rules/resolve.smk"
include: "rules/match.smk"
include: "rules/graphs.smk"
include: "rules/fronts.smk"
include: "rules/exports.smk"
include: "rules/discover.smk"
include: "rules/report.smk"


# On a cluster, the rules that need the network run on the host that submits the jobs.
if match_looks_up_online():

    localrules:
        resolve,
        match,
        discover,

else:

    localrules:
        resolve,
        discover,


rule all:
    default_target: True
    input:
        final_outputs(),
