"""Names of the graphs and their tables (no imports: the Snakefile reads them at parse time)."""

#: The graphs that get graph files.
GRAPHS = ("coupling", "cocitation", "citation")

#: Tables written by the graphs stage, each as ``<name>.csv`` and ``<name>.parquet``.
GRAPH_TABLES = (
    "coupling",
    "coupling_nodes",
    "coupling_evidence",
    "cocitation",
    "cocitation_nodes",
    "cocitation_evidence",
    "citation",
    "citation_nodes",
    "cited_works",
    "related",
)
