"""Rules that keep contributed pages harmless: no HTML, no script, nothing from elsewhere."""

from __future__ import annotations

import dataclasses
import re
import traceback
from pathlib import PurePath
from typing import Iterator

from ..content import links
from ..content.problems import Problem
from . import ERROR, WARNING, rule

RAW_HTML = rule(
    code="LG501", name="html-interdit", severity=ERROR, applies_to="fiche, cercle",
    title="Le texte ne contient pas de HTML brut (balises < >).",
    message="la balise « {snippet} » n'est pas acceptée : écrivez en Markdown (**gras**, listes, tableaux) ; pour montrer un chevron, mettez-le entre accents graves `<`.",
    bad="Pensez à <b>signer</b> le registre.<br>",
    good="Pensez à **signer** le registre.",
)
DANGEROUS_LINK = rule(
    code="LG502", name="lien-dangereux", severity=ERROR, applies_to="fiche, cercle",
    title="Aucun lien « javascript: », « data: » ou « vbscript: ».",
    message="ce lien « {url} » pourrait exécuter du code : supprimez-le ; un lien mène à une autre page du site.",
    bad="[Cliquez ici](javascript:alert(1))",
    good="[La fiche sur le tri](tri-des-dossiers.md)",
)
EXTERNAL_LINK = rule(
    code="LG503", name="lien-externe", severity=ERROR, applies_to="fiche, cercle",
    title="Aucun lien vers un autre site : le site doit fonctionner sur un intranet coupé d'internet.",
    message="le lien « {url} » mène hors du site : citez la source en clair (par exemple « Code du patrimoine, article L213-2 ») ou joignez le document au dossier du cercle.",
    bad="[Code de la commande publique](https://www.legifrance.gouv.fr/…)",
    good="Code de la commande publique, articles R2152-1 à R2152-5",
)
OUTSIDE_LINK = rule(
    code="LG504", name="lien-hors-site", severity=ERROR, applies_to="fiche, cercle",
    title="Les liens relatifs restent à l'intérieur du site et ne commencent pas par « / ».",
    message="le lien « {url} » sort du site ou commence par « / » : écrivez un chemin relatif vers une page du site, par exemple « ../archives/index.md ».",
    bad="[Le règlement](../../../etc/passwd) ou [Accueil](/index.md)",
    good="[Le cercle Archives](../archives/index.md)",
)
EXTERNAL_IMAGE = rule(
    code="LG505", name="image-externe", severity=ERROR, applies_to="fiche, cercle",
    title="Les images sont dans le dépôt, jamais chargées depuis un autre site.",
    message="l'image « {url} » vient d'un autre site : enregistrez-la dans le dossier du cercle et écrivez ![description](nom-du-fichier.png).",
    bad="![Plan](https://exemple.fr/plan.png)",
    good="![Plan de classement du service](plan-de-classement.png)",
)
RENDER_MACROS = rule(
    code="LG506", name="render-macros-interdit", severity=ERROR, applies_to="fiche, cercle",
    title="L'en-tête ne contient pas la clé « render_macros » : une fiche n'est jamais interprétée comme un gabarit.",
    message="la clé « render_macros » n'est pas permise dans une fiche ou un cercle : supprimez cette ligne.",
    bad="render_macros: true",
    good="(pas de ligne render_macros)",
)
TEMPLATE_SYNTAX = rule(
    code="LG507", name="syntaxe-gabarit", severity=WARNING, applies_to="fiche, cercle",
    title="Le texte ne contient pas de syntaxe de gabarit (« {{ », « {% »), qui serait affichée telle quelle.",
    message="« {{{{ » ou « {{% » sera affiché tel quel, sans être interprété : retirez-le si ce n'était pas voulu.",
    bad="Le montant est {{ montant }} euros.",
    good="Le montant est de 40 000 euros hors taxes.",
)

DECEPTIVE_CHARACTER = rule(
    code="LG508", name="caractere-trompeur", severity=ERROR, applies_to="fiche, cercle, référentiel",
    title="Aucun caractère invisible qui change l'ordre d'affichage ou cache une différence (contrôles bidirectionnels, caractères sans chasse).",
    message="colonne {column} : le caractère invisible {character} peut faire lire autre chose que ce qui est écrit{more} : supprimez-le (placez le curseur juste après le caractère visible qui le précède et effacez, ou retapez le mot en entier).",
    bad="titre: Trier les dossiers\u202e (un caractère U+202E invisible à la fin)",
    good="titre: Trier les dossiers",
)
CONTROL_CHARACTER = rule(
    code="LG509", name="caractere-de-controle", severity=ERROR, applies_to="fiche, cercle, référentiel",
    title="Aucun caractère de contrôle (échappement, retour chariot isolé, séparateur de ligne Unicode) : ils agissent sur les terminaux et les journaux.",
    message="colonne {column} : le caractère de contrôle {character} n'est pas du texte{more} : supprimez-le, ou retapez la ligne dans un éditeur de texte simple.",
    bad="Appuyez sur \\x1b[31m Entrée   (un caractère d'échappement U+001B)",
    good="Appuyez sur Entrée.",
)
SOFT_HYPHEN = rule(
    code="LG510", name="trait-d-union-conditionnel", severity=WARNING, applies_to="fiche, cercle, référentiel",
    title="Pas de trait d'union conditionnel (U+00AD), invisible, souvent collé depuis un traitement de texte.",
    message="colonne {column} : le caractère invisible {character} coupe le mot pour la recherche{more} : supprimez-le (retapez le mot).",
    bad="archi\u00advage   (un U+00AD invisible au milieu du mot)",
    good="archivage",
)

