"""The seam-bug kata's tooling: find lessons, run their tests, judge a student's test."""

from pathlib import Path

__version__ = "0.1.0"

#: The repository: lessons/, solutions/ and the Makefile sit beside this package.
ROOT = Path(__file__).resolve().parent.parent
