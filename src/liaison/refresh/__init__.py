"""New raw records from the live website: ``fetch`` (polite, cached, resumable downloads) and
``extract`` (the rule-based coder that turns a page into a record). Writes only under ``data/raw/``;
``liaison.pipeline`` takes it from there.
"""

# The command line's help needs these; they live here, not in ``fetch``, so that ``liaison build``
# does not import requests (about 0.15 s of a 0.7 s build) just to describe the fetch command.
DEFAULT_BASE_URL = "https://www.idcpc.org.cn/"
FETCH_SUMMARY = "Refresh from the department's website: a polite, cached, resumable fetcher."
