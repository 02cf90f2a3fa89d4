"""How to cite the book, its dataset and the article it rebuilds, written from one source.

``CITATION.cff`` holds the book's authors, title, year and licence and the original article's reference;
the version comes from ``liaison.version()`` (pyproject.toml). The book's How to cite page (through
``liaison.book.sphinxext``) and the README inside the dataset download (``liaison.book.dataset``) both
take their citations from :func:`citations`, so a reader sees the same text in both places and a
release changes them by changing those two files.

No URL is invented: a citation carries one only if CITATION.cff gives ``url`` or the build is told the
site's address (``site_url``, which the Pages workflow passes as ``LIAISON_SITE_URL``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from liaison import version as project_version
from liaison.paths import BIBLIOGRAPHY, CITATION, PROCESSED_DIR

#: The key of the original article in references.bib.
ARTICLE_KEY = "bowie2018"


@dataclass(frozen=True)
class Citation:
    """One work's citation: a reference in running text (``before`` *``italic``* ``after``) and BibTeX.

    The reference is split around its one italic part (the book's or the journal's title) so that each
    output can set it in its own markup: emphasis in the book, ``*...*`` in Markdown, nothing in plain text.
    """

    key: str
    label: str
    before: str
    italic: str
    after: str
    bibtex: str

    def plain(self) -> str:
        return f"{self.before}{self.italic}{self.after}"

    def markdown(self) -> str:
        return f"{self.before}*{self.italic}*{self.after}"


def load_cff(path: Path = CITATION) -> dict[str, Any]:
    """CITATION.cff as a mapping (YAML; dates are kept as the strings the file quotes)."""
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def dataset_zip_name(version: str | None = None) -> str:
    """The dataset download's file name: ``liaison-data-<version>.zip``."""
    return f"liaison-data-{version or project_version()}.zip"


def _names(authors: list[dict[str, Any]], *, bibtex: bool = False) -> str:
    """Authors as cited: an entity by its name (braced in BibTeX, so it is not split into first/last)."""
    names = []
    for author in authors:
        if "name" in author:
            names.append("{" + author["name"] + "}" if bibtex else author["name"])
        elif bibtex:
            names.append(f"{author['family-names']}, {author['given-names']}")
        else:
            initials = " ".join(f"{part[0]}." for part in author["given-names"].replace(".", " ").split())
            names.append(f"{author['family-names']}, {initials}")
    return " and ".join(names) if bibtex else ", ".join(names)


def _sentence(text: str) -> str:
    """A reference starts a sentence: "the liaison project contributors" is cited as "The liaison ..."."""
    return text[:1].upper() + text[1:]


def _bibtex(kind: str, key: str, fields: dict[str, str]) -> str:
    width = max(len(name) for name in fields)
    lines = [f"  {name.ljust(width)} = {{{value}}}," for name, value in fields.items() if value]
    return f"@{kind}{{{key},\n" + "\n".join(lines) + "\n}"


def bib_entry(key: str, path: Path = BIBLIOGRAPHY) -> str:
    """The entry ``key`` of references.bib, as written there (the article is cited as the book cites it)."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^@\w+\{" + re.escape(key) + r",.*?^\}", text, flags=re.MULTILINE | re.DOTALL)
    if not match:
        raise KeyError(f"{key} is not in {path}")
    return match.group(0)


def dataset_title(path: Path = PROCESSED_DIR / "datapackage.json") -> str:
    """The data package's own title (data/processed/datapackage.json), so the citation names it as it names itself."""
    return str(json.loads(path.read_text(encoding="utf-8"))["title"])


def citations(site_url: str = "", cff: dict[str, Any] | None = None, version: str | None = None) -> dict[str, Citation]:
    """The citations of the book, the dataset and the original article, keyed ``book``, ``dataset``, ``article``.

    ``site_url`` is the published book's address, if the build knows it; otherwise CITATION.cff's
    ``url``, if it has one; otherwise the citations carry no URL.
    """
    cff = cff if cff is not None else load_cff()
    version = version or project_version()
    book = cff["preferred-citation"]
    authors = book["authors"]
    year = str(book["year"])
    url = (site_url or cff.get("url", "")).rstrip("/")
    zip_name = dataset_zip_name(version)

    book_url = f" {url}/" if url else ""
    book_citation = Citation(
        key="book",
        label="The book",
        before=f"{_sentence(_names(authors))} ({year}). ",
        italic=book["title"],
        after=f" (version {version}).{book_url}",
        bibtex=_bibtex("misc", f"liaison{year}", {
            "author": _names(authors, bibtex=True),
            "title": "{" + book["title"] + "}",
            "year": year,
            "howpublished": f"Online book (Jupyter Book), version {version}",
            "url": f"{url}/" if url else "",
            "note": f"Licensed under {book['license'].replace('-', ' ')}",  # SPDX CC-BY-4.0 -> CC BY 4.0
        }),
    )
    data_title = dataset_title()
    data_url = f" {url}/{zip_name}" if url else ""
    dataset_citation = Citation(
        key="dataset",
        label="The dataset",
        before=f"{_sentence(_names(authors))} ({year}). ",
        italic=data_title,
        after=f" (version {version}) [Data set, {zip_name}].{data_url}",
        bibtex=_bibtex("misc", f"liaison{year}data", {
            "author": _names(authors, bibtex=True),
            "title": "{" + data_title + "}",
            "year": year,
            "howpublished": f"Data set ({zip_name}), version {version}",
            "url": data_url.strip(),
            "note": "Frictionless data package, licensed under CC BY 4.0",
        }),
    )
    article = next(ref for ref in cff["references"] if "Bowie" in _names(ref["authors"]))
    article_citation = Citation(
        key="article",
        label="The original article",
        before=f"{_names(article['authors'])} ({article['year']}). {article['title']} ",
        italic=article["journal"],
        after=f". {article['publisher']['name']}.",
        bibtex=bib_entry(ARTICLE_KEY),
    )
    return {c.key: c for c in (book_citation, dataset_citation, article_citation)}
