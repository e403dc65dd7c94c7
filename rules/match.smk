"""Match: give every reference the id of the work it cites, with auditable evidence.

Online (sources.offline: false, match.lookup.enabled), works still without a DOI are
looked up at Crossref (query.bibliographic, cached in sources.cache) and validated.
Inputs:  resolved papers, parsed bibliographies and full texts, online references,
         references from exports, and the user's overrides (match.overrides)
Outputs: results/references.csv (every reference with raw string, fields and work id),
         results/works.csv, results/match/decisions.csv, results/match/lookup.csv,
         and their Parquet twins
"""


rule match:
    input:
        papers="results/resolved/papers.parquet",
        online="results/resolved/references.parquet",
        exported="results/seeds/export_references.parquet",
        parsed=parsed_reference_tables(),
        overrides=overrides_file(),
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
