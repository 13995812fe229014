"""The web pages: server-rendered (Jinja), on the services the API uses (docs/web.md).

An entry point like ``reports`` and ``admin``: it imports the domains' services, never a table,
and nothing imports it but the application (:mod:`raviv.app`).
"""
