"""Piccolo Admin for the network's staff, mounted at ``/admin`` (docs/admin.md): the mount is
:mod:`admin.mount`, its tables :mod:`admin.tables`, its forms :mod:`admin.forms`.

Nothing is imported here: ``raviv db upgrade`` and the other commands read this package's
migrations (:mod:`admin.piccolo_app`) and need none of Piccolo Admin's web stack (FastAPI),
which costs about 0.6 s at every start of the command line.
"""
