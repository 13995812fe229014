"""Factories for the API's input DTOs (polyfactory), with the personas of docs/domain.md."""

from __future__ import annotations

from faker import Faker
from polyfactory import Use
from polyfactory.factories.msgspec_factory import MsgspecFactory

from raviv.registry.schemas import MemberCreate, NetworkCreate

# Camille coordinates this network; Karim represents Compagnie Alizé; Mallory, Ensemble Basalte.
CAMILLE_NETWORK = {"ref": "raviv-idf", "name": "Réseau d'arts vivants en Île-de-France"}
KARIM_MEMBER = {"ref": "alize", "name": "Compagnie Alizé", "siret": "52601815500014"}
MALLORY_MEMBER = {"ref": "basalte", "name": "Ensemble Basalte", "siret": "90830166600016"}


_FAKER = Faker("fr_FR")


class NetworkCreateFactory(MsgspecFactory[NetworkCreate]):
    __check_model__ = True
    __faker__ = _FAKER
    ref = Use(lambda: f"reseau-{NetworkCreateFactory.__faker__.unique.pyint(1, 10**9)}")
    name = Use(lambda: f"Réseau {NetworkCreateFactory.__faker__.city()}")
    territory = "Île-de-France"
    timezone = "Europe/Paris"
    parent = None


class MemberCreateFactory(MsgspecFactory[MemberCreate]):
    __check_model__ = True
    __faker__ = _FAKER
    legal_form = Use(lambda: MemberCreateFactory.__random__.choice(["association", "scop", "sarl"]))
    ref = Use(lambda: f"membre-{MemberCreateFactory.__faker__.unique.pyint(1, 10**9)}")
    name = Use(lambda: f"Compagnie {MemberCreateFactory.__faker__.last_name()}")
    siret = None
    departement = Use(lambda: MemberCreateFactory.__random__.choice(["75", "77", "92", "93", "94"]))
    commune = Use(_FAKER.city)
    headcount_fte = None
    tier = "member"
