"""processed -> what the chapters show: tables computed from ``data/processed/`` (never from typed numbers).

``frames`` loads the processed tables; ``counting`` holds the article's window and the counting rules;
``countries`` (Figure 1), ``formulations`` (Figure 2 and the readouts' formulations), ``events`` (the
set-piece meetings), ``consensus``, ``trends`` (every year), ``claims`` (the article's claims),
``harvest`` and ``reliability`` (the methods chapter).
"""
