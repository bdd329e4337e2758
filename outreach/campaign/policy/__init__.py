"""The model policy and the legislative highlights: their pages and feed."""
