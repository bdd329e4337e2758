"""``make bench``: a performance report for Outreach, not a timed test.

It measures the directory sync against the time just to parse its YAML
files, in-process ZIP lookup latency, and requests per second under
gunicorn against the framework floor (``/healthz``), and a realistic mix of
requests under Locust (``bench/mix.py``). It prints a table and
writes ``bench/results.json``; see ``bench/README.md`` for what each figure
means and its target. It always exits 0 when it could measure: a missed
target is marked FAIL in the report, not raised.
"""
