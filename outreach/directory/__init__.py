"""Who represents whom: the importers and the sync, ZIP and address lookup, the officials read
path, labels, corrections, problem reports, exports and vCards, with their views.
"""
