"""A realistic demo network as a `raviv-network/1` archive document, generated without a database.

The document has the shape of `tests/data/reseau-exemple.json`, with the extensions the format
accepts: the network's `territory` and identity, and per member `commune`, `headcount_fte` and
`people`.
Member organisations come from polyfactory factories over small frozen dataclasses; everything
else (memberships, groups, meetings, the contribution ledger) from one `random.Random` drawn from
the seed, so a seed always gives the same document.

Calibration: the share of member organisations that give at least one validated entry of a form
matches the context document's shares of employer cultural associations practising that kind of
mutualisation (`FORM_TARGETS`). Each form's givers are drawn as a quota, `round(target × members)`,
not one coin toss per member: the shares then hold at 40 members as at 2,000. See `docs/demo.md`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar, Final, TypeVar

from faker import Faker
from polyfactory import PostGenerated, Use
from polyfactory.factories.dataclass_factory import DataclassFactory
from polyfactory.field_meta import FieldMeta

from raviv.lib.siret import luhn_ok
from raviv.lib.text import slugify

FORMAT: Final = "raviv-network/1"
TIMEZONE: Final = "Europe/Paris"
"""The demo network's time zone: its days, and the day ``raviv demo`` runs up to."""
SEASON_MONTH: Final = 9
"""The demo network's seasons begin on 1 September."""
FIRST_SEASON: Final = date(2025, 9, 1)
"""The one season of a demo made without ``today``."""
RECENT_DAYS: Final = 45
"""In a season under way, entries dated these last days before today are more often still
waiting for validation (a quarter of them, against one in twenty before)."""

# Share of employer cultural associations practising each form of mutualisation (context document:
# webinar "La coopération entre structures culturelles", OPALE / UFISC).
FORM_TARGETS: Final[dict[str, float]] = {
    "knowledge": 0.68,
    "equipment": 0.51,
    "premises": 0.48,
    "coproduction": 0.46,
    "shared_staff": 0.135,
}

SMIC_BRUT_HORAIRE: Final = Decimal("12.02")  # from 1 January 2026
EMPLOYER_CHARGE_COEFFICIENT: Final = Decimal("1.25")
# 12.02 × 1.25 = 15.025: rounded half-up to the cent, as every euro amount in raviv.
HOURLY_RATE: Final = (SMIC_BRUT_HORAIRE * EMPLOYER_CHARGE_COEFFICIENT).quantize(
    Decimal("0.01"), rounding=ROUND_HALF_UP
)
HOURLY_METHOD: Final = (
    "SMIC brut horaire 12,02 € × 1,25 (coefficient de charges patronales), "
    "arrondi au centime le plus proche"
)
TIME_LIKE_FORMS: Final = ("time", "meeting", "knowledge", "coproduction", "shared_staff")
EQUIPMENT_RATE: Final = ("20.00", "valeur locative par matériel et par jour")
PREMISES_RATE: Final = (
    "12.00",
    "valeur locative d'un studio en Île-de-France, par salle et par heure",
)

DISCIPLINES: Final = {
    "théâtre": 30,
    "danse": 17,
    "musique": 20,
    "cirque": 10,
    "marionnette": 7,
    "arts de la rue": 9,
    "arts numériques": 7,
}
DEPARTEMENTS: Final = {"75": 34, "93": 20, "92": 9, "94": 9, "91": 7, "77": 7, "78": 7, "95": 7}
COMMUNES: Final[dict[str, tuple[str, ...]]] = {
    "75": ("Paris",),
    "77": ("Melun", "Meaux", "Fontainebleau", "Chelles", "Noisiel", "Pontault-Combault"),
    "78": ("Versailles", "Guyancourt", "Mantes-la-Jolie", "Poissy", "Sartrouville", "Les Mureaux"),
    "91": ("Évry-Courcouronnes", "Corbeil-Essonnes", "Massy", "Palaiseau", "Étampes", "Brétigny"),
    "92": ("Nanterre", "Gennevilliers", "Malakoff", "Montrouge", "Clichy", "Bagneux"),
    "93": (
        "Montreuil",
        "Saint-Denis",
        "Pantin",
        "Aubervilliers",
        "Bagnolet",
        "Bobigny",
        "Saint-Ouen-sur-Seine",
        "Noisy-le-Sec",
    ),
    "94": ("Ivry-sur-Seine", "Vitry-sur-Seine", "Créteil", "Vincennes", "Fontenay-sous-Bois"),
    "95": ("Cergy", "Argenteuil", "Pontoise", "Sarcelles", "Gonesse", "Bezons"),
}
LEGAL_FORMS: Final = {"association": 75, "collectif": 13, "scop": 7, "sarl": 5}
TIERS: Final = {"member": 84, "board": 10, "associate": 6}

