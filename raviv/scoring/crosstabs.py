"""Cross-tabulations of reciprocity by discipline, département and size: who helps whom across
territories, and how much of each member's exchanges stay in its own département (local
anchoring, one of the brakes on cooperation the context document names).

Pure, over the scoring frame of :mod:`raviv.scoring.reciprocity` and a frame of member
attributes (:data:`ATTRIBUTE_COLUMNS`, built by :func:`attributes_frame`). The definitions, with
the example network worked through, are in ``docs/scoring.md`` §11.

- A member with several disciplines counts **in each** of them, with its whole value: the rows of
  a table by discipline may add up to more than the network's total.
- A member whose département or discipline is not stated is in the class ``?`` (so is a member
  missing from the attributes).
- Size (:func:`size_class`) is read from the staff in full-time equivalents when it is stated,
  else from whether the member employs staff.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final, Literal

import pandas as pd

from raviv.archive.schema import Archive
from raviv.scoring.reciprocity import (
    ENTRIES,
    GIVER,
    GIVER_KIND,
    MEMBER,
    RECEIVER,
    RECEIVER_KIND,
    VALUE,
    given,
    ratio,
    received,
)

REF: Final = "member"
NAME: Final = "name"
DEPARTEMENT: Final = "departement"
DISCIPLINES: Final = "disciplines"
EMPLOYER: Final = "employer"
HEADCOUNT: Final = "headcount_fte"
BUDGET: Final = "budget_bracket"
ATTRIBUTE_COLUMNS: Final = (REF, NAME, DEPARTEMENT, DISCIPLINES, EMPLOYER, HEADCOUNT, BUDGET)
"""The member attributes frame: one row per member (``member`` its ref, ``name``,
``departement`` code or ``""``, ``disciplines`` a tuple, ``employer`` a bool, ``headcount_fte``
a Decimal or None, ``budget_bracket`` free text). Names are used by the exchange graph's tooltips
only, never written in a table here."""

UNKNOWN: Final = "?"
"""The class of a member whose département or discipline is not stated."""

Dimension = Literal["discipline", "departement", "size"]


class SizeClass(StrEnum):
    """The size of a member organisation, in this order in every table."""

    no_staff = "no_staff"  # employs nobody: no staff stated, or 0 FTE
    fte_under_3 = "fte_under_3"  # more than 0 and less than 3 FTE
    fte_3_to_10 = "fte_3_to_10"  # 3 FTE or more, less than 10
    fte_10_plus = "fte_10_plus"  # 10 FTE or more
    employer_fte_unstated = "employer_fte_unstated"  # an employer whose staff is not stated


SMALL_TEAM: Final = Decimal(3)
LARGE_TEAM: Final = Decimal(10)


def size_class(employer: bool, headcount_fte: Decimal | None) -> SizeClass:
    """The size class of a member: from its staff in FTE when stated, else from whether it
    employs staff. The budget bracket is free text with no common scale across networks, so it
    does not decide the size."""
    if headcount_fte is None:
        return SizeClass.employer_fte_unstated if employer else SizeClass.no_staff
    if headcount_fte == 0:
        return SizeClass.no_staff
    if headcount_fte < SMALL_TEAM:
        return SizeClass.fte_under_3
    if headcount_fte < LARGE_TEAM:
        return SizeClass.fte_3_to_10
    return SizeClass.fte_10_plus


@dataclass(frozen=True, slots=True)
class MemberAttributes:
    """What the cross-tabulations know of one member."""

    ref: str
    name: str = ""
    departement: str = ""
    disciplines: tuple[str, ...] = ()
    employer: bool = False
    headcount_fte: Decimal | None = None
    budget_bracket: str = ""


def attributes_frame(members: Iterable[MemberAttributes]) -> pd.DataFrame:
    """The member attributes frame (:data:`ATTRIBUTE_COLUMNS`)."""
    rows = list(members)
    return pd.DataFrame(
        {
            REF: [m.ref for m in rows],
            NAME: [m.name for m in rows],
            DEPARTEMENT: [m.departement for m in rows],
            DISCIPLINES: [tuple(m.disciplines) for m in rows],
            EMPLOYER: [m.employer for m in rows],
            HEADCOUNT: pd.Series([m.headcount_fte for m in rows], dtype=object),
            BUDGET: [m.budget_bracket for m in rows],
        },
        columns=list(ATTRIBUTE_COLUMNS),
    )


def attributes_of_archive(archive: Archive) -> pd.DataFrame:
    """The attributes of an archive's members (``discipline``, or the ``disciplines``
    extension, lower-cased as the registry stores them)."""
    return attributes_frame(
        MemberAttributes(
            ref=m.ref,
            name=m.name,
            departement=m.departement,
            disciplines=tuple(
                dict.fromkeys(
                    d.strip().lower() for d in (m.disciplines or [m.discipline]) if d and d.strip()
                )
            ),
            employer=m.employer,
            headcount_fte=m.headcount_fte,
            budget_bracket=m.budget_bracket,
        )
        for m in archive.members
    )


# -- classes --------------------------------------------------------------------------------------


def member_classes(attributes: pd.DataFrame, dimension: Dimension) -> pd.DataFrame:
    """``member`` → ``class`` along one dimension: one row per member, or one per discipline
    of a member with several (it counts in each)."""
    refs = attributes[REF].astype(str)
    if dimension == "departement":
        values = attributes[DEPARTEMENT].astype(str).where(attributes[DEPARTEMENT] != "", UNKNOWN)
        return pd.DataFrame({REF: refs, "class": values}).reset_index(drop=True)
    if dimension == "size":
        sizes = [
            size_class(bool(employer), None if pd.isna(fte) else Decimal(str(fte))).value
            for employer, fte in zip(attributes[EMPLOYER], attributes[HEADCOUNT], strict=True)
        ]
        return pd.DataFrame({REF: refs, "class": sizes}).reset_index(drop=True)
    disciplines = [tuple(values) or (UNKNOWN,) for values in attributes[DISCIPLINES]]
    exploded = pd.DataFrame({REF: refs, "class": disciplines}).explode("class")
    return exploded.reset_index(drop=True)


def _class_order(dimension: Dimension, present: Iterable[str]) -> list[str]:
    classes = set(present)
    known: list[str]
    if dimension == "size":
        known = [size.value for size in SizeClass if size.value in classes]
    else:
        known = sorted(classes - {UNKNOWN})
    return known + ([UNKNOWN] if UNKNOWN in classes else [])


def _classes_of(members: Iterable[str], classes: pd.DataFrame) -> pd.DataFrame:
    """The classes of these members, a member absent from the attributes being unknown."""
    wanted = pd.DataFrame({REF: pd.Series(list(dict.fromkeys(members)), dtype=str)})
    return wanted.merge(classes, on=REF, how="left").fillna({"class": UNKNOWN})


def by_class(
    entries: pd.DataFrame,
    attributes: pd.DataFrame,
    active_members: Sequence[str],
    dimension: Dimension,
) -> pd.DataFrame:
    """Per class of ``dimension`` (the index, in order): ``active_members`` (of the class),
    ``givers`` (active members of the class that gave at least one entry), ``given_cents`` and
    ``received_cents`` (of every member of the class, active or not). The participation rate of
    a class is ``givers / active_members``, its balance index ``(G − R) / (G + R)``."""
    g, r = given(entries), received(entries)
    active = list(dict.fromkeys(active_members))
    population = _classes_of([*active, *g, *r], member_classes(attributes, dimension))
    is_active = population[REF].isin(set(active))
    table = pd.DataFrame(
        {
            "class": population["class"],
            "active_members": is_active.astype("int64"),
            "givers": (is_active & population[REF].isin(set(g))).astype("int64"),
            "given_cents": population[REF].map(g).fillna(0).astype("int64"),
            "received_cents": population[REF].map(r).fillna(0).astype("int64"),
        }
    )
    sums = table.groupby("class").sum()
    return sums.reindex(_class_order(dimension, sums.index)).rename_axis("class")


# -- between members ------------------------------------------------------------------------------


def _directed(entries: pd.DataFrame) -> pd.DataFrame:
    """Cents and entry counts given by each member to each other member."""
    between = entries[(entries[GIVER_KIND] == MEMBER) & (entries[RECEIVER_KIND] == MEMBER)]
    return (
        between.groupby([GIVER, RECEIVER], as_index=False, observed=True)
        .agg(value=(VALUE, "sum"), entries=(ENTRIES, "sum"))
        .astype({GIVER: str, RECEIVER: str})
    )


def class_matrix(
    entries: pd.DataFrame, attributes: pd.DataFrame, dimension: Dimension
) -> pd.DataFrame:
    """Cents given between members, by the giver's class (rows) and the receiver's class
    (columns), 0 where nothing passed: for départements, who helps whom across territories.
    Only classes with an exchange are listed."""
    directed = _directed(entries)
    if directed.empty:
        return pd.DataFrame(dtype="int64").rename_axis(index="from", columns="to")
    classes = member_classes(attributes, dimension)
    flows = (
        directed.merge(classes.rename(columns={REF: GIVER, "class": "from"}), on=GIVER, how="left")
        .merge(classes.rename(columns={REF: RECEIVER, "class": "to"}), on=RECEIVER, how="left")
        .fillna({"from": UNKNOWN, "to": UNKNOWN})
    )
    matrix = flows.groupby(["from", "to"])["value"].sum().unstack(fill_value=0).astype("int64")
    return matrix.reindex(
        index=_class_order(dimension, matrix.index),
        columns=_class_order(dimension, matrix.columns),
        fill_value=0,
    )


def local_anchoring(entries: pd.DataFrame, attributes: pd.DataFrame) -> pd.DataFrame:
    """For each member that exchanged with other members (given or received), in ref order:
    ``departement``, ``exchanged_cents`` (given to and received from other members) and
    ``local_cents`` (the part with members of its own département). A member whose
    département is not stated has no local part; its partners count their exchanges with it
    as not local."""
    directed = _directed(entries)
    departements = dict(
        zip(attributes[REF].astype(str), attributes[DEPARTEMENT].astype(str), strict=True)
    )
    giver_dep = directed[GIVER].map(departements).fillna("")
    receiver_dep = directed[RECEIVER].map(departements).fillna("")
    local = directed["value"].where((giver_dep == receiver_dep) & (giver_dep != ""), 0)
    sides = pd.concat(
        [
            pd.DataFrame({REF: directed[GIVER], "exchanged": directed["value"], "local": local}),
            pd.DataFrame({REF: directed[RECEIVER], "exchanged": directed["value"], "local": local}),
        ]
    )
    sums = sides.groupby(REF).sum().sort_index()
    return pd.DataFrame(
        {
            REF: sums.index.astype(str),
            DEPARTEMENT: [departements.get(member, "") for member in sums.index],
            "exchanged_cents": sums["exchanged"].astype("int64").to_numpy(),
            "local_cents": sums["local"].astype("int64").to_numpy(),
        }
    )


def local_share(anchoring: pd.DataFrame) -> Decimal | None:
    """The network's local anchoring: Σ local / Σ exchanged over the members whose département
    is stated (each entry between two such members counts once at each end, so this is the
    share of the value exchanged between them that stays inside one département); ``None``
    when nothing was exchanged."""
    known = anchoring[anchoring[DEPARTEMENT] != ""]
    return ratio(int(known["local_cents"].sum()), int(known["exchanged_cents"].sum()))
