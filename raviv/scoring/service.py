"""The reciprocity of a network over a period, read from the database: the JSON of ``raviv
reciprocity`` and of ``GET /api/networks/{ref}/reciprocity`` (docs/scoring.md §6), and every table
behind it for the CSV and XLSX exports; with the detail, the trend and the cross-tabulations
(:mod:`raviv.scoring.analytics`); and the exchange graph (:mod:`raviv.scoring.graph`).

The figures are those of :func:`raviv.scoring.totals.scoring_inputs` handed to the pure formulas
of :mod:`raviv.scoring.reciprocity`, written by :mod:`raviv.scoring.report`; nothing is computed
here that those modules compute. The database is read here (and, for the federation roll-up, in
:mod:`raviv.scoring.federation`): the formulas stay pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from raviv.errors import InvalidError
from raviv.lib import cells
from raviv.registry import service as registry
from raviv.registry.tables import Member
from raviv.scoring import analytics, crosstabs, graph, totals, trends
from raviv.scoring import reciprocity as formulas
from raviv.scoring.reciprocity import MemberView, Reciprocity, ScoringInputs, eur
from raviv.scoring.report import ratio_number, reciprocity_json
from raviv.vocabulary import Form

TABLES: Final = (
    "members",
    "network",
    "cvn",
    "forms",
    "pairs",
    "exchanges",
    "given_by_form",
    "counterparts",
    *analytics.DETAIL_TABLES,
)
"""The tables of an export, in their order (one CSV file or one sheet each); the last ones
(:data:`analytics.DETAIL_TABLES`) come with the detail."""


@dataclass(frozen=True)
class PeriodReciprocity:
    """The reciprocity of one network over ``[start, end)``, with the entries it was computed
    from (to build the tables the JSON summarises), and the detail when it was read (the trend
    and the cross-tabulations)."""

    result: Reciprocity
    entries: pd.DataFrame
    detail: analytics.Detail | None = None

    def report(self) -> dict[str, Any]:
        """The JSON of docs/scoring.md §6 (``reciprocity_period`` of the expected file), plus the
        keys ``trend`` and ``crosstabs`` when the detail was read (the others stay as they are)."""
        report = reciprocity_json(self.result)
        if self.detail is not None:
            report |= analytics.detail_json(self.result, self.entries, self.detail)
        return report

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the period (see :func:`reciprocity_tables`), and the detail's when
        it was read (:func:`analytics.detail_tables`)."""
        tables = reciprocity_tables(self.result, self.entries)
        if self.detail is not None:
            tables |= analytics.detail_tables(self.result, self.entries, self.detail)
        return tables


def check_period(since: dt.date, until: dt.date) -> None:
    """A period is ``[from, to)``: ``to`` must come after ``from``."""
    if until <= since:
        raise InvalidError.on(
            "to", f"the period must end after it begins (from {since.isoformat()})", until
        )


async def network_period(
    network_ref: str, since: dt.date, until: dt.date, *, detail: bool = False
) -> PeriodReciprocity:
    """The reciprocity of ``network_ref`` over ``[since, until)``, with ``detail`` the trend
    and the cross-tabulations too (the previous period and the members' attributes are then
    read as well). Raises InvalidError (field ``to``) for an empty or reversed period,
    NotFoundError for an unknown network."""
    check_period(since, until)
    network = await registry.network_id(network_ref)
    inputs = await totals.scoring_inputs(network, since, until)
    entries = formulas.categorised(formulas.in_period(inputs.entries, since, until))
    found = await _detail(network, inputs) if detail else None
    return PeriodReciprocity(formulas.reciprocity(inputs), entries, found)


async def member_period(
    network_ref: str, member_ref: str, since: dt.date, until: dt.date
) -> MemberView:
    """``member_ref``'s own reciprocity over ``[since, until)`` (:func:`formulas.member_view`
    over the entries that count, read one by one for their quantities). Raises InvalidError
    (field ``to``) for an empty or reversed period, NotFoundError for an unknown network or
    member."""
    check_period(since, until)
    network = await registry.network_id(network_ref)
    await registry.member_row(network, member_ref)
    entries = await totals.counted_entries(network, since, until)
    return formulas.member_view(entries, member_ref, since, until)


