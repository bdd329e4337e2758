"""The public evaluator: the rubric for everyone."""
