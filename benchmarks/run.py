"""Measure and bound the build: ``python benchmarks/run.py [--runs N] [--quick] [--write]``.

Every figure is the MEDIAN wall-clock time of several whole-process runs (``subprocess``,
``time.perf_counter``), so interpreter start-up and imports are included, as a reader would see them:

(a) ``python -m liaison build`` on the vendored archive and on SYNTHETIC archives 10x and 100x its
    size, generated here in a temporary folder (never under ``data/``; see ``make_synthetic``);
(b) a clean ``jupyter-book build`` of the book (fresh ``--path-output``, so every notebook runs);
(c) the framework floor: the same ``_toc.yml`` built from a copy of the book whose code cells are
    emptied (and whose glue roles and directives are replaced by plain text, since nothing is glued);
(d) a rebuild with no change in the output folder of (b) (Sphinx's environment plus myst-nb's
    execution cache under ``<output>/_build/.jupyter_cache``), and (d') the same with ``--all``,
    which re-reads every page and takes every notebook's outputs from that cache.

It prints the figures, the ratios (b)/(c) and (d)/(b), and the growth of (a) from 1x to 100x.
``--write`` also rewrites ``benchmarks/RESULTS.md``; ``--tests`` times the whole test suite once.
Only the standard library and the project's own dependencies are used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT / "data" / "raw" / "idcpc-en"
PYTHON = sys.executable
JUPYTER_BOOK = str(Path(sys.executable).with_name("jupyter-book"))

TARGETS = {
    "build_1x": 1.0,  # seconds
    "build_100x": 10.0,
    "book_over_floor": 1.5,
    "rebuild": 10.0,
    "tests": 180.0,
}

# ---------------------------------------------------------------- synthetic archives

SHIFT_DAYS = 365  # each synthetic copy is moved back by up to a year (never past today): the archive gets denser
OVERLAP = 10  # copies that share the same years (see Perturber.plan)
HOME_COUNTRY = "CHN"  # the department's own country stays where it is
_URL_DATE = re.compile(r"(?<!\d)(20\d{2})([/-]?)(0[1-9]|1[0-2])([/-]?)(0[1-9]|[12]\d|3[01])(?!\d)")


class Perturber:
    """Makes copy ``k`` of a real record: its URL marked as copy ``k`` (so its codebook DOCID is new), its
    dates shifted, its lead officials and countries swapped for others present in the archive.

    One copy shifts all its records by the same number of days and applies the same permutation of
    officials and countries to all of them, so the pages of one exchange still agree with each other
    and the copy has the archive's own duplicate structure; the copies overlap in time, so the
    matching passes see buckets up to ``scale`` times fuller than the archive's.
    """

    def __init__(self, records: list[dict[str, str]]):
        from liaison.pipeline.normalize import CountryTable, Roster, place_countries
        from liaison.pipeline.parties import AliasTable
        from liaison.pipeline.records import split_list

        self.split_list = split_list
        # a printed party name with rows in several countries is chosen by the record's countries, which a
        # copy swaps: such names are left out of the copies (the others resolve whatever the countries)
        self.ambiguous_orgs = {name for name, rows in AliasTable.load().by_name.items() if len(rows) > 1}
        self.roster = Roster.from_csv()
        self.countries = CountryTable.from_reference()
        names = {n for r in records for n in split_list(r["counterpart_countries"])}
        names |= {n for r in records for n in place_countries(r["place"])}
        self.countries.resolve(names)
        by_code: dict[str, str] = {}
        for name in sorted(names):
            code = self.countries.iso3(name)
            if code and code not in by_code:
                by_code[code] = name
        self.name_of_code = by_code  # one spelling per country
        self.codes = sorted(c for c in by_code if c != HOME_COUNTRY)
        officials = set()
        for r in records:
            for item in split_list(r["idcpc_officials"]):
                name = self.roster.canonical(self._printed(item)[0])
                if name and not name.startswith("("):
                    officials.add(name)
        self.officials = sorted(officials)

    @staticmethod
    def _printed(item: str) -> tuple[str, str]:
        match = re.match(r"^(\([^)]*\)|[^(]*)(.*)$", item)
        return match.group(1).strip(), match.group(2)

    def plan(self, k: int) -> tuple[int, dict[str, str], dict[str, str]]:
        rng = random.Random(f"liaison-benchmark-{k}")
        # copies overlap in blocks of OVERLAP: at most that many share a year, so a 100x archive is ten
        # 10x archives side by side in time (denser than that, the matching rules chain exchanges months
        # apart across copies, which the build's spread check rightly refuses)
        shift = -(rng.randint(1, SHIFT_DAYS) + (k // OVERLAP) * 2 * SHIFT_DAYS)
        codes = self.codes[:]
        rng.shuffle(codes)
        country_map = dict(zip(self.codes, codes))
        people = self.officials[:]
        rng.shuffle(people)
        official_map = dict(zip(self.officials, people))
        return shift, country_map, official_map

    def _country(self, name: str, country_map: dict[str, str]) -> str:
        code = self.countries.iso3(name)
        target = country_map.get(code or "")
        return self.name_of_code[target] if target else name

    def copy(self, rec: dict[str, str], k: int, plan) -> tuple[str, dict[str, str]]:
        shift, country_map, official_map = plan
        out = dict(rec)

        def moved(day: str) -> str:
            return (dt.date.fromisoformat(day) + dt.timedelta(days=shift)).isoformat() if day else ""

        for key in ("page_date", "event_date", "event_end_date"):
            out[key] = moved(rec[key])
        parts = urlsplit(rec["url"])
        path = parts.path
        match = _URL_DATE.search(path)
        if match:
            day = moved(f"{match.group(1)}-{match.group(3)}-{match.group(5)}")
            y, m, d = day.split("-")
            path = path[: match.start()] + f"{y}{match.group(2)}{m}{match.group(4)}{d}" + path[match.end() :]
        head, _, name = path.rpartition("/")
        stem, dot, ext = name.partition(".")
        out["url"] = urlunsplit(parts._replace(path=f"/synthetic{head}/{stem}-s{k:03d}{dot}{ext}"))
        if rec["title"]:
            out["title"] = f"{rec['title']} (synthetic copy {k})"
        out["summary"] = f"Synthetic copy {k} of a real record, for benchmarking only. {rec['summary']}"
        out["counterpart_countries"] = "; ".join(
            self._country(n, country_map) for n in self.split_list(rec["counterpart_countries"])
        )
        places = []
        for part in self.split_list(rec["place"]):
            bare = re.sub(r"\s*\(.*?\)\s*", " ", part).strip()
            if not bare:
                continue
            city, _, country = bare.rpartition(",")
            country = self._country(country.strip(), country_map)
            places.append(f"{city.strip()}, {country}" if city else country)
        out["place"] = "; ".join(places)
        officials = []
        for item in self.split_list(rec["idcpc_officials"]):
            printed, title = self._printed(item)
            name = self.roster.canonical(printed)
            officials.append(f"{official_map.get(name, printed)} {title.strip()}".strip())
        out["idcpc_officials"] = "; ".join(officials)
        out["counterpart_orgs"] = "; ".join(o for o in self.split_list(rec["counterpart_orgs"])
                                             if o not in self.ambiguous_orgs)
        from liaison.pipeline.records import docid_for

        return docid_for(out["url"], out["source_kind"]), out


def _record_text(rec: dict[str, str], fields) -> str:
    return "".join(f"{key}: {rec[key]}\n" for key in fields if key in rec)


def make_synthetic(target: Path, scale: int) -> int:
    """A raw folder ``target/idcpc-en`` with the real records and ``scale - 1`` perturbed copies of each,
    and its SHA256SUMS; and ``target/reference``, the reference lists with an empty window review (the
    copies change the window's exchanges, which the review names one by one).

    The real records stay (``data/reference/exclusions.csv`` must find its DOCIDs); every added
    record is named by the codebook's DOCID of its copy's URL. Returns the number of records written.
    """
    from liaison.codebook import FIELDS, OPTIONAL_FIELDS
    from liaison.paths import REFERENCE_DIR
    from liaison.pipeline.manifest import MANIFEST, manifest_text
    from liaison.pipeline.records import load_records
    from liaison.pipeline.review import Reviews
    from liaison.pipeline.window_review import REVIEW_FILE

    target = Path(target).resolve()
    if ROOT / "data" in target.parents or target == ROOT / "data":
        raise SystemExit(f"refusing to write synthetic data under data/: {target}")
    records_dir = target / "raw" / "idcpc-en" / "records"
    records_dir.mkdir(parents=True)
    shutil.copytree(REFERENCE_DIR, target / "reference")
    (target / "reference" / REVIEW_FILE).write_text("exchange_id,decision,reason\n", encoding="utf-8")
    reviews, _ = Reviews.load(REFERENCE_DIR)
    real, problems = load_records(ARCHIVE / "records", amend=reviews.amend)
    if problems:
        raise SystemExit(f"the archive does not validate: {problems[:3]}")
    for path in sorted((ARCHIVE / "records").glob("*.txt")):
        shutil.copy(path, records_dir / path.name)
    fields = FIELDS + OPTIONAL_FIELDS
    perturber = Perturber(real)
    written = len(real)
    for k in range(1, scale):
        plan = perturber.plan(k)
        for rec in real:
            doc_id, out = perturber.copy(rec, k, plan)
            (records_dir / f"{doc_id}.txt").write_text(_record_text(out, fields), encoding="utf-8")
            written += 1
    shutil.copy(ARCHIVE / "reported-figures.csv", target / "raw" / "idcpc-en" / "reported-figures.csv")
    (target / "raw" / "idcpc-en" / MANIFEST).write_text(manifest_text(target / "raw" / "idcpc-en"), encoding="utf-8")
    return written


# ---------------------------------------------------------------- timing


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], cwd: Path = ROOT, check_output: Path | None = None) -> tuple[float, float, str]:
    """Wall-clock seconds of one whole process, the CPU seconds it and its children used (user +
    system), and its output; fails loudly if the process fails."""
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if proc.returncode != 0 or (check_output is not None and not check_output.exists()):
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return elapsed, cpu, proc.stdout + proc.stderr


def load_average() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


def _one_run(label: str, i: int, runs: int, once, acc: dict) -> None:
    acc["load_before"].append(load_average())
    wall, cpu, output = once(i)
    acc["walls"].append(wall)
    acc["cpus"].append(cpu)
    note = ""
    executed = [float(x) for x in _EXECUTED.findall(output)]
    if executed:
        acc["executed"].append(executed)
        note = f"; {len(executed)} notebooks executed in {sum(executed):.1f} s, slowest {max(executed):.1f} s"
    print(f"  {label}: run {i + 1}/{runs}: {wall:.2f} s wall, {cpu:.2f} s CPU (load {acc['load_before'][-1]:.1f}){note}",
          flush=True)


def _summary(acc: dict) -> dict:
    return {
        "median": statistics.median(acc["walls"]),
        "cpu_median": statistics.median(acc["cpus"]),
        "runs": [round(t, 3) for t in acc["walls"]],
        "cpu_runs": [round(t, 3) for t in acc["cpus"]],
        "load_before": acc["load_before"],
        "executed": acc["executed"],  # per run: the "Executed notebook ... in X seconds" lines, notebook by notebook
    }


def _acc() -> dict:
    return {"walls": [], "cpus": [], "load_before": [], "executed": []}


def median_of(label: str, runs: int, once) -> dict:
    """Run ``once(i)`` ``runs`` times; the median wall clock is the figure, CPU time is kept beside it
    (on a busy machine wall clock grows, CPU time much less: compare them to spot contention)."""
    acc = _acc()
    for i in range(runs):
        _one_run(label, i, runs, once, acc)
    return _summary(acc)


def medians_interleaved(first: tuple[str, object], second: tuple[str, object], runs: int) -> tuple[dict, dict]:
    """As :func:`median_of` for two commands run in turn (1st, 2nd, 1st, 2nd...), so that a machine
    that slows down or speeds up during the benchmark weighs on both figures of a ratio alike."""
    accs = (_acc(), _acc())
    for i in range(runs):
        for (label, once), acc in zip((first, second), accs):
            _one_run(label, i, runs, once, acc)
    return _summary(accs[0]), _summary(accs[1])


_EXECUTED = re.compile(r"Executed notebook (?:ahead )?in ([0-9.]+) seconds")
STALL_SECONDS = 2.5  # jupyter_client waits this long (shutdown_wait_time / 2) for a kernel to exit


def _rows(csv_path: Path) -> int:
    import csv

    with open(csv_path, encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def bench_build(tmp: Path, scales: list[int], runs: int) -> dict:
    results = {}
    for scale in scales:
        if scale == 1:
            raw, reference = ARCHIVE.parent, ROOT / "data" / "reference"  # the vendored archive itself (read only)
        else:
            folder = tmp / f"synthetic-{scale}x"
            t0 = time.perf_counter()
            n = make_synthetic(folder, scale)
            raw, reference = folder / "raw", folder / "reference"
            print(f"  generated {n} records ({scale}x, synthetic) in {time.perf_counter() - t0:.1f} s", flush=True)
        out = tmp / f"build-{scale}x-out"
        cmd = [PYTHON, "-m", "liaison", "build", "--raw", str(raw), "--out", str(out), "--reference", str(reference)]
        res = median_of(f"(a) build {scale}x", runs,
                        lambda i, cmd=cmd, out=out: timed(cmd, check_output=out / "exchanges.csv"))
        res["records"] = _rows(out / "records.csv")  # the archive's folder may hold fetched records too
        res["exchanges"] = _rows(out / "exchanges.csv")
        results[f"{scale}x"] = res
        if scale != 1:
            shutil.rmtree(raw.parent)
    return results


def _copy_book(target: Path) -> Path:
    ignore = shutil.ignore_patterns(
        ".git", ".venv", "_build", ".pytest_cache", "node_modules", "test-output", ".jupyter_cache",
        "__pycache__", ".ipynb_checkpoints", "benchmarks", "raw",
    )
    shutil.copytree(ROOT, target, ignore=ignore)
    return target


_GLUE_ROLE = re.compile(r"\{glue(?::[a-z]+)?\}`([^`]*)`")
_GLUE_DIRECTIVE = re.compile(r"^(\s*)(`{3,}|:{3,})\{glue(?::[a-z]+)?\}", re.M)


def strip_code(book: Path) -> int:
    """Empty every code cell of ``chapters/*.ipynb`` (outputs too) and make glue references plain text."""
    import nbformat

    emptied = 0
    for path in sorted((book / "chapters").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.source, cell.outputs, cell.execution_count = "", [], None
                emptied += 1
            elif cell.cell_type == "markdown":
                cell.source = _GLUE_ROLE.sub(lambda m: f"`{m.group(1)}`", cell.source)
                # a glue directive becomes a plain admonition with the same body
                cell.source = _GLUE_DIRECTIVE.sub(lambda m: f"{m.group(1)}{m.group(2)}{{note}}", cell.source)
        nbformat.write(nb, path)
    return emptied


def bench_book(tmp: Path, runs: int) -> dict:
    results = {}
    strict = ["-W", "-n", "--keep-going"]  # as `make book`

    def clean_build(i: int) -> tuple:
        out = tmp / f"book-{i}"
        return timed([JUPYTER_BOOK, "build", str(ROOT), "--path-output", str(out), *strict],
                     check_output=out / "_build" / "html" / "index.html")

    floor = _copy_book(tmp / "floor-book")
    results["emptied_code_cells"] = strip_code(floor)

    def floor_build(i: int) -> tuple:
        out = tmp / f"floor-{i}"
        # without -W: whatever still refers to computed values may warn; the build must succeed
        return timed([JUPYTER_BOOK, "build", str(floor), "--path-output", str(out), "-n"],
                     cwd=floor, check_output=out / "_build" / "html" / "index.html")

    results["book"], results["floor"] = medians_interleaved(
        ("(b) clean book build", clean_build), ("(c) framework floor", floor_build), runs
    )

    def rebuild(i: int) -> tuple:
        out = tmp / f"book-{i}"
        return timed([JUPYTER_BOOK, "build", str(ROOT), "--path-output", str(out), *strict])

    results["rebuild"] = median_of("(d) rebuild, no change", runs, rebuild)

    def rebuild_all(i: int) -> tuple:
        out = tmp / f"book-{i}"
        return timed([JUPYTER_BOOK, "build", str(ROOT), "--path-output", str(out), "--all", *strict])

    results["rebuild_all"] = median_of("(d') rebuild --all, notebooks from the cache", runs, rebuild_all)
    cache = tmp / "book-0" / "_build" / ".jupyter_cache"
    results["cached_notebooks"] = len(list((cache / "executed").glob("*"))) if cache.is_dir() else 0

    return results


def bench_tests() -> dict:
    """The whole suite once, as ``make test`` runs it; its outcome is recorded, not required."""
    cmd = [PYTHON, "-m", "pytest", "tests", "chapters", "--nbval", "--nbval-current-env", "-n", "auto", "--dist", "loadscope",
           "-q", "-p", "no:cacheprovider"]
    load = load_average()
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    outcome = (proc.stdout.strip().splitlines() or ["?"])[-1].strip("= ")
    print(f"  test suite: {wall:.0f} s wall, {cpu:.0f} s CPU: {outcome}", flush=True)
    return {"median": wall, "cpu_median": cpu, "runs": [round(wall, 3)], "load_before": [load],
            "outcome": outcome, "command": " ".join(["python", *cmd[1:]])}


def bench_install(tmp: Path, runs: int) -> dict:
    """(e) set-up: a fresh clone's ``make .venv/.installed`` (what a new reader's first ``make book`` runs
    before building), with uv and with pip alternately, each run with empty package caches (a new machine
    has none): the venv and the pinned requirements.txt, downloaded from the registry."""
    clone = tmp / "clone"
    subprocess.run(["git", "clone", "--quiet", "--local", str(ROOT), str(clone)], check=True)
    out: dict = {}

    def once(installer: str, i: int) -> tuple[float, float, str]:
        shutil.rmtree(clone / ".venv", ignore_errors=True)
        caches = tmp / f"caches-{installer}-{i}"
        env = {**os.environ, "UV_CACHE_DIR": str(caches / "uv"), "PIP_NO_CACHE_DIR": "1",
               "XDG_CACHE_HOME": str(caches)}
        load = load_average()
        cpu = _children_cpu()
        start = time.perf_counter()
        subprocess.run(["make", "-C", str(clone), ".venv/.installed", f"INSTALLER={installer}"], env=env,
                       check=True, capture_output=True)
        wall = time.perf_counter() - start
        shutil.rmtree(caches, ignore_errors=True)
        return wall, _children_cpu() - cpu, f"{load:.1f}"

    first, second = medians_interleaved(
        ("(e) set-up with uv", lambda i: once("auto", i)), ("(e) set-up with pip", lambda i: once("pip", i)), runs)
    out["uv"], out["pip"] = first, second
    return out


# ---------------------------------------------------------------- report


def machine() -> dict:
    model, mem = "unknown", "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = ""
    from importlib.metadata import version

    versions = {p: version(p) for p in ("jupyter-book", "myst-nb", "jupyter-cache", "Sphinx", "pandas", "altair", "country_converter")}
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory": mem,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "commit": commit,
        "versions": versions,
    }


def analyse(res: dict) -> dict:
    out: dict = {}
    build = res.get("build", {})
    if "1x" in build and "100x" in build:
        t1, t100 = build["1x"]["median"], build["100x"]["median"]
        out["growth_1x_100x"] = t100 / t1
    if {"1x", "10x", "100x"} <= set(build):
        b1, b10, b100 = (build[k] for k in ("1x", "10x", "100x"))
        m1 = (b10["median"] - b1["median"]) / (b10["records"] - b1["records"]) * 1000
        m2 = (b100["median"] - b10["median"]) / (b100["records"] - b10["records"]) * 1000
        out["ms_per_1000_records_1x_10x"] = m1 * 1000
        out["ms_per_1000_records_10x_100x"] = m2 * 1000
        out["linearity"] = m2 / m1 if m1 > 0 else float("nan")
    book = res.get("book", {})
    if "book" in book and "floor" in book:
        out["book_over_floor"] = book["book"]["median"] / book["floor"]["median"]
        out["rebuild_over_book"] = book["rebuild"]["median"] / book["book"]["median"]
        out["rebuild_all_over_book"] = book["rebuild_all"]["median"] / book["book"]["median"]
        # (b) and (c) alternate, so run i of each is a pair measured under the same conditions
        out["pair_ratios"] = [b / c for b, c in zip(book["book"]["runs"], book["floor"]["runs"])]
    return out


def verdicts(res: dict, ratios: dict) -> list[tuple[str, str, str]]:
    rows = []
    build = res.get("build", {})

    def mark(ok: bool) -> str:
        return "holds" if ok else "MISSED"

    if "1x" in build:
        t = build["1x"]["median"]
        rows.append(("(a) build at archive size < 1 s", f"{t:.2f} s", mark(t < TARGETS["build_1x"])))
    if "100x" in build:
        t = build["100x"]["median"]
        rows.append(("(a) build at 100x < 10 s", f"{t:.2f} s", mark(t < TARGETS["build_100x"])))
    if "linearity" in ratios:
        lin = ratios["linearity"]
        rows.append(("(a) close to linear (marginal cost 10x-100x / 1x-10x)", f"{lin:.2f}", mark(lin < 1.5)))
    if "book_over_floor" in ratios:
        r = ratios["book_over_floor"]
        rows.append(("(b)/(c) <= 1.5", f"{r:.2f}", mark(r <= TARGETS["book_over_floor"])))
    if "book" in res.get("book", {}):
        t = res["book"]["rebuild"]["median"]
        rows.append(("(d) rebuild with no change < 10 s", f"{t:.2f} s", mark(t < TARGETS["rebuild"])))
        t = res["book"]["rebuild_all"]["median"]
        rows.append(("(d') rebuild --all from the cache < 10 s", f"{t:.2f} s", mark(t < TARGETS["rebuild"])))
    if "tests" in res:
        t = res["tests"]["median"]
        rows.append(("test suite < 3 min", f"{t:.0f} s", mark(t < TARGETS["tests"])))
    if "install" in res:
        uv, pip = res["install"]["uv"]["median"], res["install"]["pip"]["median"]
        rows.append(("(e) set-up with uv cuts pip's substantially (under half)", f"{uv:.0f} s vs {pip:.0f} s",
                     mark(uv < pip / 2)))
    return rows


def _runs(r: dict) -> str:
    return ", ".join(f"{t:.2f}" for t in r["runs"])


def _load(r: dict) -> str:
    loads = [x for x in r.get("load_before", []) if x == x]
    return f"{min(loads):.1f}-{max(loads):.1f}" if loads else "?"


def report(res: dict, ratios: dict) -> str:
    lines = []
    build = res.get("build", {})
    if build:
        lines += [
            "| (a) `python -m liaison build` | records | exchanges | median wall | median CPU | runs, wall (s) | load avg |",
            "|---|---:|---:|---:|---:|---|---|",
        ]
        for key, r in build.items():
            what = "archive" if key == "1x" else f"synthetic {key}"
            lines.append(f"| {what} | {r['records']:,} | {r['exchanges']:,} | **{r['median']:.2f} s** | "
                         f"{r['cpu_median']:.2f} s | {_runs(r)} | {_load(r)} |")
        lines.append("")
        if "growth_1x_100x" in ratios:
            lines.append(f"- growth of (a) from 1x to 100x: x{ratios['growth_1x_100x']:.1f} in time for x100 records")
        if "linearity" in ratios:
            lines.append(
                f"- marginal cost per 1,000 records: {ratios['ms_per_1000_records_1x_10x']:.0f} ms from 1x to 10x, "
                f"{ratios['ms_per_1000_records_10x_100x']:.0f} ms from 10x to 100x: ratio {ratios['linearity']:.2f} "
                "(1.00 = linear)"
            )
        lines.append("")
    book = res.get("book", {})
    if book:
        lines += [
            "| book | median wall | median CPU | runs, wall (s) | notebook execution, median of sums | load avg |",
            "|---|---:|---:|---|---|---|",
        ]
        stalls = 0
        for key, what in (
            ("book", "(b) clean `jupyter-book build` (notebooks executed)"),
            ("floor", f"(c) framework floor ({book.get('emptied_code_cells', 0)} code cells emptied)"),
            ("rebuild", "(d) rebuild, no change"),
            ("rebuild_all", "(d') rebuild `--all`, notebooks from the cache"),
        ):
            r = book[key]
            runs = r.get("executed", [])
            executed = (f"{len(runs[0])} notebooks, {statistics.median(sum(x) for x in runs):.1f} s" if runs
                        else "none (cache)")
            if key == "floor":  # an empty notebook has nothing to run: over STALL_SECONDS is a stall
                stalls = sum(1 for x in runs for t in x if t > STALL_SECONDS)
                book["floor_stalls"] = stalls
            lines.append(f"| {what} | **{r['median']:.2f} s** | {r['cpu_median']:.2f} s | {_runs(r)} | {executed} | {_load(r)} |")
        lines.append("")
        if stalls:
            floor_runs = len(book["floor"].get("executed", []))
            lines.append(f"- in the {floor_runs} runs of (c), {stalls} of the emptied notebooks took over {STALL_SECONDS:.1f} s "
                         "to execute: a kernel that does not exit when asked is terminated after 2.5 s (see below); "
                         "(b) pays the same stall at random")
        lines.append(f"- (b)/(c) = **{ratios['book_over_floor']:.2f}**; (d)/(b) = **{ratios['rebuild_over_book']:.2f}**; "
                     f"(d')/(b) = {ratios['rebuild_all_over_book']:.2f}")
        pairs = ratios.get("pair_ratios", [])
        if pairs:
            lines.append(f"- (b)/(c) run by run (each (b) with the (c) that followed it): "
                         f"{', '.join(f'{r:.2f}' for r in pairs)}; median {statistics.median(pairs):.2f}, "
                         f"range {min(pairs):.2f}-{max(pairs):.2f}")
        lines.append("")
    if "tests" in res:
        t = res["tests"]
        lines.append(f"- test suite (`{t['command']}`): **{t['median']:.0f} s** wall, {t['cpu_median']:.0f} s CPU "
                     f"(one run, load average {_load(t)} before); outcome: {t.get('outcome', '?')}")
        lines.append("")
    rows = verdicts(res, ratios)
    if rows:
        lines += ["| target | measured | |", "|---|---:|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    install = res.get("install", {})
    if install:
        lines += [
            "",
            "| (e) set-up: fresh clone, `make .venv/.installed`, empty caches | median wall | median CPU | runs, wall (s) |",
            "|---|---:|---:|---|",
            f"| with uv (installed into the venv first, bytecode compiled) | **{install['uv']['median']:.1f} s** | "
            f"{install['uv']['cpu_median']:.1f} s | {_runs(install['uv'])} |",
            f"| with pip (`make INSTALLER=pip`) | **{install['pip']['median']:.1f} s** | "
            f"{install['pip']['cpu_median']:.1f} s | {_runs(install['pip'])} |",
        ]
    return "\n".join(lines)


RESULTS_HEAD = """# Benchmark results

Produced by `benchmarks/run.py` (standard library plus the project's own dependencies). Each figure is
the **median** wall-clock time of several whole-process runs (`subprocess`), imports included; the
CPU time (user + system, the process and its children) and the load average before each run are kept
beside it, because other work on the machine inflates wall clock much more than CPU time.
Reproduce with:

```bash
.venv/bin/python benchmarks/run.py --book-runs 5 --tests --write   # about 8 minutes on the machine below
.venv/bin/python benchmarks/run.py --quick                          # one run each, archive and 10x only
.venv/bin/python benchmarks/run.py --only build --runs 3            # (a) only
```

`--write` replaces only the block between the `figures` markers below; the notes after it are kept.

What is measured:

- **(a)** `python -m liaison build --raw DIR --out DIR/out` on the vendored archive and on synthetic
  archives 10x and 100x its size. The synthetic archives are generated in a temporary folder (never under
  `data/`) and deleted afterwards: the real records plus `scale - 1` copies of each, each named by the
  codebook's DOCID of its marked URL (`/synthetic/.../NAME-sKKK.html`), with a manifest written for the
  folder and the reference lists beside it (the window review emptied: the copies change the window's
  exchanges). Each copy shifts all its dates (page, event, end, and the date in the URL) back by one
  random number of days within a year (never past the day of the build), copies 10-19 two years further
  back, 20-29 four, and so on (ten copies at most share their years: denser, the matching rules chain
  exchanges months apart across copies, which the build's spread check refuses), swaps lead officials and
  counterpart countries by a random permutation of those present in the archive (China stays China), and
  marks its headlines and summaries; printed party names that only their countries tell apart are left
  out of the copies. Pages of one exchange still agree within a copy, so
  deduplication finds the archive's own duplicate structure in every copy, while the copies overlap in
  time: days, officials and countries are up to 10 times as crowded as in the archive, which is the
  load the matching passes must stand.
- **(b)** `jupyter-book build . --path-output TMP -W -n --keep-going` into a fresh folder: every
  notebook is executed (cache mode, empty cache). The runs of (b) and (c) alternate, so that a machine
  that slows down or speeds up during the benchmark weighs on both sides of their ratio alike.
- **(c)** the framework floor: a copy of the book (same `_config.yml`, `_toc.yml`, pages) whose
  `chapters/*.ipynb` have every code cell emptied (source and outputs). Glue roles
  (`` {glue:text}`name` ``) become inline literals and glue directives become notes, and the floor is
  built without `-W`, so nothing refers to values that are no longer computed. The emptied cells stay
  (with their tags), so every notebook still starts its own kernel, run ahead by `liaison.book.prerun` and
  then taken from myst-nb's cache, as in (b): the floor is Sphinx, the theme, the extensions and one
  kernel start and stop per notebook.
- **(d)** the same command again in the output folder of (b), nothing changed; **(d')** the same with
  `--all`, which makes Sphinx re-read every page, so myst-nb takes every notebook's outputs from its
  execution cache (`<output>/_build/.jupyter_cache`) instead of running it.
"""


BEGIN, END = "<!-- figures: written by benchmarks/run.py --write -->", "<!-- /figures -->"


def write_results(res: dict, ratios: dict, info: dict, path: Path) -> None:
    """Put the machine and the figures between the markers of ``path`` (the text around them stays)."""
    block = "\n".join([
        BEGIN,
        "## Machine",
        "",
        f"- {info['cores']} cores, {info['cpu']}, {info['memory']} memory, {info['os']}",
        f"- Python {info['python']}; " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()),
        f"- measured {info['date']} on commit {info['commit']} plus the working tree's changes",
        "",
        "## Figures",
        "",
        report(res, ratios),
        END,
    ])
    text = path.read_text(encoding="utf-8") if path.exists() else RESULTS_HEAD + "\n" + BEGIN + "\n" + END + "\n"
    if BEGIN not in text or END not in text:
        text = text.rstrip("\n") + "\n\n" + BEGIN + "\n" + END + "\n"
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(head + block + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=5, help="runs per figure of (a) (default 5)")
    p.add_argument("--book-runs", type=int, default=3, help="runs per figure of (b), (c), (d) (default 3)")
    p.add_argument("--scales", default="1,10,100", help="archive sizes for (a) (default 1,10,100)")
    p.add_argument("--quick", action="store_true", help="one run each, scales 1 and 10 only")
    p.add_argument("--only", choices=["build", "book"], help="measure only (a), or only (b)-(d)")
    p.add_argument("--tests", action="store_true", help="also time the whole test suite once")
    p.add_argument("--install", action="store_true",
                   help="also time (e), a fresh clone's first install with uv and with pip (downloads; minutes)")
    p.add_argument("--json", type=Path, help="write the raw figures as JSON")
    p.add_argument("--write", action="store_true", help="rewrite benchmarks/RESULTS.md")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (printed)")
    args = p.parse_args(argv)
    if args.quick:
        args.runs, args.book_runs, args.scales = 1, 1, "1,10"
    scales = [int(s) for s in args.scales.split(",")]

    info = machine()
    print(f"{info['cores']} cores, {info['cpu']}, {info['memory']}, Python {info['python']}", flush=True)
    res: dict = {}
    tmp = Path(tempfile.mkdtemp(prefix="liaison-bench-"))
    try:
        if args.only in (None, "build"):
            res["build"] = bench_build(tmp, scales, args.runs)
        if args.only in (None, "book"):
            res["book"] = bench_book(tmp, args.book_runs)
        if args.tests:
            print("  timing the test suite ...", flush=True)
            res["tests"] = bench_tests()
        if args.install:
            res["install"] = bench_install(tmp, max(1, min(args.book_runs, 3)))
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    ratios = analyse(res)
    print()
    print(report(res, ratios))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": res, "ratios": ratios}, indent=2) + "\n")
    if args.write:
        write_results(res, ratios, info, Path(__file__).with_name("RESULTS.md"))
        print(f"\nwrote {Path(__file__).with_name('RESULTS.md')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
