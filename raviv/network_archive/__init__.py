"""A whole network as one archive document (``raviv-network/1``): import, export, and the
reference evaluation through it.

A composition above the domains: the ledger and the participation rule read and write their own
parts of the archive (``raviv/ledger/archive_io.py``, ``raviv/participation/archive_io.py``);
:mod:`~raviv.network_archive.archive_io` writes the registry's part (the network, its tiers,
members, memberships, people, dues) and drives the others in one transaction. The format itself
is :mod:`raviv.archive` (pure).
"""
