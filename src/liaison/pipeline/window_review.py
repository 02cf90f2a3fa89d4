"""The reviewed decision on every exchange of the article's window, applied after the matching rules.

``data/reference/window-review.csv`` (``exchange_id, decision, reason``) holds one row for each
exchange the matching rules (``liaison.pipeline.dedup``) make of the pages dated from the 19th Party
Congress to the end of October 2018, written by reading its pages. It is the evidence a reader can
check line by line that Figure 1 counts exchanges as the department would report them. Decisions:

- ``keep``: the rules got it right;
- ``merge:<exchange_id>``: it is the same exchange as another (pages of one council's opening and close);
- ``split:<doc_id>[;<doc_id>...]``: the listed pages report a separate exchange; they leave it and form
  one of their own;
- ``not_an_exchange``: its pages report no exchange; they are excluded with the row's reason.

``exchange_id`` is the id the rules give (before the review), so a change to the rules that changes
an exchange shows up as a row that no longer matches: the build refuses it, and the review is redone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from liaison.pipeline.records import Problem, table_rows

REVIEW_FILE = "window-review.csv"
COLUMNS: tuple[str, ...] = ("exchange_id", "decision", "reason")
_DECISION = re.compile(r"keep|not_an_exchange|merge:X(\d{8}|undated)-[0-9a-f]{6}|split:[^;\s]+(;[^;\s]+)*")


@dataclass(frozen=True)
class Decision:
    exchange_id: str
    kind: str  # keep, merge, split, not_an_exchange
    target: str  # the exchange merged into
    pages: tuple[str, ...]  # the DOCIDs split off
    reason: str


def load(reference_dir: Path) -> tuple[dict[str, Decision], list[Problem]]:
    """The decisions by exchange id; a malformed row is a problem naming the file and row."""
    path = reference_dir / REVIEW_FILE
    decisions: dict[str, Decision] = {}
    problems: list[Problem] = []
    for lineno, row in table_rows(path, COLUMNS, problems):
        where = f"row {lineno} ({row['exchange_id']})"
        decision = row["decision"].strip()
        if not _DECISION.fullmatch(decision):
            problems.append(Problem(str(path), where, f"decision {decision!r} is not keep, merge:<exchange_id>, "
                                    "split:<doc_id>[;<doc_id>...] or not_an_exchange"))
        elif row["exchange_id"] in decisions:
            problems.append(Problem(str(path), where, "a second row for the exchange"))
        elif not row["reason"].strip():
            problems.append(Problem(str(path), where, "no reason given"))
        else:
            kind, _, arg = decision.partition(":")
            decisions[row["exchange_id"]] = Decision(
                row["exchange_id"], kind, arg if kind == "merge" else "",
                tuple(arg.split(";")) if kind == "split" else (), row["reason"].strip())
    return decisions, problems


def apply(groups: dict[str, list], ids: dict[str, str], decisions: dict[str, Decision],
          path: Path) -> tuple[dict[str, list], dict[str, str], dict[str, str], list[Problem]]:
    """Apply the decisions to the rules' groups (root -> members, each with ``doc_id``).

    ``ids`` gives each group's exchange id as the rules made it. Returns the new groups, how each moved
    record was joined or split (``doc_id -> reason``), the excluded records (``doc_id -> reason``), and
    the problems: a row for an exchange the rules did not make, a merge into one, a split of a page
    that is not in the exchange.
    """
    by_id = {ids[root]: root for root in groups}
    problems: list[Problem] = []
    for ex_id, decision in decisions.items():
        if ex_id not in by_id:
            problems.append(Problem(str(path), ex_id, "no such exchange in the build (the matching rules changed: "
                                    "review the window again)"))
        elif decision.kind == "merge" and decision.target not in by_id:
            problems.append(Problem(str(path), ex_id, f"merge into {decision.target}, which the build does not make"))
        elif decision.kind == "merge" and decisions.get(decision.target, decision).kind in ("merge", "not_an_exchange"):
            problems.append(Problem(str(path), ex_id, f"merge into {decision.target}, which is itself merged or "
                                    "not an exchange: merge into the exchange that stays"))
        elif decision.kind == "split":
            members = {m.doc_id for m in groups[by_id[ex_id]]}
            missing = [d for d in decision.pages if d not in members]
            if missing or set(decision.pages) == members:
                problems.append(Problem(str(path), ex_id, f"split of {', '.join(missing) or 'every page'}: a split "
                                        "names some, not all, of the exchange's pages"))
    if problems:
        return groups, {}, {}, problems
    out = {root: list(members) for root, members in groups.items()}
    how: dict[str, str] = {}
    excluded: dict[str, str] = {}
    for ex_id, decision in sorted(decisions.items()):
        root = by_id[ex_id]
        if decision.kind == "split":
            moved = [m for m in out[root] if m.doc_id in decision.pages]
            out[root] = [m for m in out[root] if m.doc_id not in decision.pages]
            out[f"{root}+split"] = moved
            for m in moved:
                how[m.doc_id] = "window review (split)"
        elif decision.kind == "not_an_exchange":
            for m in out.pop(root):
                excluded[m.doc_id] = f"window review: not an exchange: {decision.reason}"
    for ex_id, decision in sorted(decisions.items()):
        if decision.kind == "merge":
            source, target = by_id[ex_id], by_id[decision.target]
            for m in out.pop(source):
                how[m.doc_id] = "window review (merged)"
                out[target].append(m)
    return out, how, excluded, problems
