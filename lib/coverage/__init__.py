"""Coverage: where the library is thin, stale or short of proof, what reps use, and the report
workbook that says so."""
