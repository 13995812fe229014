"""Reciprocity and network indicators (DESIGN §5): pure functions over a DataFrame of entries.

:mod:`raviv.scoring.reciprocity` holds the formulas, :mod:`raviv.scoring.from_archive` builds
their inputs from a network archive, :mod:`raviv.scoring.report` writes the JSON of
``raviv reciprocity``: pure, no database, no web framework (tests/unit/rules/test_purity.py
checks it). :mod:`raviv.scoring.service` reads the database (through
:func:`raviv.ledger.totals.network_reciprocity`) and :mod:`raviv.scoring.controllers` serves it.
Every formula, with the example network worked through, is in ``docs/scoring.md``.
"""
