"""Match: give every reference the id of the work it cites, with auditable evidence.

Online (sources.offline: false, match.lookup.enabled), works still without a DOI are
looked up at Crossref (query.bibliographic, cached in sources.cache) and validated.
Inputs:  resolved papers, parsed bibliographies and full texts, online references,
         references from exports, and the user's overrides (match.overrides)
Outputs: results/references.csv (every reference with raw string, fields and work id),
         results/works.csv, results/match/decisions.csv, results/match/lookup.csv,
         and their Parquet twins
With shards: match: K (K > 1, offline or without look-up) K match_shard jobs match
(results/match/shards/, see src/refnet/match/shards.py) and rule match gathers them.
"""


rule match_shard:
    input:
        papers="results/resolved/papers.parquet",
        online="results/resolved/references.parquet",
        exported="results/seeds/export_references.parquet",
        parsed=parsed_reference_tables(),
        overrides=overrides_file(),
    output:
        **{
            name: temp(f"results/match/shards/{{shard}}/{name}.parquet")
            for name in ("references", "works", "decisions", "lookup")
        },
    log:
        "logs/match_shard/{shard}.log",
    benchmark:
        "logs/benchmarks/match_shard_{shard}.tsv"
    conda:
        "../environment.yml"
    threads: rule_threads("match_shard")
    resources:
        **rule_resources("match_shard"),
    params:
        match=config["match"],
        sources=config["sources"],
        shard="{shard}",
        shards=match_shard_count(),
    script:
        "../scripts/match_shard.py"


rule match:
    input:
        papers="results/resolved/papers.parquet",
        online="results/resolved/references.parquet",
        exported="results/seeds/export_references.parquet",
        parsed=parsed_reference_tables(),
        overrides=overrides_file(),
        shards=match_shards(),
    output:
        references="results/match/references.parquet",
        references_csv=shown("results/references.csv", "references"),
        works="results/match/works.parquet",
        works_csv=shown("results/works.csv", "works"),
        decisions=shown("results/match/decisions.csv", "decisions"),
        lookup="results/match/lookup.csv",
    log:
        "logs/match.log",
    benchmark:
        "logs/benchmarks/match.tsv"
    conda:
        "../environment.yml"
    threads: rule_threads("match")
    resources:
        **rule_resources("match"),
    params:
        match=config["match"],
        sources=config["sources"],
    script:
        "../scripts/match.py"
