"""Call prep: from a prospect's profile to the use cases to bring, the discovery questions and
the one-page pack in every format."""
