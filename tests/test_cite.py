"""One version everywhere, a valid CITATION.cff, licences that agree, and the book's footer and How to cite page."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from browser.builtsite import CHAPTERS
from bs4 import BeautifulSoup
from conftest import ROOT

import liaison
from liaison import version
from liaison.book import citation, dataset, sphinxext

CFF_SCHEMA = ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.json"


@pytest.fixture(scope="module")
def cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def cff_errors(document: dict) -> list[str]:
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(document)]


def test_one_version_read_from_pyproject_everywhere(cff):
    with (ROOT / "pyproject.toml").open("rb") as fh:
        declared = tomllib.load(fh)["project"]["version"]
    assert version() == liaison.__version__ == declared
    assert cff["version"] == declared, "CITATION.cff's version must be pyproject.toml's"
    assert cff["preferred-citation"]["version"] == declared
    assert dataset.zip_name() == f"liaison-data-{declared}.zip"


def test_citation_cff_is_valid_cff_1_2_0(cff):
    assert cff["cff-version"] == "1.2.0"
    assert cff_errors(cff) == []
    # The schema is not blind: a date that is not a date, and no authors, are reported.
    broken = {**cff, "date-released": "28 November 2026"}
    del broken["authors"]
    errors = cff_errors(broken)
    assert any("authors" in e for e in errors) and any(e.startswith("date-released") for e in errors)


def test_the_book_is_the_preferred_citation_by_the_projects_contributors(cff):
    book = cff["preferred-citation"]
    assert book["type"] == "book"
    assert book["authors"] == cff["authors"] == [{"name": "the liaison project contributors"}]
    book_title = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    assert book["title"] == cff["title"] == book_title
    assert str(book["year"]) == cff["date-released"][:4]


def test_the_original_article_is_cited_as_references_bib_has_it(cff):
    article = next(ref for ref in cff["references"] if ref["authors"][0].get("family-names") == "Bowie")
    entry = citation.bib_entry("bowie2018")
    fields = {k: v.replace("{", "").replace("}", "")  # braces only protect capitals
              for k, v in re.findall(r"^\s*(\w+)\s*=\s*\{(.*)\},?$", entry, flags=re.MULTILINE)}
    assert fields["title"] == article["title"]
    assert fields["year"] == str(article["year"])
    assert fields["author"] == f"{article['authors'][0]['family-names']}, {article['authors'][0]['given-names']}"
    assert fields.get("journal", fields.get("booktitle")) == article["journal"]
    assert fields["publisher"] == article["publisher"]["name"]


def test_the_licences_agree(cff):
    package = json.loads((ROOT / "data" / "processed" / "datapackage.json").read_text(encoding="utf-8"))
    assert [lic["name"] for lic in package["licenses"]] == [cff["preferred-citation"]["license"]] == ["CC-BY-4.0"]
    assert cff["license"] == "MIT"  # the code's licence, as LICENSE gives it
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in text and "Creative Commons Attribution 4.0 International" in text
    assert "data/reference/partyfacts/" in text and "LICENSES/CC-BY-4.0.txt" in text
    legal = (ROOT / "LICENSES" / "CC-BY-4.0.txt").read_text(encoding="utf-8")
    assert legal.startswith("Attribution 4.0 International")
    assert all(f"Section {n} --" in legal for n in range(1, 9))
    assert "MIT License" in (ROOT / "data" / "reference" / "partyfacts" / "LICENSE.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Licence" in readme and "headline" in readme and "data/reference/partyfacts/" in readme


def test_the_changelog_has_the_current_version_first_with_its_date_or_unreleased():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\S+) \((.+)\)$", text, flags=re.MULTILINE)
    assert headings[0][0] == version(), f"CHANGELOG.md's newest section is not {version()}"
    assert headings[0][1] == "unreleased" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", headings[0][1])
    assert [v for v, _ in headings] == sorted({v for v, _ in headings}, key=lambda v: [int(x) for x in v.split(".")],
                                               reverse=True)


def test_citations_carry_the_version_and_a_url_only_when_one_is_known():
    cites = citation.citations()
    assert list(cites) == ["book", "dataset", "article"]
    assert cites["book"].plain().startswith("The liaison project contributors (2026). Party diplomacy in the data")
    assert f"(version {version()})" in cites["book"].plain()
    assert f"[Data set, {dataset.zip_name()}]" in cites["dataset"].plain()
    assert cites["article"].plain().startswith("Bowie, J. G. (2018). International Liaison Work for the New Era")
    assert "http" not in cites["book"].plain() + cites["book"].bibtex
    online = citation.citations(site_url="https://example.org/liaison/")
    assert online["book"].plain().endswith(" https://example.org/liaison/")
    assert online["dataset"].plain().endswith(f" https://example.org/liaison/{dataset.zip_name()}")
    assert "url          = {https://example.org/liaison/}," in online["book"].bibtex


def test_the_build_date_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764288000")  # 2025-11-28 00:00 UTC
    assert sphinxext.build_date() == "2025-11-28"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", sphinxext.build_date())


# ---- the built book ----------------------------------------------------------------------------------


def footer(html_dir: Path, page: str) -> BeautifulSoup | None:
    soup = BeautifulSoup((html_dir / page).read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("p.liaison-version")


@pytest.mark.parametrize("page", [*CHAPTERS, "search.html", "genindex.html"])
def test_every_page_states_the_version_and_build_date_and_links_citation_and_data(built_book, page):
    html = built_book / "html"
    line = footer(html, page)
    assert line is not None, f"{page} has no version line"
    text = " ".join(line.get_text().split())
    assert re.search(rf"Version {re.escape(version())}( \(commit [0-9a-f]{{7}}\))?, built \d{{4}}-\d{{2}}-\d{{2}}\.", text), text
    links = {a.get_text(): a["href"] for a in line.find_all("a")}
    assert set(links) == {"How to cite", f"Download the data ({dataset.zip_name()})"}
    for href in links.values():
        if href == "#":  # Sphinx's link from the How to cite page to itself
            assert page == "chapters/cite.html"
            continue
        assert (html / page).parent.joinpath(href).resolve().is_file(), (page, href)


def test_the_how_to_cite_page_shows_the_three_citations(built_book):
    page = (built_book / "html" / "chapters" / "cite.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    # Sphinx sets typographic apostrophes in running text (smartquotes); the BibTeX keeps straight ones.
    refs = [" ".join(p.get_text().split()).replace("\u2019", "'") for p in soup.select("p.liaison-citation")]
    assert refs == [c.plain() for c in citation.citations().values()]
    code = soup.get_text()
    assert "@misc{liaison2026," in code and "@misc{liaison2026data," in code and "@incollection{bowie2018," in code
    assert f"This is version {version()} of the book" in " ".join(soup.get_text().split())
