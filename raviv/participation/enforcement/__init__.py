"""Enforcement of the participation rule (docs/rules.md, "Enforcement"): the network's policy,
reminders to the representatives of members at risk, cases for members non-compliant at a period's
end with the coordinator's decisions and the member's answers, and restrictions of network services.

- :func:`run_daily` — the daily step (after the day's snapshot);
- :func:`restriction_for` — the restriction a member is under on a day, which the ledger checks
  before logging a service the network gives it.
"""

from raviv.participation.enforcement.restrictions import restriction_for
from raviv.participation.enforcement.run import Report, run_daily

__all__ = ["Report", "restriction_for", "run_daily"]
