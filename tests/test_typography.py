"""French typography on the site, as in the PDFs: no-break spaces before « ; : ! ? » and inside
guillemets, typographic apostrophes; never inside tags, code or form fields."""

from __future__ import annotations

import re
from pathlib import Path

from legs.french import NNBSP, french

_UNTOUCHED = re.compile(r"<(pre|code|kbd|samp|script|style|textarea)\b.*?</\1\s*>", re.S | re.I)


def _text_nodes(html: str) -> str:
    return re.sub(r"<[^>]+>", "\x00", _UNTOUCHED.sub("", html))


def test_text_gets_french_spaces_and_apostrophes() -> None:
    assert french("<p>L'état : « oui » ! Quoi ?</p>") == f"<p>L’état{NNBSP}: «{NNBSP}oui{NNBSP}»{NNBSP}! Quoi{NNBSP}?</p>"
    # Jinja writes an apostrophe as an entity.
    assert french("<p>l&#39;agent</p>") == "<p>l’agent</p>"


def test_tags_code_and_fields_are_left_as_written() -> None:
    kept = ('<a href="?q=a : b" title="l\'a">x</a><code>a : b</code><pre>l\'a ?</pre>'
            '<textarea>« brut » : l\'agent</textarea><script>var s = "a : b";</script>')
    assert french(kept) == kept
    # An apostrophe between a letter and a digit, or a quote, is not an elision.
    assert french("<p>'1'</p>") == "<p>'1'</p>"


def test_every_page_of_the_site_follows_french_typography(site_interne: Path) -> None:
    checked = 0
    for page in site_interne.rglob("*.html"):
        text = _text_nodes(page.read_text(encoding="utf-8"))
        loose = re.findall(r".{0,30}(?: [;:!?](?=\s|\x00|$)|« | »).{0,10}", text)
        assert not loose, (page.relative_to(site_interne), loose[:3])
        assert not re.search(r"[^\W\d_]'[^\W\d_]", text), page
        checked += 1
    # The 404 page is rendered apart from the others (a static template): it is checked too.
    assert (site_interne / "404.html").exists() and checked > 50


def test_parts_typeset_once_are_left_as_they_are() -> None:
    """Parts of the layout shared by many pages are typeset once (site/shared.py): the page
    around them is typeset as if they had never been apart, and they are never typeset twice,
    which would put a second space after « »."""
    shared_part = "<nav><p>« Qui sait faire ? »</p></nav>"
    page = "<p>L'état : « oui »</p>\n  {}\n<p>Et l'autre ?</p>{}<footer>l'aide</footer>"
    done = french(shared_part)
    assert french(page.format(done, done), [done]) == french(page.format(shared_part, shared_part))
    assert french(done) != done  # typesetting is not idempotent: the reason for all this
