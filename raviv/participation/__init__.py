"""The participation rule as the service keeps it: rule set versions and exemptions stored per
network, evaluated from the database with the pure evaluator of :mod:`raviv.rules`."""
