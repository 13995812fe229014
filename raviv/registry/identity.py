"""Checking a network's legal identity as the API and the archive import give it (docs/network.md):
every field at fault named at once, values normalised as they are stored.

The checks of each value are :mod:`raviv.lib.identity`'s and :mod:`raviv.lib.siret`'s, which the
archive validator uses too; :func:`raviv.registry.service.network_identity` reads the identity
back as plain data for reports.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from raviv.errors import FieldProblem, InvalidError
from raviv.lib import identity
from raviv.lib.legal_forms import normalise_legal_form
from raviv.lib.siret import normalise_siret, siret_problem

#: The longest text of each text field (the column's length).
TEXT_LENGTHS: Final = {
    "legal_name": 200,
    "legal_form": 64,
    "address_street": 200,
    "address_city": 100,
    "signatory_name": 200,
    "signatory_role": 100,
}


def _text(limit: int) -> Callable[[Any], str | None]:
    def problem(value: Any) -> str | None:
        return f"at most {limit} characters" if len(value) > limit else None

    return problem


def _optional(check: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
    """A check of a field that may be null (or empty: nothing stated)."""

    def problem(value: Any) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return check(value)

    return problem


CHECKS: Final[dict[str, Callable[[Any], str | None]]] = {
    **{field: _text(limit) for field, limit in TEXT_LENGTHS.items()},
    "siret": _optional(siret_problem),
    "rna": _optional(identity.rna_problem),
    "address_postcode": identity.postcode_problem,
    "creation_year": _optional(identity.creation_year_problem),
    "general_assemblies_per_year": _optional(identity.meetings_per_year_problem),
    "board_meetings_per_year": _optional(identity.meetings_per_year_problem),
    "fiscal_year_start": identity.fiscal_year_start_problem,
}
"""Why a value of each identity field is refused, or None."""


def _normalised(field: str, value: Any) -> Any:
    if field in {"siret", "rna"}:
        if value is None or not value.strip():
            return None
        return normalise_siret(value) if field == "siret" else identity.normalise_rna(value)
    if field == "legal_form":
        return normalise_legal_form(value)
    if isinstance(value, str):
        return value.strip()
    return value


def checked(values: Mapping[str, Any]) -> dict[str, Any]:
    """The identity ``values`` given (field → value), normalised as stored: a SIRET's digits,
    an RNA number upper-cased, a legal form's short code ('Association loi 1901' →
    'association'), texts without surrounding spaces, empty identifiers as null. Raises
    InvalidError naming every field at fault."""
    problems = [
        FieldProblem(field, reason, value=None if value is None else str(value))
        for field, value in values.items()
        if (reason := CHECKS[field](value)) is not None
    ]
    if problems:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise InvalidError(f"the network's identity is invalid: {listed}", errors=problems)
    return {field: _normalised(field, value) for field, value in values.items()}
