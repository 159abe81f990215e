"""French typography on the site, as in the PDFs: no-break spaces before « ; : ! ? » and inside
guillemets, typographic apostrophes; never inside tags, code or form fields."""

from __future__ import annotations

import re
from pathlib import Path

from legs.text.french import NNBSP, french

_UNTOUCHED = re.compile(r"<(pre|code|kbd|samp|script|style|textarea)\b.*?</\1\s*>", re.S | re.I)


def _text_nodes(html: str) -> str:
    return re.sub(r"<[^>]+>", "\x00", _UNTOUCHED.sub("", html))


def test_text_gets_french_spaces_and_apostrophes() -> None:
    assert french("<p>L'état : « oui » ! Quoi ?</p>") == f"<p>L’état{NNBSP}: «{NNBSP}oui{NNBSP}»{NNBSP}! Quoi{NNBSP}?</p>"
    # Jinja writes an apostrophe as an entity.
    assert french("<p>l&#39;agent</p>") == "<p>l’agent</p>"
    assert french("<p>d&#X27;abord, qu&apos;il, aujourd'hui</p>") == "<p>d’abord, qu’il, aujourd’hui</p>"


def test_tags_code_and_fields_are_left_as_written() -> None:
    kept = ('<a href="?q=a : b" title="l\'a">x</a><code>a : b</code><pre>l\'a ?</pre>'
            '<textarea>« brut » : l\'agent</textarea><script>var s = "a : b";</script>')
    assert french(kept) == kept
    # An apostrophe between a letter and a digit, or a quote, is not an elision.
    assert french("<p>'1'</p>") == "<p>'1'</p>"
    assert french("<p>2'a, l' a, 'b, &#39;c, l&#39;</p>") == "<p>2'a, l' a, 'b, &#39;c, l&#39;</p>"


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
    from legs.site.shared import SharedParts

    parts = SharedParts(set(), set(), circles_listed=False)
    shared_part = "\n  <nav><p>« Qui sait faire ? »</p></nav>  "
    loose_part = "l'aide ?</span>"  # does not start with a tag: typeset with each page
    page = "<p>L'état : « oui »</p>{}\n<p>Et l'autre ?</p>{}<footer>{}</footer><p>Encore l'autre »</p>"
    calls = []
    rendered = [parts("menu", lambda: calls.append("menu") or shared_part) for _ in range(2)]
    rendered.append(parts("pied", lambda: loose_part))
    assert calls == ["menu"] and rendered[0] == rendered[1] != shared_part  # rendered once, in the page as one tag
    assert parts.typeset(page.format(*rendered)) == french(page.format(shared_part, shared_part, loose_part))
    assert french(french(shared_part)) != french(shared_part)  # typesetting is not idempotent: the reason for all this
