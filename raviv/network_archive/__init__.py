"""A whole network as one archive document (``raviv-network/1``): import, export, and the
reference evaluation through it.

A composition above the domains: the registry, the ledger and the participation rule each check,
write and read their own part of the archive (``raviv/registry/archive_io.py``,
``raviv/ledger/archive_io.py``, ``raviv/participation/archive_io.py``); this package drives them in
one transaction and audits the import. The format itself is :mod:`raviv.archive` (pure).
"""