# Words that companies take as names, by the article "Théâtre …" needs and by gender (adjectives).
_NOUNS: Final = {
    ("du", 0): """Cèdre Basalte Mistral Sillage Lichen Rhizome Funambule Sémaphore Balancier Chardon
        Colibri Corbeau Grenier Hublot Labyrinthe Lierre Lointain Manège Mascaret Nuage Phare
        Pivot Roseau Saule Sextant Solstice Tamis Tilleul Tremplin Vertige Zéphyr Pollen Quai
        Rivage Sablier Fanal Galet Gué Kiosque Levant""",
    ("de la", 1): """Dune Fougère Luciole Marelle Boussole Comète Passerelle Lanterne Mouette Ronce
        Bruyère Cascade Clairière Girouette Houle Lune Marée Mésange Nacelle Pirogue Ritournelle
        Salamandre Tanière Toupie Vigie Volière Brume Cigale Fabrique Forge Halte Palissade
        Rumeur Trame Veilleuse Criée Friche Source Canopée""",
    ("de l'", 0): "Alizé Estran Horizon Îlot Orage Aiguillage Embarcadère Envol Iris Arbre",
    ("de l'", 1): "Écume Étincelle Ancre Aube Escale Ondée Ourse Ellipse Éclipse Usine",
}
_ADJECTIVES: Final = (
    ("Rouge", "Rouge"),
    ("Bleu", "Bleue"),
    ("Vagabond", "Vagabonde"),
    ("Nomade", "Nomade"),
    ("Sauvage", "Sauvage"),
    ("Lunaire", "Lunaire"),
    ("Suspendu", "Suspendue"),
    ("Sonore", "Sonore"),
    ("Ouvert", "Ouverte"),
    ("Fragile", "Fragile"),
    ("Errant", "Errante"),
    ("Invisible", "Invisible"),
    ("Buissonnier", "Buissonnière"),
    ("Têtu", "Têtue"),
    ("Bavard", "Bavarde"),
    ("Éphémère", "Éphémère"),
    ("Magnétique", "Magnétique"),
    ("Clandestin", "Clandestine"),
)
_FEMININE: Final = {
    word: feminine for (_, feminine), words in _NOUNS.items() for word in words.split()
}
_WORDS: Final = list(_FEMININE)
# Every word-made core ("Lune", "Lune Bavarde") with the article "Théâtre …" puts before it.
_CORES: Final = {
    core: article
    for (article, feminine), words in _NOUNS.items()
    for word in words.split()
    for core in (word, *(f"{word} {adjective[feminine]}" for adjective in _ADJECTIVES))
}
_PREFIXES: Final[dict[str, tuple[str, ...]]] = {
    "théâtre": ("Compagnie", "Compagnie", "Théâtre", "Cie", "Atelier"),
    "danse": ("Compagnie", "Compagnie", "Cie"),
    "musique": ("Ensemble", "Ensemble", "Compagnie"),
    "cirque": ("Compagnie", "Compagnie", "Cie"),
    "marionnette": ("Compagnie", "Atelier", "Théâtre"),
    "arts de la rue": ("Compagnie", "Compagnie", "Collectif"),
    "arts numériques": ("Compagnie", "Atelier", "Collectif"),
}
_ROLES: Final = ("administration", "direction artistique", "production", "présidence", "diffusion")

# (ref, name, topics of its meetings, taken in turn through the season)
WORKING_GROUPS: Final[tuple[tuple[str, str, tuple[str, ...]], ...]] = (
    (
        "repetition",
        "Espaces de répétition partagés",
        (
            "Planning des répétitions",
            "Charte d'usage des studios",
            "Recensement des salles disponibles",
            "Bilan des lieux",
        ),
    ),
    (
        "emploi-partage",
        "Emploi partagé",
        (
            "Étude d'un groupement d'employeurs",
            "Fiche de poste : régie partagée",
            "Rencontre avec un groupement d'employeurs",
            "Bilan des mises à disposition",
        ),
    ),
    (
        "communication",
        "Communication",
        (
            "Lettre d'information",
            "Agenda commun de la saison",
            "Refonte du site du réseau",
            "Présence au forum des associations",
        ),
    ),
    (
        "plaidoyer",
        "Plaidoyer",
        (
            "Dialogue avec les collectivités",
            "Note sur le financement de la coopération",
            "Préparation du rendez-vous à la DRAC",
            "Contribution à la concertation régionale",
        ),
    ),
    (
        "materiel",
        "Parc de matériel commun",
        ("Inventaire du parc", "Règles de prêt", "Achat groupé", "Entretien du matériel"),
    ),
    (
        "formation",
        "Formation et montée en compétences",
        (
            "Plan de formation de la saison",
            "Atelier paie et contrats",
            "Sécurité des spectacles",
            "Bilan des formations",
        ),
    ),
    (
        "accueil",
        "Accueil des nouveaux membres",
        ("Livret d'accueil", "Parrainage des nouvelles structures", "Bilan des arrivées"),
    ),
)

_NOTES: Final[dict[str, tuple[str, ...]]] = {
    "time": (
        "Mise à jour du site du réseau",
        "Tenue du stand au forum des associations",
        "Préparation de l'assemblée générale",
        "Rédaction de la lettre d'information",
        "Organisation de la journée de rentrée",
        "Relecture du dossier DLA",
    ),
    "knowledge": (
        "Atelier paie et contrats",
        "Veille partagée sur les appels à projets",
        "Initiation à la régie lumière",
        "Retour d'expérience sur une demande de subvention",
        "Conseils sur la licence d'entrepreneur de spectacles",
        "Modèle de contrat de cession",
    ),
    "equipment": (
        "Prêt d'un kit lumière",
        "Prêt de praticables",
        "Prêt d'une console son",
        "Prêt de gradins",
        "Prêt d'un tapis de danse",
        "Prêt d'un vidéoprojecteur",
    ),
    "premises": (
        "Studio de répétition",
        "Salle de réunion",
        "Bureau partagé",
        "Plateau pour une résidence",
        "Stockage de décors",
    ),
    "coproduction": (
        "Coréalisation d'une création jeune public",
        "Festival partagé de quartier",
        "Tournée commune",
        "Résidence croisée",
    ),
    "shared_staff": (
        "Mise à disposition d'une régisseuse",
        "Administratrice partagée",
        "Chargé de diffusion partagé (groupement d'employeurs)",
        "Mise à disposition d'un technicien son",
    ),
}
_NETWORK_SERVICES: Final = (
    ("premises", "Salle du réseau"),
    ("equipment", "Parc de matériel du réseau"),
    ("knowledge", "Accompagnement administratif par le réseau"),
)
_REJECTION_NOTES: Final = ("Doublon", "Hors du champ du réseau", "Quantité à justifier")

