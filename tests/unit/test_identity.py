import pytest

from raviv.lib.siret import normalise_siret, siret_problem


@pytest.mark.parametrize(
    "siret", ["52601815500014", "526 018 155 00014", "90830166600016", "08246281300013"]
)
def test_valid_sirets_of_the_example_network_pass(siret: str) -> None:
    assert siret_problem(siret) is None


def test_a_siret_written_with_spaces_is_stored_without_them() -> None:
    assert normalise_siret("526 018 155\u00a000014") == "52601815500014"


@pytest.mark.parametrize(
    ("siret", "reason"),
    [
        ("5260181550001", "14 digits"),
        ("5260181550001A", "14 digits"),
        ("52601815500015", "SIRET fails"),
        ("52601815600014", "SIREN"),
    ],
)
def test_invalid_sirets_are_refused_with_the_reason(siret: str, reason: str) -> None:
    problem = siret_problem(siret)
    assert problem is not None
    assert reason in problem


def test_la_poste_establishments_follow_their_own_check_rule() -> None:
    assert siret_problem("35600000000048") is None  # head office: Luhn key
    assert siret_problem("35600000000015") is None  # digits sum to 20: La Poste's rule
    assert siret_problem("35600000000016") is not None  # neither


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Association loi 1901", "association"),
        ("SCOP", "scop"),
        ("Collectif (sans personnalité morale)", "collectif"),
        ("SAS", "sas"),
        ("Fondation", "Fondation"),
    ],
)
def test_legal_forms_typed_in_spreadsheets_reduce_to_short_codes(typed: str, code: str) -> None:
    from raviv.lib.legal_forms import normalise_legal_form

    assert normalise_legal_form(typed) == code
