"""Reciprocity and network indicators (DESIGN §5): pure functions over a DataFrame of entries.

:mod:`raviv.scoring.reciprocity` holds the formulas, :mod:`raviv.scoring.from_archive` builds
their inputs from a network archive, :mod:`raviv.scoring.report` writes the JSON of
``raviv reciprocity``. No database, no web framework. Every formula, with the example network
worked through, is in ``docs/scoring.md``.
"""