# Where a member-to-member entry of a form goes, and how much one entry is.
_RECEIVERS: Final[dict[str, tuple[tuple[str, float], ...]]] = {
    "time": (("network", 0.85), ("group", 0.15)),
    "knowledge": (("network", 0.35), ("group", 0.3), ("member", 0.35)),
    "equipment": (("member", 0.8), ("network", 0.2)),
    "premises": (("member", 0.65), ("network", 0.35)),
    "coproduction": (("member", 0.6), ("network", 0.4)),
    "shared_staff": (("member", 0.85), ("network", 0.15)),
}
_QUANTITIES: Final[dict[str, tuple[str, ...]]] = {
    "time": ("1", "1.5", "2", "2.5", "3", "4", "5", "6"),
    "knowledge": ("1", "1.5", "2", "3", "4", "6"),
    "equipment": ("1", "2", "3", "4", "5", "7", "10"),
    "premises": ("2", "3", "4", "6", "8", "12", "16", "24", "35"),
    "coproduction": ("4", "6", "8", "12", "20", "35"),
    "shared_staff": ("7", "14", "21", "35", "70"),
}
_ENTRIES_PER_FORM: Final[dict[str, tuple[int, ...]]] = {
    "time": (1, 1, 2, 2, 3, 4, 5),
    "knowledge": (1, 1, 2, 2, 3, 4),
    "equipment": (1, 1, 2, 3),
    "premises": (1, 1, 2, 3),
    "coproduction": (1, 1, 2),
    "shared_staff": (1, 1, 2),
}


def _weighted(rnd: random.Random, weights: dict[str, int]) -> str:
    return rnd.choices(list(weights), weights=list(weights.values()))[0]


def valid_siret(rnd: random.Random) -> str:
    """A SIRET that passes both checks: a SIREN with its Luhn key, then a NIC keyed on all 14."""

    def keyed(payload: str) -> str:
        return next(payload + d for d in "0123456789" if luhn_ok(payload + d))

    siren = keyed(f"{rnd.randrange(10**8):08d}")
    while siren == "356000000":  # La Poste's establishments follow their own rule
        siren = keyed(f"{rnd.randrange(10**8):08d}")
    return keyed(f"{siren}{rnd.choice((1, 1, 1, 2, 3)):04d}")


def _fictional_phone(rnd: random.Random) -> str:
    """A number in the ranges the Arcep keeps for fiction (01 99 00 …, 06 39 98 …)."""
    head = rnd.choice(("01 99 00", "06 39 98"))
    return f"{head} {rnd.randrange(100):02d} {rnd.randrange(100):02d}"


_FAKER: Final = Faker("fr_FR")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DemoPerson:
    first_name: str
    last_name: str
    role: str
    phone: str


@dataclass(frozen=True, slots=True)
class DemoMember:
    """A member organisation's identity; its dated life in the network is drawn by the generator."""

    discipline: str
    departement: str
    legal_form: str
    tier: str
    core: str  # the distinctive part of the name, which the ref is made from
    people: tuple[DemoPerson, ...]
    commune: str
    employer: bool
    siret: str | None
    headcount_fte: Decimal
    name: str


class _FieldsOnceFactory(DataclassFactory[T]):
    """Reads the dataclass's fields once: polyfactory re-evaluates the annotations on every build,
    which would be most of the time spent on 2,000 members."""

    __is_base_factory__ = True
    _fields: ClassVar[dict[type, list[FieldMeta]]] = {}

    @classmethod
    def get_model_fields(cls) -> list[FieldMeta]:
        if cls not in cls._fields:
            cls._fields[cls] = super().get_model_fields()
        return cls._fields[cls]


class DemoPersonFactory(_FieldsOnceFactory[DemoPerson]):
    __check_model__ = True
    __faker__ = _FAKER
    first_name = Use(_FAKER.first_name)
    last_name = Use(_FAKER.last_name)
    # Through the class at call time: seed_random() replaces __random__.
    role = Use(lambda: DemoPersonFactory.__random__.choice(_ROLES))
    phone = Use(lambda: _fictional_phone(DemoPersonFactory.__random__))


def _core(_: str, values: dict[str, Any]) -> str:
    rnd = DemoMemberFactory.__random__
    draw = rnd.random()
    if values["legal_form"] == "collectif":
        draw *= 0.6  # collectives are never named after one person
    if draw < 0.35:
        return rnd.choice(_WORDS)
    if draw < 0.6:
        word = rnd.choice(_WORDS)
        return f"{word} {rnd.choice(_ADJECTIVES)[_FEMININE[word]]}"
    faker = DemoMemberFactory.__faker__
    first, last = faker.first_name(), faker.last_name()
    while last == first:  # "Richard Richard"
        last = faker.last_name()
    return f"{first} {last}"  # a company named after its director


def _employer(_: str, values: dict[str, Any]) -> bool:
    rates = {"association": 0.78, "scop": 1.0, "sarl": 1.0, "collectif": 0.0}
    return DemoMemberFactory.__random__.random() < rates[values["legal_form"]]


def _siret(_: str, values: dict[str, Any]) -> str | None:
    # Employers must have a SIRET; informal collectives have none; other associations often do.
    rnd = DemoMemberFactory.__random__
    if values["employer"] or (values["legal_form"] != "collectif" and rnd.random() < 0.58):
        return valid_siret(rnd)
    return None


def _headcount(_: str, values: dict[str, Any]) -> Decimal:
    if not values["employer"]:
        return Decimal("0.00")
    fte = min(12.0, 0.3 + DemoMemberFactory.__random__.expovariate(1 / 2.0))
    return Decimal(f"{fte:.1f}").quantize(Decimal("0.01"))


