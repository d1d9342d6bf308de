"""Live customer references: proposing them for a prospect, and the request flow."""
