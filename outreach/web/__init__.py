"""The only Flask-facing plumbing: security headers and sessions, error pages, the input guard,
rate limits, the response cache, deployment checks, health checks and file locks.
"""