def _name(_: str, values: dict[str, Any]) -> str:
    core = values["core"]
    if values["legal_form"] == "collectif":
        return f"Collectif {core}"
    article = _CORES.get(core)
    if article is None:
        return f"Compagnie {core}"
    prefix = DemoMemberFactory.__random__.choice(_PREFIXES[values["discipline"]])
    if prefix == "Théâtre":
        return f"Théâtre {article}{core}" if article.endswith("'") else f"Théâtre {article} {core}"
    return f"{prefix} {core}"


class DemoMemberFactory(_FieldsOnceFactory[DemoMember]):
    __check_model__ = True
    __faker__ = _FAKER
    discipline = Use(lambda: _weighted(DemoMemberFactory.__random__, DISCIPLINES))
    departement = Use(lambda: _weighted(DemoMemberFactory.__random__, DEPARTEMENTS))
    legal_form = Use(lambda: _weighted(DemoMemberFactory.__random__, LEGAL_FORMS))
    tier = Use(lambda: _weighted(DemoMemberFactory.__random__, TIERS))
    people = Use(
        lambda: tuple(DemoPersonFactory.batch(DemoMemberFactory.__random__.choice((1, 1, 2))))
    )
    # Post-generated fields run in this order and may read the ones before them.
    core = PostGenerated(_core)
    commune = PostGenerated(
        lambda _, values: DemoMemberFactory.__random__.choice(COMMUNES[values["departement"]])
    )
    employer = PostGenerated(_employer)
    siret = PostGenerated(_siret)
    headcount_fte = PostGenerated(_headcount)
    name = PostGenerated(_name)


Span = tuple[date, date | None]  # a half-open [from, to) interval; to None: still open


@dataclass(slots=True, eq=False)
class _Member:
    ref: str
    demo: DemoMember
    memberships: list[Span]
    spans: list[tuple[date, date]]  # membership clipped to the season, half-open
    engagement: float
    consumer: bool = False
    partners: list[int] = field(default_factory=list)
    enrolments: list[tuple[str, date, date | None]] = field(default_factory=list)

    def is_member(self, day: date) -> bool:
        return any(start <= day < end for start, end in self.spans)

    def enrolled(self, group: str, day: date) -> bool:
        return any(
            g == group and start <= day and (end is None or day < end)
            for g, start, end in self.enrolments
        )


@dataclass(frozen=True, slots=True)
class _Season:
    start: date
    end: date  # exclusive

    def day(self, offset: int) -> date:
        return self.start + timedelta(days=offset)

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def _next_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _weekday(day: date) -> date:
    """The day itself, or the Monday after when it falls on a weekend."""
    return day + timedelta(days=7 - day.weekday() if day.weekday() >= 5 else 0)


def _random_day(rnd: random.Random, spans: Sequence[tuple[date, date]]) -> date:
    offset = rnd.randrange(sum((end - start).days for start, end in spans))
    for start, end in spans:
        length = (end - start).days
        if offset < length:
            return start + timedelta(days=offset)
        offset -= length
    raise AssertionError("offset beyond the spans")


def _weighted_sample(
    rnd: random.Random, pool: Sequence[int], weights: Sequence[float], k: int
) -> list[int]:
    """k distinct items drawn with probabilities proportional to weights (Efraimidis–Spirakis)."""
    keyed = sorted(
        ((rnd.random() ** (1 / w), i) for i, w in zip(pool, weights, strict=True)), reverse=True
    )
    return sorted(i for _, i in keyed[:k])


def season_of(day: date) -> date:
    """The first day of the demo's season (1 September to 31 August) that holds ``day``."""
    start = date(day.year, SEASON_MONTH, 1)
    return start if day >= start else start.replace(year=day.year - 1)


