"""The organizers' side: accounts, the audit trail, the dashboard and its charts, forms and
views.
"""
