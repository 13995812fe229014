"""The participation rule (docs/rules.md): who meets the network's rule, who is on track, who
drifts.

Pure code over plain data: :mod:`raviv.rules.evaluator` takes frozen dataclasses and returns the
evaluation, :mod:`raviv.rules.periods` cuts time into periods, :mod:`raviv.rules.from_archive`
builds the inputs from a network archive and :mod:`raviv.rules.report` writes the JSON of
``raviv rules evaluate``. No database, no web framework. The exact semantics, with the example
network worked through, are in ``docs/rules.md``.
"""
