"""Property-based fuzz tests: every form, query parameter and API operation; never a 5xx."""
