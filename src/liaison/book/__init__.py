"""What the reader sees: ``figures`` (the HTML around a chart or table), ``charts`` and ``trend_charts``
(Altair specs), ``maps`` (the world map's shapes), ``prose`` (values pasted into sentences), and the
Sphinx side of the build: ``sphinxext`` (offline chart bundle, styles) and ``prerun`` (notebooks
executed side by side).
"""
