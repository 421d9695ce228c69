"""Run history: every audit appended to one SQLite file, and earlier runs attached to a report.

- :mod:`.records`: what one run stores (plain data built from an :class:`AuditReport`).
- :mod:`.fingerprint`: which results belong to one series (same check, table, column and
  parameters; thresholds excluded).
- :mod:`.schema` and :mod:`.store`: the versioned SQLite file, migrated forward, written in one
  transaction; an unreadable or newer file is a :class:`UserError`, never overwritten.
- :mod:`.attach`: a pure function (report, stored runs) → report with ``previous`` figures,
  previous scores and the score series filled in.
- :mod:`.facts`: the previous run's table facts that the drift checks (volume, schema) compare
  against.
- :mod:`.view`: the ``crmhealth history`` listing (terminal, JSON, HTML).

The package reads results and writes its own file; it never reads sources or rules files.
"""
