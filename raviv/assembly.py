"""Where the domains are connected: what a lower domain lets a higher one add to it.

A domain never imports one above it (docs/development.md). When a lower one must react to a
higher one, it offers a hook, and this module, which sits above every domain, fills them once:

- the ledger checks every entry with the participation rule's restrictions of network services,
  and has the dashboard's figures computed again after a validation;
- an account's personal-data export and erasure include the reminders sent to its address;
- the background jobs (raviv/jobs) run the kinds the domains define: the daily evaluation,
  reminders, the retention sweep, large imports, the reports (reports/jobs.py).

The application (:func:`raviv.app.create_app`) and the command line call :func:`assemble`; so do
the tests' fixtures. Calling it again changes nothing.
"""

from __future__ import annotations

from raviv.access import gdpr
from raviv.access.retention import RETENTION
from raviv.dashboard.service import DASHBOARD, after_validation
from raviv.jobs.kinds import register
from raviv.ledger import contribution_import, contributions
from raviv.participation import personal_data
from raviv.participation.daily import DAILY, REMINDERS
from raviv.participation.enforcement import restrictions
from raviv.registry import member_import
from reports.jobs import register_report_jobs


def assemble() -> None:
    """Fill the domains' hooks (idempotent)."""
    contributions.add_service_check(restrictions.check_network_service)
    contributions.add_after_validation(after_validation)
    gdpr.hold_account_data(personal_data.REMINDERS)
    for kind in (
        DAILY,
        REMINDERS,
        DASHBOARD,
        RETENTION,
        member_import.IMPORT_JOB,
        contribution_import.IMPORT_JOB,
    ):
        register(kind)
    register_report_jobs()
