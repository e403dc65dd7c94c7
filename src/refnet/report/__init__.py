"""The review's reports: report.md for terminals, report.html for browsers, a summary line."""

from refnet.report.markdown import generate_report

__all__ = ["generate_report"]
