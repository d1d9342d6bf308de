"""Casebook's library code, grouped by feature over a shared core.

- `core/`: models, database and migrations, vocabulary, the sharing rule, text safety, file
  names, the usage log and the Streamlit glue (`ui`). Every feature builds on it.
- `library/`: browsing (catalog), reading one use case (detail), diagram, user stories, editing.
- `callprep/`: the prospect, matching words, candidates and scoring, recommend, questions, packs.
- `coverage/`: its model, the report, freshness, completeness, usage, snapshots, charts and the
  coverage workbook.
- `workbook/`: the format contract (`sheets`), reading, checking, importing, exporting, the
  import report.
- `commands/`: one module per `python -m lib` command.

Feature folders import from `core`, never from each other.
"""
