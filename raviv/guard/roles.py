"""What an account may be in a network, and what kind of credential it signs in with."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What an account may do in one network."""

    coordinator = "coordinator"  # runs the network
    member = "member"  # represents one member organisation
    consultant = "consultant"  # reads reports and aggregates, until an end date
    federation = "federation"  # roll-ups of the networks below a federation, no personal data


class CredentialKind(StrEnum):
    session = "session"  # a browser session, by cookie
    token = "token"  # noqa: S105 - an API token, by the Authorization header


class TokenScope(StrEnum):
    read = "read"  # safe methods only
    write = "write"  # everything the account may do
