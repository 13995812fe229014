"""The detail of a period's reciprocity beyond ``raviv reciprocity --json``: the trend (month by
month, and against the previous period) and the cross-tabulations (by département, discipline and
size, local anchoring), as JSON (the ``trend`` and ``crosstabs`` keys of ``?detail=full`` and
``raviv reciprocity --detail``) and as the tables of the exports.

Pure: the formulas are in :mod:`raviv.scoring.trends` and :mod:`raviv.scoring.crosstabs`; this
module writes them out as :mod:`raviv.scoring.report` writes the rest (euros as strings with two
decimals in the JSON and exact Decimals in the tables, ratios rounded half-up to 4 decimals).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

import pandas as pd

from raviv.scoring import crosstabs, trends
from raviv.scoring.crosstabs import DEPARTEMENT, REF, UNKNOWN, Dimension
from raviv.scoring.reciprocity import Reciprocity, balance_index, eur, ratio
from raviv.scoring.report import euros, ratio_number

DETAIL_TABLES: Final = (
    "trend_by_month",
    "versus_previous",
    "versus_previous_network",
    "departements",
    "local_anchoring",
    "by_departement",
    "by_discipline",
    "by_size",
)
"""The detail's tables, in their order (after those of :data:`raviv.scoring.service.TABLES`)."""

DIMENSIONS: Final[tuple[Dimension, ...]] = ("departement", "discipline", "size")


@dataclass(frozen=True)
class Detail:
    """What the detail needs beyond the period's result and entries: the period's active
    members, the previous period's result and entries (:func:`trends.previous_period`), and
    the member attributes frame (:data:`crosstabs.ATTRIBUTE_COLUMNS`)."""

    active_members: tuple[str, ...]
    previous: Reciprocity
    previous_entries: pd.DataFrame
    attributes: pd.DataFrame


