"""Figures of the proofs (crash and load, hostile files, schemathesis), shown at the end of a run.

A proof calls :func:`record` with a line of figures; ``pytest_terminal_summary`` in the conftest
prints them all in a "figures" section, so CI's log shows them without ``-s``. docs/reliability.md
records the last ones.
"""

from __future__ import annotations

FIGURES: list[str] = []


def record(text: str) -> None:
    """Keep a line (or lines) of figures for the end of the run, and print it (seen with ``-s``)."""
    FIGURES.append(text.strip("\n"))
    print("\n" + text.strip("\n"))
