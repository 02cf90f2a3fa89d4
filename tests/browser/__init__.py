"""The published HTML, checked as readers get it: offline, in a real browser (Chromium via Playwright).

A package (this file) so that its conftest does not shadow ``tests/conftest.py`` as module ``conftest``.
"""
