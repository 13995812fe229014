"""Who is asking, and may they: the part of access every domain's controllers and services use.

:mod:`~raviv.guard.principal` (the signed-in account and its grants), :mod:`~raviv.guard.policy`
(the rule each route declares and its check), :mod:`~raviv.guard.deps` (handler dependencies),
:mod:`~raviv.guard.middleware` (sessions, tokens, CSRF), :mod:`~raviv.guard.audit` (the audit log
every write goes through), :mod:`~raviv.guard.secrets` and :mod:`~raviv.guard.roles`.

It sits below the domains: it imports none of them. It reads the account, credential, grant and
network tables by SQL; their Piccolo classes belong to :mod:`raviv.access.tables` and
:mod:`raviv.registry.tables` (which declare them for migrations and the ORM).
"""
