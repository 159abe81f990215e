"""The validator's rules a browser can apply, as JSON for the « Proposer une fiche » form.

Everything here is read from the validator's own constants and schema (fiche.schema.json,
model.SECTIONS, rules.body, rules.security, links, mdscan), so the form cannot accept a
record the validator would refuse because a limit changed on one side only. What needs data
the site must not publish (the people registry: names, e-mails, who exists) stays with the
validator; the form only checks the shape of identifiers.
"""

from __future__ import annotations

from ..content import links, mdscan
from ..content.model import SECTIONS
from . import body, front_matter, security

# Keys the form has a field for; the other keys of the schema are the review's (statut,
# relecteur, date_relecture), which a new proposal never carries.
FORM_KEYS = ("titre", "resume", "auteur", "metier", "versant", "organisation", "service", "competences",
             "types_savoir", "criticite", "rarete", "date_creation", "successeurs", "visibilite")
REVIEW_KEYS = ("statut", "relecteur", "date_relecture")

# Python-Markdown's raw-HTML pattern uses possessive quantifiers, which JavaScript lacks.
# The browser uses a stricter one: « < » then a letter, « / », « ! » or « ? » (every tag,
# comment, declaration or processing instruction starts so), outside code.
HTML_START = r"<\s*[A-Za-z/!?]"
# Every way Markdown writes a link target: inline « ](url) », reference definition « [x]: url »,
# autolink « <scheme:…> » or « <a@b> ».
LINK_PATTERNS = (r"\]\(\s*<?([^\s)>]*)", r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", r"<([A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*)>",
                 r"<([^<> !]+@[^@<> ]+)>")


def _field(spec: dict, defs: dict) -> dict:
    if "$ref" in spec:
        spec = {**defs[spec["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in spec.items() if k != "$ref"}}
    out = {k: spec[k] for k in ("minLength", "maxLength", "minItems", "maxItems", "enum", "pattern") if k in spec}
    items = spec.get("items")
    if isinstance(items, dict):
        out["items"] = _field(items, defs)
    out["type"] = spec.get("type", "string")
    return out


def form_rules(corpus) -> dict:
    """The rules as one JSON-ready dict (French messages are the form's: it names fields, not lines)."""
    the_schema = front_matter.schema("fiche")
    defs = the_schema.get("$defs", {})
    props = the_schema["properties"]
    fields = {key: _field(props[key], defs) for key in FORM_KEYS}
    for key in FORM_KEYS:
        fields[key]["requis"] = key in the_schema["required"]
    vocab = corpus.vocab
    # Closed lists that live in the vocabularies, not in the schema (rules.references).
    fields["metier"]["enum"] = sorted(vocab.occupations)
    fields["organisation"]["enum"] = sorted(vocab.organisations)
    fields["competences"]["items"]["enum"] = sorted(vocab.competences)
    return {
        "champs": fields,
        "ordre": [key for key in props if key in FORM_KEYS or key in REVIEW_KEYS],
        "revue": list(REVIEW_KEYS),
        "cercles": sorted(corpus.circles),
        "sections": list(SECTIONS),
        "aides": dict(body.SECTION_HINTS),
        "alias": dict(body._SECTION_ALIASES),
        "pages": sorted(corpus.site_files),
        "motifs": {
            "html": HTML_START,
            "gabarit": mdscan._TEMPLATE.pattern,
            "liens": list(LINK_PATTERNS),
            "schema": links._SCHEME.pattern,
            "invisibles": links._INVISIBLE.pattern,
            "suspects": security._SUSPECT.pattern,
            "titre": mdscan._ATX.pattern,
            "clotures": mdscan._FENCE.pattern,
            "code": mdscan._CODE_SPAN.pattern,
        },
        "schemas_dangereux": sorted(links.DANGEROUS_SCHEMES),
        "codes": {"html": security.RAW_HTML.code, "gabarit": security.TEMPLATE_SYNTAX.code,
                  "lien": security.EXTERNAL_LINK.code, "section": body.UNKNOWN_SECTION.code},
    }
