"""One definition per statistic: every number the book states is a registered statistic, computed once."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from conftest import ROOT

from liaison.tables import stats

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
_NUMBER = re.compile(r"-?\d+(\.\d+)?(e-?\d+)?")


def _glued(path) -> list[tuple[str, str]]:
    """(name, text/plain) of every glue output of a notebook, in order."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for cell in notebook["cells"]:
        for o in cell.get("outputs", []):
            scrap = o.get("metadata", {}).get("scrapbook")
            if scrap:
                out.append((scrap["name"], o["data"].get(scrap["mime_prefix"] + "text/plain", "")))
    return out


def test_no_two_statistics_mean_the_same():
    meanings = Counter(s.meaning for s in stats.REGISTRY.values())
    assert [m for m, n in meanings.items() if n > 1] == []
    assert all(s.base and s.meaning for s in stats.REGISTRY.values())


def test_a_name_is_registered_once():
    with pytest.raises(ValueError, match="defined twice"):
        stats.statistic("n_exchanges", "x", "y")(lambda d: 0)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_number_glued_into_a_chapter_is_a_statistic_with_its_value(path):
    glued = _glued(path)
    names = Counter(name for name, _ in glued)
    assert [n for n, k in names.items() if k > 1] == [], "a glue name defined twice in the chapter"
    for name, text in glued:
        if name in stats.REGISTRY:
            assert text == repr(stats.value(name)), f"{name}: the notebook says {text}, the statistic {stats.value(name)!r}"
        else:
            assert not _NUMBER.fullmatch(text.strip("'")), f"{name} = {text} is a number but not a statistic of liaison.tables.stats"


def test_the_chapters_glue_something():
    assert sum(len(_glued(p)) for p in CHAPTERS) > 100  # the reader above finds the glue outputs


def test_a_name_glued_in_two_chapters_means_the_same_there():
    seen: dict[str, tuple[str, str]] = {}
    for path in CHAPTERS:
        for name, text in _glued(path):
            if name in seen:
                assert seen[name][1] == text, f"{name}: {seen[name][0]} says {seen[name][1]}, {path.stem} says {text}"
            seen[name] = (path.stem, text)