async def _detail(network: int, inputs: ScoringInputs) -> analytics.Detail:
    """The previous period's reciprocity and the members' attributes."""
    start, end = trends.previous_period(inputs.start, inputs.end)
    previous = await totals.scoring_inputs(network, start, end)
    return analytics.Detail(
        active_members=inputs.active_members,
        previous=formulas.reciprocity(previous),
        previous_entries=formulas.categorised(formulas.in_period(previous.entries, start, end)),
        attributes=await member_attributes(network),
    )


async def member_attributes(network: int) -> pd.DataFrame:
    """Every member's attributes (:data:`crosstabs.ATTRIBUTE_COLUMNS`), in ref order."""
    rows = (
        await Member.select(
            Member.ref,
            Member.name,
            Member.departement,
            Member.disciplines,
            Member.employer,
            Member.headcount_fte,
            Member.budget_bracket,
        )
        .where(Member.network == network)
        .order_by(Member.ref)
        .run()
    )
    return crosstabs.attributes_frame(
        crosstabs.MemberAttributes(
            ref=row["ref"],
            name=row["name"],
            departement=row["departement"] or "",
            disciplines=tuple(row["disciplines"] or ()),
            employer=bool(row["employer"]),
            headcount_fte=registry.fte_out(row["headcount_fte"]),
            budget_bracket=row["budget_bracket"] or "",
        )
        for row in rows
    )


async def exchange_graph(
    network_ref: str, since: dt.date, until: dt.date, *, pseudonymise: bool = False
) -> str:
    """The exchange graph of ``network_ref`` over ``[since, until)`` as SVG
    (:func:`graph.exchange_graph`): members on a circle by département, their names in the
    tooltips unless ``pseudonymise``."""
    computed = await network_period(network_ref, since, until)
    attributes = await member_attributes(await registry.network_id(network_ref))
    refs = attributes[crosstabs.REF].tolist()
    return graph.exchange_graph(
        computed.entries,
        departements=dict(zip(refs, attributes[crosstabs.DEPARTEMENT], strict=True)),
        names=dict(zip(refs, attributes[crosstabs.NAME], strict=True)),
        pseudonymise=pseudonymise,
        title=f"Échanges entre membres, du {since:%d/%m/%Y} au {until:%d/%m/%Y} (exclu)",
    )


# -- the tables -----------------------------------------------------------------------------------


def _exact(values: list[Any]) -> pd.Series:
    """Values kept as they are: Decimal euros, and ratios as the JSON writes them (``1`` stays
    an integer, none stays empty), rather than turned into floats."""
    return pd.Series(values, dtype=object)


def _euros(cents: pd.Series) -> pd.Series:
    """Integer cents as exact euros (``Decimal("310.00")``): numbers in a workbook, two
    decimals in a CSV file."""
    return cents.map(lambda value: eur(int(value))).astype(object)


def _euros_wide(frame: pd.DataFrame, index_name: str) -> pd.DataFrame:
    """A cents pivot (members × something) as euros, its index turned into a first column."""
    cents = frame.to_numpy()
    euros = np.full(cents.shape, eur(0), dtype=object)  # one Decimal for every empty cell
    filled = cents != 0
    euros[filled] = [eur(int(value)) for value in cents[filled]]
    wide = pd.DataFrame(
        euros, index=[str(key) for key in frame.index], columns=[str(c) for c in frame.columns]
    )
    return wide.rename_axis(index_name).reset_index()


