"""Casebook's library code, grouped by feature over a shared core.

- `core/`: models, database and migrations (and the revision), vocabulary, the sharing rule,
  text safety, step labels (`steps`), the use-case checks the editor and the import share
  (`checks`), the change history (`changes`), safe workbook writing (`xlsx`), file names, the
  usage log and the Streamlit glue (`ui`). Every feature builds on it.
- `library/`: browsing (catalog), reading one use case (detail), the pages' tables, diagram,
  user stories, editing.
- `callprep/`: the prospect, matching words, candidates and scoring, recommend, questions, packs.
- `coverage/`: its model, the report, freshness, completeness, usage, snapshots, charts and the
  coverage workbook.
- `workbook/`: the format contract (`sheets`), reading, checking, importing (and the Manage
  page's import `flow`), exporting, the import report.
- `commands/`: one module per `python -m lib` command.

Feature folders import from `core`, never from each other.
"""
