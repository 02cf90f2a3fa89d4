"""A local imitation of the department's English website, for the fetcher's tests (no internet)."""
