"""The review file itself: it must read as UTF-8 text and YAML before Snakemake loads it.

No rules here. A broken refs/review.yaml (bytes that are not UTF-8, a YAML syntax error,
not a mapping) stops the run with one message naming the file and line.
"""

from refnet.config import check_review_file
from refnet.errors import stop_on_error

with stop_on_error():
    check_review_file("refs/review.yaml")
