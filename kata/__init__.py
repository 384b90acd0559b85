"""The seam-bug kata's tooling: find lessons, run their tests, judge a student's test."""

__version__ = "0.1.0"
