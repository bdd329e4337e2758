"""What a strict Content-Security-Policy would block in a page's HTML."""

from __future__ import annotations

import re

SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


def inline_code(html: str) -> list[str]:
    """Inline scripts, event-handler and style attributes and style elements in ``html``."""
    found = [tag for tag in SCRIPT_TAG.findall(html) if "src=" not in tag]
    found += [m.group(0)[:80] for m in EVENT_HANDLER.finditer(html)]
    found += [m.group(0)[:80] for m in STYLE_ATTRIBUTE.finditer(html)]
    if re.search(r"<style\b", html, re.IGNORECASE):
        found.append("<style> element")
    return found
