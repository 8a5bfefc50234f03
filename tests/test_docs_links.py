"""The README stays a short front door and the docs stay reachable: every docs/ page is linked from the README,
every relative link and image in the README and docs/ resolves (anchors to a heading, by GitHub's slug rules),
and the configuration table names real settings only, all of them."""
from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [README, ROOT / "deploy" / "README.md", *DOCS]
MAX_README_WORDS = 1600

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1")
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.M)
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # http:, https:, mailto:


def prose(text: str) -> str:
    """The text outside fenced code blocks (links and headings there are examples, not links)."""
    return FENCE.sub("", text)


def links(text: str) -> list[str]:
    body = INLINE_CODE.sub("", prose(text))
    return LINK.findall(body) + REFERENCE.findall(body)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: its rendered text lower-cased, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link or image reads as its text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "")
    text = re.sub(r"(\*+|(?<!\w)_+|_+(?!\w))", "", text)  # emphasis markers, not underscores inside words
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for _, heading in HEADING.findall(prose(path.read_text(encoding="utf-8"))):
        base = slug(heading)
        n = seen.get(base, 0)
        seen[base] = n + 1
        found.add(base if n == 0 else f"{base}-{n}")
    return found


def words(text: str) -> int:
    """Words outside code blocks: tokens with a letter or digit (a table's pipes and rules are not words)."""
    return sum(1 for token in prose(text).split() if re.search(r"\w", token))


def broken_links(path: Path) -> list[str]:
    broken = []
    for target in links(path.read_text(encoding="utf-8")):
        if EXTERNAL.match(target):
            continue
        file_part, _, anchor = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        if not resolved.exists():
            broken.append(f"{target}: no such file")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target}: no heading #{anchor} in {resolved.relative_to(ROOT)}")
    return broken


def test_the_checks_find_what_they_look_for():
    assert slug("Measured (2026-11-24, 2 cores, Debian 12)") == "measured-2026-11-24-2-cores-debian-12"
    assert slug("Cost (`bench/job.py`)") == "cost-benchjobpy"
    assert slug("Live voice (real time, **hands-free**)") == "live-voice-real-time-hands-free"
    assert links("[a](x.md#y) ![b](img.png) `[c](code.md)`\n```\n[d](fenced.md)\n```\n[e]: ref.md") == [
        "x.md#y", "img.png", "ref.md"]
    assert words("one | two |\n|---|---|\n```\nnot counted\n```\nthree") == 3
    assert anchors(README), "no headings found in the README: the anchor check would be empty"
    assert links(README.read_text(encoding="utf-8")), "no links found in the README"


def test_every_docs_page_is_linked_from_the_readme():
    linked = {(README.parent / t.partition("#")[0]).resolve() for t in links(README.read_text(encoding="utf-8"))
              if not EXTERNAL.match(t)}
    assert DOCS, "no docs pages found"
    assert [p.name for p in DOCS if p.resolve() not in linked] == []


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_image_resolves(path):
    assert broken_links(path) == []


def test_the_readme_is_a_short_front_door():
    count = words(README.read_text(encoding="utf-8"))
    assert count <= MAX_README_WORDS, f"README.md has {count} words outside code blocks (at most {MAX_README_WORDS})"


def test_the_readme_configuration_table_names_every_setting_and_no_invented_one():
    from config import Settings

    section = README.read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([A-Z][A-Z0-9_]{2,})`", section))
    settings = {f.name.upper() for f in fields(Settings)}
    read_directly = set()  # settings read from the environment outside config.py
    for source in [*ROOT.glob("services/**/*.py"), *ROOT.glob("core/**/*.py"), *ROOT.glob("ui/**/*.py")]:
        read_directly |= set(re.findall(r"environ\.get\(\"([A-Z][A-Z0-9_]+)\"", source.read_text(encoding="utf-8")))
    assert sorted(settings - named) == []
    assert sorted(named - settings - read_directly) == []
