"""Every statistic the book states, defined once, named for its base.

A statistic is a function of the book's data registered under the name the chapters glue it by, with
its base (what it is counted over, in words: "exchanges that took place in the window", "all
exchanges", "source pages kept or merged") and its meaning. The same number in two chapters is the same
statistic, computed here once; two names may not mean the same thing (``tests/test_stats.py`` checks both,
and that every number glued into the book is one of these). The statistics live in the modules of this
package by topic (``corpus``: the whole archive; ``window``: the article's window; ...); importing the
package registers them all.

In a chapter::

    from liaison.tables import stats
    stats.glue("n_exchanges", "n_window", "share_window_endorsing")

and in its text ``{glue:text}`n_window```.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import pandas as pd

from liaison.paths import PROCESSED_DIR
from liaison.tables import counting, frames


@dataclass(frozen=True)
class Statistic:
    name: str
    base: str
    meaning: str
    compute: Callable[[Data], object]


REGISTRY: dict[str, Statistic] = {}


def statistic(name: str, base: str, meaning: str) -> Callable[[Callable[[Data], object]], Callable[[Data], object]]:
    """Register ``func(data)`` as the statistic ``name``; a second definition of a name is an error."""
    def register(func: Callable[[Data], object]) -> Callable[[Data], object]:
        if name in REGISTRY:
            raise ValueError(f"statistic {name!r} is defined twice ({REGISTRY[name].compute.__module__} and {func.__module__})")
        REGISTRY[name] = Statistic(name, base, meaning, func)
        return func
    return register


def family(pattern: str, keys: Iterable[str], base: str, meaning: str) -> Callable[[Callable[[Data, str], object]], Callable]:
    """Register one statistic per key: ``pattern`` and ``meaning`` hold ``{key}`` (e.g. ``mentioned_{key}``)."""
    def register(func: Callable[[Data, str], object]) -> Callable:
        for key in keys:
            statistic(pattern.format(key=key), base, meaning.format(key=key))(lambda data, key=key: func(data, key))
        return func
    return register


T = TypeVar("T")


@dataclass
class Data:
    """The processed tables, loaded once, and the frames most statistics start from."""

    processed_dir: Path = PROCESSED_DIR
    _values: dict[str, object] = field(default_factory=dict)

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """A table several statistics share, computed once per data (kept beside the values, under a
        private key: a name starting with ``_``, which no statistic has)."""
        if key not in self._values:
            self._values[key] = make()
        return self._values[key]

    @cached_property
    def exchanges(self) -> pd.DataFrame:
        return frames.load_exchanges(self.processed_dir)

    @cached_property
    def records(self) -> pd.DataFrame:
        return frames.load_records(self.processed_dir)

    @cached_property
    def parties(self) -> pd.DataFrame:
        return pd.read_csv(self.processed_dir / "parties.csv", dtype=str, keep_default_na=False)

    @cached_property
    def figures(self) -> pd.DataFrame:
        return pd.read_csv(self.processed_dir / "reported-figures.csv", dtype=str, keep_default_na=False)

    @cached_property
    def took_place(self) -> pd.DataFrame:
        """Every exchange that took place (the main rule: notices of future visits left out), all years."""
        return counting.MAIN_RULE.apply(self.exchanges)

    @cached_property
    def window(self) -> pd.DataFrame:
        """Exchanges that took place in the article's window (the main rule): the base of Figure 1."""
        return counting.window_exchanges(self.exchanges)

    @cached_property
    def pages(self) -> pd.DataFrame:
        """Source pages kept or merged into an exchange (excluded pages left out)."""
        return self.records[self.records["fate"] != "excluded"]


_DEFAULT: Data | None = None


def data() -> Data:
    """The book's data, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Data()
    return _DEFAULT


def value(name: str, of: Data | None = None) -> object:
    """The value of a registered statistic (computed once per data)."""
    of = of or data()
    if name not in of._values:
        if name not in REGISTRY:
            raise KeyError(f"{name!r} is not a statistic of liaison.tables.stats")
        of._values[name] = REGISTRY[name].compute(of)
    return of._values[name]


def glue(*names: str, of: Data | None = None) -> None:
    """Glue statistics into the chapter under their own names (myst-nb's ``glue``, not displayed)."""
    from myst_nb import glue as nb_glue

    for name in names:
        nb_glue(name, value(name, of), display=False)


def _register_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


_register_all()
