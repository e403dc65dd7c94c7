"""Report: every skipped input in one table, and a short summary of the run.

Inputs:  the problems tables of every stage, the main results
Outputs: results/problems.csv, results/report.md
"""


rule problems:
    input:
        seeds="results/seeds/problems.csv",
        parsed=parsed_problem_tables(),
    output:
        shown("results/problems.csv", "problems"),
    log:
        "logs/problems.log",
    conda:
        "../environment.yml"
    threads: rule_threads("problems")
    resources:
        **rule_resources("problems"),
    script:
        "../scripts/problems.py"


rule report:
    input:
        papers="results/resolved/papers.parquet",
        references="results/match/references.parquet",
        works="results/match/works.parquet",
        decisions="results/match/decisions.csv",
        unresolved="results/unresolved.csv",
        problems="results/problems.csv",
        coupling="results/similarity/coupling.parquet",
        cocitation="results/similarity/cocitation.parquet",
        citation="results/similarity/citation.parquet",
    output:
        shown("results/report.md", "report_md"),
    log:
        "logs/report.log",
    benchmark:
        "logs/benchmarks/report.tsv"
    conda:
        "../environment.yml"
    threads: rule_threads("report")
    resources:
        **rule_resources("report"),
    params:
        name=config["name"],
    script:
        "../scripts/report.py"


rule report_html:
    input:
        papers="results/resolved/papers.parquet",
        references="results/match/references.parquet",
        works="results/match/works.parquet",
        unresolved="results/unresolved.csv",
        problems="results/problems.csv",
        coverage="results/coverage.csv",
        related="results/similarity/related.parquet",
        coupling="results/graphs/cut/coupling_edges.parquet",
        coupling_nodes="results/graphs/cut/coupling_nodes.parquet",
        coupling_cut="results/graphs/cut/coupling.json",
        cocitation="results/graphs/cut/cocitation_edges.parquet",
        cocitation_nodes="results/graphs/cut/cocitation_nodes.parquet",
        cocitation_cut="results/graphs/cut/cocitation.json",
        clusters=expand(
            "results/clusters/{graph}_members.parquet", graph=["coupling", "cocitation"]
        ),
        candidates=discover_candidates(),
    output:
        html=shown("results/report.html", "report_html"),
        summary="results/summary.txt",
    log:
        "logs/report_html.log",
    benchmark:
        "logs/benchmarks/report_html.tsv"
    priority: 1  # a long job after the fronts: before the short ones
    conda:
        "../environment.yml"
    threads: rule_threads("report_html")
    resources:
        **rule_resources("report_html"),
    params:
        name=config["name"],
        description=config.get("description", ""),
        limits=config["graphs"]["files"],
    script:
        "../scripts/report_html.py"