def _written(value: Any) -> Any:
    """A row value as the JSON writes it: euros (Decimal) as strings with two decimals."""
    if isinstance(value, Decimal):
        return euros(value)
    if isinstance(value, dict):
        return {key: _written(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_written(item) for item in value]
    return value


def _table(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Rows as a table, values kept as they are (Decimal euros, ratios as the JSON writes
    them), the columns there even without a row."""
    return pd.DataFrame(
        {column: pd.Series([row[column] for row in rows], dtype=object) for column in columns}
    )


# -- the computations, once -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Computed:
    result: Reciprocity
    months: pd.DataFrame
    comparison: trends.Comparison
    local_before: Decimal | None
    local_now: Decimal | None
    matrix: pd.DataFrame
    anchoring: pd.DataFrame
    classes: dict[Dimension, pd.DataFrame]


def _compute(result: Reciprocity, entries: pd.DataFrame, detail: Detail) -> _Computed:
    attributes = detail.attributes
    anchoring = crosstabs.local_anchoring(entries, attributes)
    before = crosstabs.local_anchoring(detail.previous_entries, attributes)
    members = [m.member for m in result.members]
    return _Computed(
        result=result,
        months=trends.by_month(entries, result.start, result.end, members),
        comparison=trends.versus_previous(detail.previous, result),
        local_before=crosstabs.local_share(before),
        local_now=crosstabs.local_share(anchoring),
        matrix=crosstabs.class_matrix(entries, attributes, "departement"),
        anchoring=anchoring,
        classes={
            dimension: crosstabs.by_class(entries, attributes, detail.active_members, dimension)
            for dimension in DIMENSIONS
        },
    )


# -- rows -----------------------------------------------------------------------------------------


MONTH_COLUMNS: Final = ["member", "month", "given_eur", "received_eur", "balance_index"]
CHANGE_COLUMNS: Final = [
    "member",
    "given_before_eur",
    "given_now_eur",
    "given_change_eur",
    "received_before_eur",
    "received_now_eur",
    "received_change_eur",
    "balance_before",
    "balance_now",
    "balance_change",
]
INDICATOR_COLUMNS: Final = ["indicator", "before", "now", "change"]
ANCHORING_COLUMNS: Final = ["member", "departement", "exchanged_eur", "local_eur", "local_share"]
CLASS_COLUMNS: Final = [
    "class",
    "active_members",
    "givers",
    "participation_rate",
    "given_eur",
    "received_eur",
    "balance_index",
]
LOCAL_COLUMNS: Final = ["exchanged_eur", "local_eur", "local_share"]


def _month_rows(computed: _Computed) -> list[dict[str, Any]]:
    grid = computed.months
    return [
        {
            "member": member,
            "month": month,
            "given_eur": eur(gave),
            "received_eur": eur(got),
            "balance_index": ratio_number(balance_index(gave, got)),
        }
        for member, month, gave, got in zip(
            grid["member"],
            grid["month"],
            grid["given_cents"].tolist(),
            grid["received_cents"].tolist(),
            strict=True,
        )
    ]


def _change_rows(computed: _Computed) -> list[dict[str, Any]]:
    return [
        {
            "member": m.member,
            "given_before_eur": m.given_before,
            "given_now_eur": m.given_now,
            "given_change_eur": m.given_change,
            "received_before_eur": m.received_before,
            "received_now_eur": m.received_now,
            "received_change_eur": m.received_change,
            "balance_before": ratio_number(m.balance_before),
            "balance_now": ratio_number(m.balance_now),
            "balance_change": ratio_number(m.balance_change),
        }
        for m in computed.comparison.members
    ]


def _indicator_rows(computed: _Computed) -> list[dict[str, Any]]:
    """The network's indicators then and now: euros as Decimals, ratios rounded."""
    changes = [
        *computed.comparison.network,
        trends.IndicatorChange("local_share", computed.local_before, computed.local_now),
    ]

    def shown(indicator: str, value: Decimal | None) -> Any:
        return value if indicator.endswith("_eur") else ratio_number(value)

    return [
        {
            "indicator": c.indicator,
            "before": shown(c.indicator, c.before),
            "now": shown(c.indicator, c.now),
            "change": shown(c.indicator, c.change),
        }
        for c in changes
    ]


def _anchoring_rows(anchoring: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "member": member,
            "departement": departement,
            "exchanged_eur": eur(exchanged),
            "local_eur": eur(local),
            "local_share": ratio_number(ratio(local, exchanged) if departement else None),
        }
        for member, departement, exchanged, local in zip(
            anchoring[REF],
            anchoring[DEPARTEMENT],
            anchoring["exchanged_cents"].tolist(),
            anchoring["local_cents"].tolist(),
            strict=True,
        )
    ]


def _class_rows(table: pd.DataFrame, anchoring: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """One row per class; with ``anchoring`` (by département), its members' exchanges with
    members and the part staying inside the département."""
    if anchoring is not None:
        known = anchoring[anchoring[DEPARTEMENT] != ""]
        sums = known.groupby(DEPARTEMENT)[["exchanged_cents", "local_cents"]].sum()
        table = table.join(sums, how="left").fillna(0).astype("int64")
    rows = []
    for name, row in zip(table.index, table.to_dict("records"), strict=True):
        active, givers = int(row["active_members"]), int(row["givers"])
        gave, got = int(row["given_cents"]), int(row["received_cents"])
        line: dict[str, Any] = {
            "class": str(name),
            "active_members": active,
            "givers": givers,
            "participation_rate": ratio_number(ratio(givers, active)),
            "given_eur": eur(gave),
            "received_eur": eur(got),
            "balance_index": ratio_number(balance_index(gave, got)),
        }
        if anchoring is not None:
            exchanged, local = int(row["exchanged_cents"]), int(row["local_cents"])
            line |= {
                "exchanged_eur": eur(exchanged),
                "local_eur": eur(local),
                "local_share": ratio_number(ratio(local, exchanged) if name != UNKNOWN else None),
            }
        rows.append(line)
    return rows


def _period(start: dt.date, end: dt.date) -> dict[str, str]:
    return {"start": start.isoformat(), "end": end.isoformat()}


# -- JSON -----------------------------------------------------------------------------------------


def detail_json(result: Reciprocity, entries: pd.DataFrame, detail: Detail) -> dict[str, Any]:
    """``{"trend": {...}, "crosstabs": {...}}``: the keys ``?detail=full`` adds to the JSON of
    docs/scoring.md §6 (which it leaves as it is). Euros are strings with two decimals, ratios
    rounded to 4 decimals, ``null`` where there is none."""
    computed = _compute(result, entries, detail)
    per_member: dict[str, dict[str, Any]] = {}
    for row in _month_rows(computed):
        line = per_member.setdefault(
            row["member"], {"member": row["member"], "given_eur": [], "received_eur": []}
        )
        line["given_eur"].append(row["given_eur"])
        line["received_eur"].append(row["received_eur"])
    comparison = computed.comparison
    trend = {
        "months": trends.months(result.start, result.end),
        "members": list(per_member.values()),
        "versus_previous": {
            "period": _period(comparison.previous_start, comparison.previous_end),
            "members": _change_rows(computed),
            "network": _indicator_rows(computed),
        },
    }
    cross = {
        "departements": {
            str(giver): {str(receiver): eur(int(cents)) for receiver, cents in row.items() if cents}
            for giver, row in computed.matrix.iterrows()
        },
        "local_share": ratio_number(computed.local_now),
        "local_anchoring": _anchoring_rows(computed.anchoring),
        "by_departement": _class_rows(computed.classes["departement"], computed.anchoring),
        "by_discipline": _class_rows(computed.classes["discipline"]),
        "by_size": _class_rows(computed.classes["size"]),
    }
    written: dict[str, Any] = _written({"trend": trend, "crosstabs": cross})
    return written


# -- tables ---------------------------------------------------------------------------------------


def detail_tables(
    result: Reciprocity, entries: pd.DataFrame, detail: Detail
) -> dict[str, pd.DataFrame]:
    """The detail's tables, keyed as :data:`DETAIL_TABLES` (euros exact Decimals, ratios
    rounded to 4 decimals as in the JSON, none an empty cell):

    - ``trend_by_month``: each member × month of the period: given, received, its index;
    - ``versus_previous``: each member then and now: given, received, balance index, changes;
    - ``versus_previous_network``: the period bounds, then the network's indicators then and
      now (the local share included);
    - ``departements``: euros given between members, giver's département (rows, ``from``) ×
      receiver's (columns);
    - ``local_anchoring``: each member's exchanges with members, the part inside its
      département;
    - ``by_departement`` (with local anchoring), ``by_discipline``, ``by_size``: per class,
      active members, givers, participation rate, given, received, balance index.
    """
    computed = _compute(result, entries, detail)
    comparison = computed.comparison
    bounds = [
        {
            "indicator": f"period_{side}",
            "before": getattr(comparison, f"previous_{side}").isoformat(),
            "now": getattr(result, side).isoformat(),
            "change": None,
        }
        for side in ("start", "end")
    ]
    matrix = computed.matrix.map(lambda cents: eur(int(cents))).astype(object)
    matrix.columns = [str(column) for column in matrix.columns]
    matrix.index = [str(key) for key in matrix.index]
    return {
        "trend_by_month": _table(_month_rows(computed), MONTH_COLUMNS),
        "versus_previous": _table(_change_rows(computed), CHANGE_COLUMNS),
        "versus_previous_network": _table(bounds + _indicator_rows(computed), INDICATOR_COLUMNS),
        "departements": matrix.rename_axis("from").reset_index(),
        "local_anchoring": _table(_anchoring_rows(computed.anchoring), ANCHORING_COLUMNS),
        "by_departement": _table(
            _class_rows(computed.classes["departement"], computed.anchoring),
            CLASS_COLUMNS + LOCAL_COLUMNS,
        ),
        "by_discipline": _table(_class_rows(computed.classes["discipline"]), CLASS_COLUMNS),
        "by_size": _table(_class_rows(computed.classes["size"]), CLASS_COLUMNS),
    }
