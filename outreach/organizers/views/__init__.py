"""The organizers' blueprints: sign-in, dashboard, content editing, audit; directory
corrections and problem reports.
"""