# Bidirectional controls, zero-width and other invisible characters, controls (tab and line
# feed excepted), line and paragraph separators, soft hyphen.
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
CHARACTER_NAMES = {
    "\u202a": "début d'intégration de gauche à droite", "\u202b": "début d'intégration de droite à gauche",
    "\u202c": "fin de mise en forme directionnelle", "\u202d": "forçage de l'écriture de gauche à droite",
    "\u202e": "inversion de l'ordre d'écriture", "\u2066": "isolat de gauche à droite",
    "\u2067": "isolat de droite à gauche", "\u2068": "isolat de direction automatique",
    "\u2069": "fin d'isolat", "\u200e": "marque de gauche à droite", "\u200f": "marque de droite à gauche",
    "\u061c": "marque de lettre arabe", "\u200b": "espace sans chasse", "\u200c": "antiliant sans chasse",
    "\u200d": "liant sans chasse", "\u2060": "gluon de mots", "\ufeff": "espace insécable sans chasse",
    "\u180e": "séparateur de voyelles mongol", "\u2028": "séparateur de ligne", "\u2029": "séparateur de paragraphe",
    "\u00ad": "trait d'union conditionnel", "\x1b": "échappement", "\x00": "caractère nul",
}
# At most this many character problems per file: one per line, with the count of the others.
MAX_CHARACTER_PROBLEMS = 20


def describe_character(char: str) -> str:
    """« U+202E (inversion de l'ordre d'écriture) »."""
    code = ord(char)
    name = CHARACTER_NAMES.get(char) or ("caractère de contrôle" if code < 0x20 or 0x7f <= code <= 0x9f else "caractère invisible")
    return f"U+{code:04X} ({name})"


def _rule_for(char: str):
    if char == "\u00ad":
        return SOFT_HYPHEN
    code = ord(char)
    if code < 0x20 or 0x7f <= code <= 0x9f or char in "\u2028\u2029":
        return CONTROL_CHARACTER
    return DECEPTIVE_CHARACTER


def check_characters(rel: str, text: str, first_line: int = 1) -> list[Problem]:
    """Deceptive, invisible and control characters of a whole text (front matter or body)."""
    if _SUSPECT.search(text) is None:  # the usual case, in one pass in C
        return []
    problems: list[Problem] = []
    for offset, line in enumerate(text.split("\n")):
        by_rule: dict = {}
        for match in _SUSPECT.finditer(line):
            by_rule.setdefault(_rule_for(match.group(0)), []).append(match)
        for found_rule, found in by_rule.items():
            first = found[0]
            more = f" (et {len(found) - 1} autre(s) sur cette ligne)" if len(found) > 1 else ""
            problems.append(found_rule.at(rel, first_line + offset, column=first.start() + 1,
                                          character=describe_character(first.group(0)), more=more))
        if len(problems) >= MAX_CHARACTER_PROBLEMS:
            break
    return problems
def check_values(rel: str, doc, text: str) -> list[Problem]:
    """The same in the values of a YAML text, where an escape (« \\u202e », « \\e ») may hide one.

    Without a backslash, every character of a value is in the text as written (already checked)."""
    if "\\" not in text:
        return []
    problems: list[Problem] = []
    pending = [((), doc.data)]
    while pending and len(problems) < MAX_CHARACTER_PROBLEMS:
        path, value = pending.pop()
        if isinstance(value, str):
            found = check_characters(rel, value, doc.line_of(path))
            problems += [dataclasses.replace(p, message="dans la valeur, " + p.message) for p in found]
        elif isinstance(value, dict):
            pending += [(path + (k,), v) for k, v in value.items()]
        elif isinstance(value, list):
            pending += [(path + (i,), v) for i, v in enumerate(value)]
    return problems


INTERNAL_ERROR = rule(
    code="LG529", name="erreur-interne", severity=ERROR, applies_to="fiche, cercle, référentiel",
    title="Le validateur n'échoue jamais sur un fichier sans le dire : une erreur inattendue devient un message sur ce fichier, et les autres sont vérifiés.",
    message="erreur interne, ce fichier n'a pas pu être vérifié ({detail}) ; les autres fichiers l'ont été : signalez-le aux mainteneurs du kit en joignant ce message et le fichier, et en attendant relisez-le à la main.",
    bad="(un fichier qui ferait échouer le validateur)",
    good="(le même fichier, vérifié après correction du kit)",
)


def internal_error(rel: str, exc: BaseException) -> Problem:
    """An unexpected exception while checking `rel`: its type and where it happened, no content."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = next((f"{PurePath(f.filename).name}:{f.lineno}" for f in reversed(frames) if "legs" in f.filename), "")
    return INTERNAL_ERROR.at(rel, 1, detail=f"{type(exc).__name__} {where}".strip())


def check_body(ctx, rel: str, src_uri: str, scan) -> Iterator[Problem]:
    for line, snippet in scan.html:
        yield RAW_HTML.at(rel, line, snippet=snippet)
    for link in scan.links:
        target = links.classify(link.url, src_uri)
        if target.kind == "dangerous":
            yield DANGEROUS_LINK.at(rel, link.line, url=link.url[:60])
        elif target.kind == "external":
            yield (EXTERNAL_IMAGE if link.image else EXTERNAL_LINK).at(rel, link.line, url=link.url[:80])
        elif target.kind in ("outside", "absolute"):
            yield OUTSIDE_LINK.at(rel, link.line, url=link.url[:80])
    for line in scan.templates:
        yield TEMPLATE_SYNTAX.at(rel, line)
