"""Business logic: plain functions and classes callable without a request."""
