"""What every feature shares: the tables, the database, the fixed words, the sharing rule,
text safety, file names, the usage log and the Streamlit glue. Nothing here imports a feature."""
