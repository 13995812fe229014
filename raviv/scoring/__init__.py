"""Reciprocity and network indicators (docs/scoring.md): pure functions over a DataFrame of entries.

Pure, no database, no web framework (tests/unit/rules/test_purity.py and
tests/unit/scoring/test_analytics_purity.py check it): :mod:`raviv.scoring.reciprocity` holds
the formulas, :mod:`raviv.scoring.trends`, :mod:`raviv.scoring.crosstabs` and
:mod:`raviv.scoring.analytics` the trend and cross-tabulations, :mod:`raviv.scoring.graph` the
SVG exchange graph, :mod:`raviv.scoring.from_archive` builds their inputs from a network archive
and :mod:`raviv.scoring.report` writes the JSON of ``raviv reciprocity``.

Reading the database: :mod:`raviv.scoring.reading` (the period's entries as the database reduced
them, through :func:`raviv.scoring.totals.scoring_inputs`), :mod:`raviv.scoring.service` and
:mod:`raviv.scoring.federation`; :mod:`raviv.scoring.controllers` serves them. Every formula,
with the example network worked through, is in ``docs/scoring.md``.
"""
