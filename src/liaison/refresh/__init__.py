"""New raw records from the live website: ``fetch`` (polite, cached, resumable downloads) and
``extract`` (the rule-based coder that turns a page into a record). Writes only under ``data/raw/``;
``liaison.pipeline`` takes it from there.
"""
