"""Reading a French spreadsheet (CSV, XLSX, ODS): the shared part of the member and contribution
imports. :mod:`~raviv.spreadsheet.reading` reads and checks cells (pure),
:mod:`~raviv.spreadsheet.worker` runs the reading in a spawned process with work limits,
:mod:`~raviv.spreadsheet.problems` turns what it found into the API's problems."""
