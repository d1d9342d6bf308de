"""What every feature shares: the tables, the database and its revision, the fixed words, the one
read of the library (and its per-revision cache), the sharing rule, text safety, step labels, the
use-case checks, the change history, safe workbook writing, file names, the usage log and the
Streamlit glue. Nothing here imports a feature."""
