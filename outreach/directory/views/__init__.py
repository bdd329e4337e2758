"""The directory's blueprints: the home page and lookup, officials and state directories,
exports, problem reports.
"""
