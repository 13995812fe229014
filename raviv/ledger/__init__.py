"""The contribution ledger domain (docs/ledger.md): who gave what to whom, and what it is worth.

:mod:`raviv.valuation` is pure code over plain data: the forms and their CVN accounts, the
dated rates, the euro value of an entry, the ``meeting`` entries that attendance yields and the
netting of reversals. No database, no web framework.
"""