def generate_network(
    *,
    seed: int = 2026,
    members: int = 40,
    ref: str = "demo",
    season_start: date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """A whole demo network as a `raviv-network/1` archive document.

    Without ``today``: one complete season from ``season_start`` (2025-09-01 by default). With
    ``today``: the season before the one holding ``today``, complete, then the season holding
    it, under way: its meetings and entries up to ``today`` (later meetings planned, with no
    attendance yet), the latest entries more often still waiting for validation. The first
    season is then exactly the one-season document of its start; the same ``seed`` and
    ``today`` give the same document."""
    if members < 2:
        raise ValueError("a demo network needs at least 2 members")
    if slugify(ref) != ref:
        raise ValueError(f"the network ref must be a lower-case slug, not {ref!r}")
    if today is not None and season_start is not None:
        raise ValueError("give season_start (one complete season) or today, not both")
    if today is not None:
        current = season_of(today)
        season_start = current.replace(year=current.year - 1)
    rnd = random.Random(f"raviv-demo-{seed}")  # noqa: S311  demo data, not secrets
    first = season_start or FIRST_SEASON
    season = _Season(first, _next_year(first))
    DemoPersonFactory.seed_random(seed + 1)
    DemoMemberFactory.seed_random(seed)  # also seeds the shared Faker("fr_FR") with the seed

    roster = _build_members(rnd, season, members)
    groups = _working_groups(rnd, roster, season)
    meetings = _meetings(rnd, roster, groups, season)
    exemptions = _exemptions(rnd, roster, season)
    contributions = _contributions(rnd, roster, [g[0] for g in groups], season)
    if today is not None:
        now = _Season(season.end, _next_year(season.end))
        under_way = _in_season(roster, now)
        meetings += _meetings(rnd, under_way, groups, now, until=today)
        exemptions += _exemptions(rnd, under_way, now)
        contributions = _numbered(
            contributions + _contributions(rnd, under_way, [g[0] for g in groups], now, until=today)
        )
    year = season.start.year
    return {
        "format": FORMAT,
        "network": {
            "ref": ref,
            "name": "Réseau démo des arts vivants",
            "territory": "Île-de-France",
            "period": "season",
            "timezone": TIMEZONE,
            "rates": _rates(season),
            **_identity(seed),
        },
        "members": [_member_document(m) for m in roster],
        "working_groups": [
            {
                "ref": g_ref,
                "name": g_name,
                "enrolments": [
                    {"member": m.ref, "from": start.isoformat(), "to": _iso(end)}
                    for m in roster
                    for g, start, end in m.enrolments
                    if g == g_ref
                ],
            }
            for g_ref, g_name, _ in groups
        ],
        "meetings": meetings,
        "contributions": contributions,
        "rule_sets": [
            {
                "ref": f"regle-{year}",
                "effective_from": season.start.isoformat(),
                "period": "season",
                "grace_days": 30,
                "criteria": [
                    {"criterion": "meetings_attended", "min": 3},
                    {"criterion": "hours_given", "min": "10"},
                    {"criterion": "mandatory_meetings"},
                    {"criterion": "groups_enrolled", "min": 1},
                ],
            }
        ],
        "exemptions": exemptions,
    }


def _identity(seed: int) -> dict[str, Any]:
    """The network's legal identity (docs/network.md): an association of Montreuil founded in
    2009, its SIRET and RNA number drawn from the seed apart from everything else (so that the
    members, meetings and ledger stay what the seed gave before the identity existed)."""
    rnd = random.Random(f"raviv-demo-identity-{seed}")  # noqa: S311  demo data, not secrets
    return {
        "legal_name": "Réseau démo des arts vivants en Île-de-France",
        "siret": valid_siret(rnd),
        "rna": f"W93{rnd.randrange(10**7):07d}",
        "legal_form": "association",
        "creation_year": 2009,
        "address_street": "12 rue des Répétitions",
        "address_postcode": "93100",
        "address_city": "Montreuil",
        "general_assemblies_per_year": 1,
        "board_meetings_per_year": 4,
        "signatory_name": "Élise Moreau",
        "signatory_role": "Présidente",
    }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _rates(season: _Season) -> list[dict[str, str]]:
    start = season.start.isoformat()
    rates = [
        {"form": form, "eur_per_unit": str(HOURLY_RATE), "effective_from": start}
        for form in TIME_LIKE_FORMS
    ]
    rates[0]["method"] = HOURLY_METHOD
    for form, (rate, method) in (("equipment", EQUIPMENT_RATE), ("premises", PREMISES_RATE)):
        rates.append(
            {"form": form, "eur_per_unit": rate, "effective_from": start, "method": method}
        )
    return rates


_NAME_DRAWS: Final = 20
"""Names drawn again before one is made unique by its commune."""


def _unique_demo(taken_names: set[str], taken_sirets: set[str]) -> DemoMember:
    """A new organisation; a name already taken is drawn again, and only the name, so that the
    shares of legal forms, employers and SIRETs stay what the factory draws."""
    demo = DemoMemberFactory.build()
    while demo.siret is not None and demo.siret in taken_sirets:
        demo = DemoMemberFactory.build()
    for _ in range(_NAME_DRAWS):
        if demo.name not in taken_names:
            break
        # Only the name is drawn again, as the factory would draw it with every other field
        # kept (its core, then the name from it; the same draws from the same random), without
        # building a whole member each time: a hundred thousand members take seconds, not minutes.
        values = {f.name: getattr(demo, f.name) for f in fields(demo)}
        values["core"] = _core("core", values)
        demo = replace(demo, core=values["core"], name=_name("name", values))
    else:
        # Past ~14,500 members the names drawn from words run out (collectives have no other):
        # the name says where the organisation is, then, if need be, carries a number.
        name = f"{demo.name} ({demo.commune})"
        number = 2
        while name in taken_names:
            name, number = f"{demo.name} ({demo.commune}) {number}", number + 1
        demo = replace(demo, name=name)
    taken_names.add(demo.name)
    if demo.siret is not None:
        taken_sirets.add(demo.siret)
    return demo


def _unique_ref(candidates: Iterable[str], taken: set[str]) -> str:
    options = [c for c in candidates if c]
    for candidate in options:
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    number = 2
    while f"{options[0]}-{number}" in taken:
        number += 1
    taken.add(f"{options[0]}-{number}")
    return f"{options[0]}-{number}"


def _build_members(rnd: random.Random, season: _Season, count: int) -> list[_Member]:
    names: set[str] = set()
    sirets: set[str] = set()
    refs: set[str] = set()
    roster: list[_Member] = []
    for _ in range(count):
        demo = _unique_demo(names, sirets)
        ref = _unique_ref((slugify(demo.core), slugify(demo.name)), refs)
        since = season.start - timedelta(days=1 + min(int(rnd.expovariate(1 / 1100)), 15 * 365))
        engagement = min(2.5, max(0.2, rnd.lognormvariate(0, 0.5)))
        engagement *= {"board": 1.6, "associate": 0.6}.get(demo.tier, 1.0)
        roster.append(_Member(ref, demo, [(since, None)], [], engagement))

    # Quotas rather than coin tosses, so that small networks look like large ones.
    ordinary = [i for i, m in enumerate(roster) if m.demo.tier != "board"]
    rnd.shuffle(ordinary)
    joiners = max(1, round(0.10 * count))
    leavers = max(1, round(0.05 * count))
    consumers = max(1, round(0.06 * count))
    for i in ordinary[:joiners]:
        joined = _weekday(season.day(rnd.randint(20, season.days - 90)))
        if rnd.random() < 0.5 and joined.replace(day=1) >= season.day(15):
            joined = joined.replace(day=1)  # many boards admit new members from the 1st
        roster[i].memberships = [(joined, None)]
        roster[i].engagement *= 0.8
    for number, i in enumerate(ordinary[joiners : joiners + leavers]):
        since = roster[i].memberships[0][0]
        left = season.day(rnd.randint(45, season.days - 150))
        roster[i].memberships = [(since, left)]
        if number % 2 == 0:  # one in two comes back
            roster[i].memberships.append((left + timedelta(days=rnd.randint(30, 100)), None))
    for i in ordinary[joiners + leavers : joiners + leavers + consumers]:
        roster[i].consumer = True
        roster[i].engagement = 0.3
    for member in roster:
        member.spans = _spans(member.memberships, season)
    _link_partners(rnd, roster)
    return roster


def _link_partners(rnd: random.Random, roster: list[_Member]) -> None:
    """Each organisation works with a few trusted others, mostly in its own département."""
    by_departement: dict[str, list[int]] = {}
    for i, m in enumerate(roster):
        by_departement.setdefault(m.demo.departement, []).append(i)
    links: list[set[int]] = [set() for _ in roster]
    for i, m in enumerate(roster):
        wanted = rnd.randint(1, 2) if m.consumer else rnd.randint(2, 4)
        for _ in range(wanted):
            local = by_departement[m.demo.departement]
            j = (
                rnd.choice(local)
                if rnd.random() < 0.6 and len(local) > 1
                else rnd.randrange(len(roster))
            )
            if j != i:
                links[i].add(j)
                links[j].add(i)
    for m, linked in zip(roster, links, strict=True):
        m.partners = sorted(linked)


def _working_groups(
    rnd: random.Random, roster: list[_Member], season: _Season
) -> list[tuple[str, str, tuple[str, ...]]]:
    extra = sorted(rnd.sample(range(4, len(WORKING_GROUPS)), rnd.randint(0, 2)))
    groups = [WORKING_GROUPS[i] for i in (0, 1, 2, 3, *extra)]
    popularity = [3.0, 1.0, 2.0, 1.5] + [1.2] * len(extra)
    refs = [g[0] for g in groups]
    for m in roster:
        if m.consumer:
            continue
        wanted = rnd.choices((0, 1, 2, 3), weights=(12, 55, 24, 9))[0]
        if m.demo.tier == "board":
            wanted = max(wanted, 1)
        chosen: set[str] = set()
        while len(chosen) < wanted:
            chosen.add(rnd.choices(refs, weights=popularity)[0])
        for number, (start, end) in enumerate(m.memberships):
            if number > 0 and rnd.random() < 0.4:
                continue  # back in the network, but not (yet) in a group
            for group in sorted(chosen):
                if start < season.start:
                    latest = min(season.day(60), (end or season.end) - timedelta(days=1))
                    earliest = max(start, season.start - timedelta(days=3 * 365))
                    span = max(0, (latest - earliest).days)
                    enrolled = earliest + timedelta(days=rnd.randint(0, span))
                else:
                    enrolled = start + timedelta(days=rnd.randint(0, 30))
                if end is None or enrolled < end:
                    m.enrolments.append((group, enrolled, end))
    return groups


def _attendance(
    rnd: random.Random, invited: Iterable[_Member], attend: float, excused: float
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for m in invited:
        draw = rnd.random()
        if draw < min(0.95, attend * m.engagement):
            rows.append({"member": m.ref, "people": rnd.choices((1, 2, 3), weights=(80, 17, 3))[0]})
        elif draw < min(0.95, attend * m.engagement) + excused:
            rows.append({"member": m.ref, "excused": True})
    return rows


def _meeting(
    ref: str,
    title: str,
    *,
    kind: str,
    day: date,
    hours: str,
    attendance: list[dict[str, Any]],
    group: str | None = None,
    mandatory: bool = False,
) -> dict[str, Any]:
    attendance.sort(key=lambda row: str(row["member"]))
    return {
        "ref": ref,
        "title": title,
        "kind": kind,
        "group": group,
        "mandatory": mandatory,
        "date": day.isoformat(),
        "duration_hours": hours,
        "attendance": attendance,
    }


def _meetings(
    rnd: random.Random,
    roster: list[_Member],
    groups: list[tuple[str, str, tuple[str, ...]]],
    season: _Season,
    *,
    until: date | None = None,
) -> list[dict[str, Any]]:
    """The season's meetings. With ``until`` (a season under way): the working groups'
    meeting refs carry the year, like the others', and the meetings after ``until`` are
    planned, with no attendance yet."""
    year = season.start.year
    day = _weekday(season.day(rnd.randint(75, 90)))
    present = [m for m in roster if m.is_member(day)]
    rows = _attendance(rnd, (m for m in present if not m.consumer), attend=0.7, excused=0.14)
    # Organisations that only consume the network's services rarely answer its assembly.
    rows += [
        {"member": m.ref, "excused": True} for m in present if m.consumer and rnd.random() < 0.3
    ]
    meetings = [
        _meeting(
            f"ag-{year}",
            "Assemblée générale",
            kind="general_assembly",
            day=day,
            hours="3",
            attendance=rows,
            mandatory=True,
        )
    ]

    day = _weekday(season.day(rnd.randint(18, 28)))
    invited = (m for m in roster if m.is_member(day) and not m.consumer)
    rows = _attendance(rnd, invited, attend=0.3, excused=0.0)
    meetings.append(
        _meeting(
            f"rentree-{year}",
            "Journée de rentrée du réseau",
            kind="seminar",
            day=day,
            hours="4",
            attendance=rows,
        )
    )

    board = [m for m in roster if m.demo.tier == "board"]
    for number, offset in enumerate((30, 95, 150, 205, 260, 310), start=1):
        day = _weekday(season.day(offset + rnd.randint(-5, 5)))
        rows = _attendance(rnd, (m for m in board if m.is_member(day)), attend=0.6, excused=0.15)
        meetings.append(
            _meeting(
                f"ca-{year}-{number}",
                "Conseil d'administration",
                kind="board",
                day=day,
                hours="2.5",
                attendance=rows,
            )
        )

    for g_ref, _name, topics in groups:
        held = rnd.randint(5, 8)
        for number in range(1, held + 1):
            offset = 20 + (number - 1) * (season.days - 80) // held + rnd.randint(0, 20)
            day = _weekday(season.day(offset))
            enrolled = [m for m in roster if m.enrolled(g_ref, day) and m.is_member(day)]
            rows = _attendance(rnd, enrolled, attend=0.5, excused=0.08)
            if rnd.random() < 0.5:  # someone from outside the group comes to see
                guest = rnd.choice(roster)
                if guest.is_member(day) and not guest.consumer and guest not in enrolled:
                    rows.append({"member": guest.ref, "people": 1})
            meetings.append(
                _meeting(
                    f"{g_ref}-{number}" if until is None else f"{g_ref}-{year}-{number}",
                    topics[(number - 1) % len(topics)],
                    kind="working_group",
                    group=g_ref,
                    day=day,
                    hours=rnd.choice(("2", "2", "1.5", "3")),
                    attendance=rows,
                )
            )

    meetings.sort(key=lambda meeting: (meeting["date"], meeting["ref"]))
    if until is not None:
        for meeting in meetings:
            if _day(meeting["date"]) > until:
                meeting["attendance"] = []  # planned, not held yet
    return meetings


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _spans(memberships: list[Span], season: _Season) -> list[tuple[date, date]]:
    """The membership periods clipped to the season (half-open)."""
    return [
        (max(start, season.start), min(end or season.end, season.end))
        for start, end in memberships
        if start < season.end and (end is None or end > season.start)
    ]


def _in_season(roster: list[_Member], season: _Season) -> list[_Member]:
    """The same organisations (memberships, partners, enrolments) in another season: their
    membership clipped to it (empty for those that left for good)."""
    return [replace(m, spans=_spans(m.memberships, season)) for m in roster]


def _numbered(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Refs ``c1``, ``c2``… in date order (stable: ties keep the order they were drawn in)."""
    entries.sort(key=lambda e: e["date"])
    for number, entry in enumerate(entries, start=1):
        entry["ref"] = f"c{number}"
    return entries


def _exemptions(rnd: random.Random, roster: list[_Member], season: _Season) -> list[dict[str, Any]]:
    candidates = [m for m in roster if not m.consumer and m.demo.tier == "member" and m.spans]
    chosen = rnd.sample(candidates, min(2, len(candidates)))
    reasons: list[tuple[str | list[str], str]] = [
        ("all", "Congé de création décidé par le CA"),
        (["meetings_attended"], "Tournée à l'étranger une grande partie de la saison"),
    ]
    return [
        {
            "member": m.ref,
            "criteria": criteria,
            "period_start": season.start.isoformat(),
            "reason": reason,
        }
        for m, (criteria, reason) in zip(chosen, reasons, strict=False)
    ]


class _Ledger:
    """Entries drawn one by one; refs are given once they are sorted by date."""

    def __init__(
        self,
        rnd: random.Random,
        roster: list[_Member],
        groups: list[str],
        season: _Season,
        until: date | None = None,
    ) -> None:
        self.rnd = rnd
        self.roster = roster
        self.groups = groups
        self.season = season
        self.until = until
        self.entries: list[dict[str, Any]] = []
        self.received_from: list[set[int]] = [set() for _ in roster]

    def status(self, day: date, *, anchor: bool) -> tuple[str, str | None]:
        if anchor:
            return "validated", None
        if self.until is None:
            late = (day - self.season.start).days > self.season.days * 2 // 3
        else:  # under way: what was logged these last weeks often awaits validation
            late = (self.until - day).days < RECENT_DAYS
        draw = self.rnd.random()
        if draw < (0.25 if late else 0.05):
            return "submitted", None
        if draw > 0.95:
            return "rejected", self.rnd.choice(_REJECTION_NOTES)
        return "validated", None

    def add(
        self,
        giver: dict[str, Any],
        receiver: dict[str, Any],
        form: str,
        day: date,
        *,
        anchor: bool,
        note: str | None,
    ) -> None:
        status, reason = self.status(day, anchor=anchor)
        entry: dict[str, Any] = {
            "ref": "",
            "giver": giver,
            "receiver": receiver,
            "form": form,
            "quantity": self.rnd.choice(_QUANTITIES[form]),
            "date": day.isoformat(),
            "status": status,
        }
        note = reason or note
        if note is not None:
            entry["note"] = note
        self.entries.append(entry)

    def member_receiver(self, giver: int, day: date) -> int | None:
        rnd, roster = self.rnd, self.roster
        pools = []
        if rnd.random() < 0.5:  # give back to those who gave to you
            pools.append(sorted(self.received_from[giver]))
        if rnd.random() < 0.75:
            pools.append(roster[giver].partners)
        for pool in pools:
            active = [j for j in pool if j != giver and roster[j].is_member(day)]
            if active:
                return rnd.choice(active)
        for _ in range(20):
            j = rnd.randrange(len(roster))
            if j != giver and roster[j].is_member(day):
                return j
        return None

    def give(self, giver: int, form: str, *, anchor: bool) -> None:
        rnd, member = self.rnd, self.roster[giver]
        day = _random_day(rnd, member.spans)
        kinds, weights = zip(*_RECEIVERS[form], strict=True)
        kind = rnd.choices(kinds, weights=weights)[0]
        receiver: dict[str, Any] = {"network": True}
        if kind == "member":
            j = self.member_receiver(giver, day)
            if j is not None:
                receiver = {"member": self.roster[j].ref}
                self.received_from[j].add(giver)
        elif kind == "group":
            mine = [g for g in self.groups if member.enrolled(g, day)]
            receiver = {"group": rnd.choice(mine or self.groups)}
        note = rnd.choice(_NOTES[form]) if rnd.random() < 0.8 else None
        self.add({"member": member.ref}, receiver, form, day, anchor=anchor, note=note)

    def finish(self) -> list[dict[str, Any]]:
        if self.until is not None:  # the season is under way: nothing after today
            until = self.until.isoformat()
            self.entries = [e for e in self.entries if e["date"] <= until]
        return _numbered(self.entries)


def _contributions(
    rnd: random.Random,
    roster: list[_Member],
    groups: list[str],
    season: _Season,
    *,
    until: date | None = None,
) -> list[dict[str, Any]]:
    """The season's ledger; with ``until``, drawn for the whole season, then only what is
    dated up to ``until`` is kept (a season under way)."""
    ledger = _Ledger(rnd, roster, groups, season, until)
    givers = [i for i, m in enumerate(roster) if not m.consumer and m.spans]
    plan: list[tuple[int, str]] = []
    for form, target in FORM_TARGETS.items():
        pool = givers
        if form == "shared_staff":  # staff is shared by employers
            employers = [i for i in givers if roster[i].demo.employer]
            pool = employers if len(employers) >= round(target * len(roster)) else givers
        quota = min(len(pool), round(target * len(roster)))
        weights = [roster[i].engagement for i in pool]
        plan += [(i, form) for i in _weighted_sample(rnd, pool, weights, quota)]
    plan += [(i, "time") for i in givers if rnd.random() < min(0.95, 0.7 * roster[i].engagement)]
    rnd.shuffle(plan)  # so that giving back is not always the privilege of the last ones drawn
    for i, form in plan:
        for number in range(rnd.choice(_ENTRIES_PER_FORM[form])):
            ledger.give(i, form, anchor=number == 0 and form != "time")

    # The network's own services: every consumer uses them, and some other members too.
    for m in roster:
        if (m.consumer or rnd.random() < 0.15) and m.spans:
            for _ in range(rnd.randint(1, 2)):
                form, note = rnd.choice(_NETWORK_SERVICES)
                day = _random_day(rnd, m.spans)
                ledger.add(
                    {"network": True}, {"member": m.ref}, form, day, anchor=m.consumer, note=note
                )
    return ledger.finish()


def _member_document(m: _Member) -> dict[str, Any]:
    demo = m.demo
    people: list[dict[str, Any]] = []
    person_refs: set[str] = set()
    for person in demo.people:
        first, last = slugify(person.first_name), slugify(person.last_name)
        people.append(
            {
                "ref": _unique_ref((f"{m.ref}-{first}", f"{m.ref}-{first}-{last}"), person_refs),
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": f"{first}.{last}@{m.ref}.example",
                "phone": person.phone,
                "role": person.role,
            }
        )
    return {
        "ref": m.ref,
        "name": demo.name,
        "siret": demo.siret,
        "legal_form": demo.legal_form,
        "discipline": demo.discipline,
        "departement": demo.departement,
        "commune": demo.commune,
        "employer": demo.employer,
        "headcount_fte": str(demo.headcount_fte),
        "tier": demo.tier,
        "memberships": [
            {"from": start.isoformat(), "to": _iso(end)} for start, end in m.memberships
        ],
        "people": people,
    }


def giving_shares(document: dict[str, Any]) -> dict[str, float]:
    """Per form, the share of the document's members giving at least one validated entry of it."""
    givers: dict[str, set[str]] = {form: set() for form in FORM_TARGETS}
    for entry in document["contributions"]:
        member = entry["giver"].get("member")
        if member is not None and entry["status"] == "validated" and entry["form"] in givers:
            givers[entry["form"]].add(member)
    total = len(document["members"])
    return {form: len(refs) / total for form, refs in givers.items()}


async def demo_representatives(network_ref: str, at: date | None = None) -> tuple[str, str] | None:
    """The members Karim and Mallory represent once the demo network is imported (the database's,
    unlike the rest of this module): Karim's is the first member by ref that has not met its
    hours threshold today (or ``at``), so that what he logs and Camille validates moves his
    bar; Mallory's the first other member by ref (both among those the rule evaluates then).
    The same seed and day give the same two members. None when no rule is in effect that day
    (a season to come)."""
    from raviv.errors import InvalidError
    from raviv.participation.evaluation import evaluate_network  # the imported network's
    from raviv.registry.service import resolve_network
    from raviv.rules.evaluator import Status
    from raviv.vocabulary import CriterionName

    network = await resolve_network(network_ref)
    try:
        evaluation = await evaluate_network(network, at=at or network.today)
    except InvalidError:
        return None
    refs = sorted(member.member for member in evaluation.members)
    behind = sorted(
        member.member
        for member in evaluation.members
        if member.status is not Status.exempt
        and any(
            c.criterion is CriterionName.hours_given and not c.met and not c.exempt
            for c in member.criteria
        )
    )
    if len(refs) < 2:
        return None
    karim = behind[0] if behind else refs[0]
    return karim, next(ref for ref in refs if ref != karim)


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m raviv.demo --members 40 > demo.json`: write a demo archive to stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--ref", default="demo")
    parser.add_argument("--season-start", type=date.fromisoformat, default=None)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    document = generate_network(
        seed=args.seed,
        members=args.members,
        ref=args.ref,
        season_start=args.season_start,
        today=args.today,
    )
    json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
