"""Run the book's stale notebooks side by side before Sphinx reads them.

myst-nb's ``cache`` mode executes a notebook when Sphinx reads it, one notebook after another, each in
a new kernel; Sphinx waits idle while a kernel works. The chapters do not depend on one another, so
this Sphinx hook executes every notebook that is about to be read and has no matching entry in
myst-nb's jupyter-cache, several at a time (``liaison_notebook_workers``, default: one more than the
machine's cores), and stores each result in that cache the way myst-nb does (its executor call, its cache
bundle). When Sphinx then reads the notebook, myst-nb finds it in the cache and uses it. Nothing else
changes: a notebook that fails here is not cached, so myst-nb runs it again and reports the error as
it always does; notebooks that carry their own myst-nb settings are left to myst-nb.
"""

from __future__ import annotations

import compileall
import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from tempfile import TemporaryDirectory

import nbformat
from sphinx.util import logging

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    """One notebook's run: how long it took and the error, if it failed."""

    docname: str
    seconds: float
    error: str | None


#: Thread-pool sizes of the numerical libraries, for kernels that run side by side.
BLAS_THREADS = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Kernels started inside inherit one BLAS thread each (unless the caller set these variables).

    Importing numpy starts an OpenBLAS pool with a thread per core whose threads spin while they
    wait: each kernel burned about 0.15 s of CPU that way, taken from the kernels running beside it.
    The chapters do no linear algebra, so the results are the same (joblib's workers do likewise).
    """
    added = {k: v for k, v in BLAS_THREADS.items() if k not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for key in added:
            os.environ.pop(key, None)


def stale_notebooks(env, docnames, cache) -> list[tuple[str, Path, nbformat.NotebookNode]]:  # noqa: ANN001
    """The notebooks among ``docnames`` that myst-nb would execute: no cache match, no own settings."""
    config = env.mystnb_config
    stale = []
    for docname in sorted(docnames):
        path = Path(env.doc2path(docname))
        if path.suffix != ".ipynb":
            continue
        if any(PurePosixPath(path.as_posix()).match(p) for p in config.execution_excludepatterns):
            continue
        notebook = nbformat.read(path, as_version=4)
        if config.metadata_key in notebook.metadata or config.kernel_rgx_aliases:
            continue  # myst-nb would execute it with other settings or another kernel
        with suppress(KeyError):
            cache.match_cache_notebook(notebook)
            continue
        stale.append((docname, path, notebook))
    return stale


def _execute(config, path: Path, notebook: nbformat.NotebookNode) -> object:  # noqa: ANN001 (myst-nb config)
    # The call and arguments of myst_nb.core.execute.cache.NotebookClientCache, plus an immediate
    # shutdown of the kernel.
    from jupyter_cache.executors.utils import single_nb_execution

    folder = TemporaryDirectory() if config.execution_in_temp else nullcontext(str(path.parent))
    with folder as cwd:
        return single_nb_execution(
            notebook,
            cwd=os.path.abspath(cwd),
            allow_errors=config.execution_allow_errors,
            timeout=config.execution_timeout,
            meta_override=True,
            # Every output has arrived when the last cell returns; a kernel that is asked to exit
            # sometimes lingers until jupyter_client terminates it 2.5 s later.
            shutdown_kernel="immediate",
        )


def run_stale(env, docnames, workers: int) -> list[Outcome]:  # noqa: ANN001
    """Execute the stale notebooks, ``workers`` at a time, and cache the successful runs."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.cache.db import NbProjectRecord

    config = env.mystnb_config
    cache = get_cache(config.execution_cache_path or ".jupyter_cache")
    stale = stale_notebooks(env, docnames, cache)
    if len(stale) < 2 or workers < 2:
        return []  # nothing to overlap: myst-nb runs it as usual
    compile_package()
    # Cache writes stay on this thread (SQLite); the worker threads only wait on their kernels.
    records = {docname: cache.add_nb_to_project(str(path)) for docname, path, _ in stale}
    NbProjectRecord.remove_tracebacks([r.pk for r in records.values()], cache.db)
    # Largest file first (a fair guess at the longest run), so that a long run does not start last.
    stale.sort(key=lambda item: (-item[1].stat().st_size, item[0]))
    outcomes = []
    with one_blas_thread(), ThreadPoolExecutor(max_workers=min(workers, len(stale))) as pool:
        futures = [(docname, pool.submit(_execute, config, path, nb)) for docname, path, nb in stale]
        for docname, future in futures:
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 (a dead kernel...): myst-nb runs it again and reports
                outcomes.append(Outcome(docname, 0.0, type(exc).__name__))
                continue
            if result.err is None:
                cache.cache_notebook_bundle(
                    CacheBundleIn(result.nb, records[docname].uri, data={"execution_seconds": result.time}),
                    check_validity=False,
                    overwrite=True,
                )
            error = None if result.err is None else type(result.err).__name__
            outcomes.append(Outcome(docname, result.time, error))
    return sorted(outcomes, key=lambda o: o.docname)


def compile_package(folder: Path | None = None) -> bool:
    """Write the bytecode of the ``liaison`` package once, before the kernels import it side by side.

    Every chapter's kernel imports the package. Where ``PYTHONDONTWRITEBYTECODE`` is set (common in
    containers and CI images) an interpreter never writes its bytecode cache, so each kernel compiled the
    same sixty modules again (about 0.2 s a kernel). The variable stops an interpreter from writing as it
    imports, not an explicit compile: pip and uv compile site-packages at install under the same setting,
    and this does the same for the one package installed in editable mode. Up-to-date files are skipped
    (``compileall`` compares each source's size and mtime); a read-only checkout is left as it is.
    """
    if folder is None:
        import liaison

        folder = Path(liaison.__file__).parent
    if not os.access(folder, os.W_OK):
        return False
    return bool(compileall.compile_dir(folder, quiet=2))


def default_workers() -> int:
    """One more than the machine's cores: a kernel spends part of its life waiting (start-up
    handshakes, message round trips), and a third kernel on two cores fills those gaps (the book's
    nine notebooks ran in 4.9 s three at a time against 6.1 s two at a time)."""
    return (os.cpu_count() or 1) + 1


def _before_read(app, env, docnames) -> None:  # noqa: ANN001 (Sphinx callback)
    config = getattr(env, "mystnb_config", None)  # None: a Sphinx project without myst-nb
    if config is None or config.execution_mode != "cache":
        return
    workers = app.config.liaison_notebook_workers or default_workers()
    start = time.perf_counter()
    outcomes = run_stale(env, docnames, workers)
    if not outcomes:
        return
    for o in outcomes:
        if o.error:
            logger.info("%s: failed when run ahead (%s); myst-nb runs it again and reports the error",
                        o.docname, o.error)
        else:
            logger.info("%s: Executed notebook ahead in %.2f seconds", o.docname, o.seconds)
    logger.info("liaison: ran %d notebooks, %d at a time, in %.2f seconds", len(outcomes),
                min(workers, len(outcomes)), time.perf_counter() - start)


def setup(app) -> None:  # noqa: ANN001 (called from liaison.book.sphinxext.setup)
    app.add_config_value("liaison_notebook_workers", 0, "", types=[int])
    app.connect("env-before-read-docs", _before_read)
