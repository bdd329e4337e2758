"""Writing to officials: the letter catalog, the context and arguments of each letter,
drafting, compose links, the printed PDF, action counts, forms and views.
"""