def reciprocity_tables(result: Reciprocity, entries: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The tables behind the JSON, keyed as :data:`TABLES`, from the result and the period's
    entries. Euros are exact Decimals, ratios rounded to 4 decimals as in the JSON.

    - ``members``: the JSON's members, plus ``partners`` (the members each exchanged with);
    - ``network``: the period and each network indicator (``indicator``, ``value``);
    - ``cvn``: the network's CVN by use account;
    - ``forms``: per form, the share of active members giving it, the entries, their value and
      the members giving it;
    - ``pairs``: each pair of members {a, b} that exchanged, entries and value each way;
    - ``exchanges``: euros given by each member (rows) to each other member (columns);
    - ``given_by_form``: euros each member gave, per form;
    - ``counterparts``: what each member gave to and received from each party.
    """
    report = reciprocity_json(result)
    pairs = formulas.member_pairs(entries)
    partners = pd.concat([pairs["a"], pairs["b"]]).value_counts()
    members = pd.DataFrame(
        {
            "member": [m.member for m in result.members],
            "given_eur": _exact([m.given_eur for m in result.members]),
            "received_eur": _exact([m.received_eur for m in result.members]),
            "balance_index": _exact([ratio_number(m.balance_index) for m in result.members]),
            "partners": [int(partners.get(m.member, 0)) for m in result.members],
            "partner_mutuality": _exact(
                [ratio_number(m.partner_mutuality) for m in result.members]
            ),
            "forms_given": [m.forms_given for m in result.members],
        }
    )
    indicators = {key: value for key, value in report["network"].items() if key != "cvn"}
    indicators["valued_total_eur"] = result.network.valued_total_eur
    network = pd.DataFrame(
        {
            "indicator": ["period_start", "period_end", *indicators],
            "value": [result.start.isoformat(), result.end.isoformat(), *indicators.values()],
        }
    )
    cvn = pd.DataFrame(
        {
            "account": list(result.network.cvn),
            "value_eur": _exact(list(result.network.cvn.values())),
        }
    )
    by_form = formulas.by_form(entries)
    by_form.index = by_form.index.astype(str)
    forms = pd.DataFrame(
        {
            "form": [form.value for form in Form],
            "share_of_active_members": _exact(
                [ratio_number(result.network.form_mix[form]) for form in Form]
            ),
            "entries": [int(by_form["entries"].get(form.value, 0)) for form in Form],
            "value_eur": _exact(
                [eur(int(by_form["value_cents"].get(form.value, 0))) for form in Form]
            ),
            "members_giving": [int(by_form["members_giving"].get(form.value, 0)) for form in Form],
        }
    )
    pair_table = pd.DataFrame(
        {
            "a": pairs["a"],
            "b": pairs["b"],
            "entries_ab": pairs["entries_ab"].astype("int64"),
            "entries_ba": pairs["entries_ba"].astype("int64"),
            "value_ab_eur": _euros(pairs["value_ab"]),
            "value_ba_eur": _euros(pairs["value_ba"]),
            "both_ways": (pairs["entries_ab"] > 0) & (pairs["entries_ba"] > 0),
        }
    )
    counterparts = formulas.by_counterpart(entries).astype(
        {"member": str, "counterpart_kind": str, "counterpart": str}
    )
    return {
        "members": members,
        "network": network,
        "cvn": cvn,
        "forms": forms,
        "pairs": pair_table.reset_index(drop=True),
        "exchanges": _euros_wide(formulas.exchange_matrix(entries), "giver"),
        "given_by_form": _euros_wide(formulas.given_by_form(entries), "member"),
        "counterparts": pd.DataFrame(
            {
                "member": counterparts["member"],
                "counterpart_kind": counterparts["counterpart_kind"],
                "counterpart": counterparts["counterpart"],
                "given_eur": _euros(counterparts["given_cents"]),
                "received_eur": _euros(counterparts["received_cents"]),
            }
        ),
    }


XLSX_MEDIA_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(tables: dict[str, pd.DataFrame]) -> bytes:
    """The tables as one XLSX workbook, a sheet each (euros and ratios as numbers, text never
    a formula: :mod:`raviv.lib.cells`)."""
    return cells.workbook(
        {
            name: (list(frame.columns), frame.itertuples(index=False, name=None))
            for name, frame in tables.items()
        }
    )


def _french_cell(value: object) -> object:
    """A number written the French way (``310,00``, ``0,7714``); text a spreadsheet would run
    escaped (:func:`raviv.lib.cells.csv_value`); the rest as it is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    return cells.csv_value(value)


def write_csv(tables: dict[str, pd.DataFrame], directory: Path) -> list[Path]:
    """The tables as CSV files in ``directory`` (``members.csv``…), as a French spreadsheet
    reads them, like the member list export: ``;``, decimal commas, UTF-8 with a BOM."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = directory / f"{name}.csv"
        french = frame.rename(columns=cells.csv_value).map(_french_cell)
        # CRLF like the member export; it also quotes a text holding a lone carriage return
        french.to_csv(path, sep=";", index=False, encoding="utf-8-sig", lineterminator="\r\n")
        written.append(path)
    return written
