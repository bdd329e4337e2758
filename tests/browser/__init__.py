"""Real-browser tests: the OS's Chromium, driven by Playwright, against a live server."""
