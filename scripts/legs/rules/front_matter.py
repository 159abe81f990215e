"""Rules on the YAML front matter: syntax, safety, and the JSON Schema of each kind of file."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Iterator

import jsonschema
import jsonschema_rs

from ..content import strictyaml
from ..content.problems import Problem
from . import ERROR, rule

SYNTAX = rule(
    code="LG201", name="yaml-syntaxe", severity=ERROR,
    title="L'en-tête est du YAML valide.",
    message="l'en-tête YAML est illisible à cette ligne ({detail}) : vérifiez les deux-points après chaque clé, l'alignement et les guillemets.",
    bad="titre Préparer un dossier\nresume: \"Une phrase sans guillemet fermant",
    good="titre: Préparer un dossier\nresume: \"Une phrase avec ses guillemets\"",
)
DUPLICATE_KEY = rule(
    code="LG202", name="cle-en-double", severity=ERROR,
    title="Une clé n'apparaît qu'une fois (sinon l'une des deux valeurs serait perdue).",
    message="la clé « {key} » apparaît deux fois (déjà ligne {first}) : gardez une seule ligne « {key}: » avec la bonne valeur.",
    bad="statut: relue\nstatut: publiée",
    good="statut: publiée",
    applies_to="fiche, cercle, référentiel",
)
ANCHOR = rule(
    code="LG203", name="yaml-ancre", severity=ERROR,
    title="L'en-tête n'utilise ni ancre (&) ni alias (*) YAML.",
    message="les ancres « & » et alias « * » YAML ne sont pas acceptés : écrivez chaque valeur en entier.",
    bad="competences: &c [tutorat]\nautres: *c",
    good="competences: [tutorat]",
    applies_to="fiche, cercle, référentiel",
)
TAG = rule(
    code="LG204", name="yaml-etiquette", severity=ERROR,
    title="L'en-tête n'utilise pas d'étiquette YAML (« !! ») ni de clé de fusion (« << »).",
    message="l'étiquette YAML « {detail} » n'est pas acceptée : écrivez la valeur simplement, sans « ! ».",
    bad="titre: !!python/object:os.system ls",
    good="titre: Préparer un dossier",
    applies_to="fiche, cercle, référentiel",
)
NOT_MAPPING = rule(
    code="LG205", name="entete-pas-un-dictionnaire", severity=ERROR,
    title="L'en-tête est une suite de lignes « clé: valeur ».",
    message="l'en-tête doit être une suite de lignes « clé: valeur » (par exemple « titre: … ») : retirez les tirets ou le texte libre.",
    bad="- titre\n- resume",
    good="titre: Préparer un dossier\nresume: Une phrase.",
    applies_to="fiche, cercle, référentiel",
)
MISSING_KEY = rule(
    code="LG206", name="cle-manquante", severity=ERROR,
    title="Toutes les clés obligatoires sont présentes.",
    message="la clé obligatoire « {key} » manque : ajoutez une ligne « {key}: … » ({hint}).",
    bad="titre: Préparer un dossier\n(pas de ligne « resume: »)",
    good="titre: Préparer un dossier\nresume: Une méthode pour ne rien oublier du dossier de consultation.",
    applies_to="fiche, cercle, référentiel",
)
UNKNOWN_KEY = rule(
    code="LG207", name="cle-inconnue", severity=ERROR,
    title="L'en-tête ne contient que les clés prévues (une clé mal écrite serait ignorée).",
    message="la clé « {key} » n'est pas prévue : {fix}.",
    bad="titr: Préparer un dossier",
    good="titre: Préparer un dossier",
    applies_to="fiche, cercle, référentiel",
)
WRONG_TYPE = rule(
    code="LG208", name="type-invalide", severity=ERROR,
    title="Chaque valeur a le bon type (texte, liste, nombre, oui/non).",
    message="« {key} » doit être {expected} : {hint}.",
    bad="competences: tutorat",
    good="competences: [tutorat]",
    applies_to="fiche, cercle, référentiel",
)
NOT_ALLOWED = rule(
    code="LG209", name="valeur-non-autorisee", severity=ERROR,
    title="Les valeurs à choisir dans une liste fermée (versant, statut, criticité…) sont permises.",
    message="« {value} » n'est pas une valeur possible pour « {key} » : choisissez parmi {allowed}.",
    bad="versant: national\nstatut: publié",
    good="versant: État\nstatut: publiée",
    applies_to="fiche, cercle, référentiel",
)
BAD_FORMAT = rule(
    code="LG210", name="format-invalide", severity=ERROR,
    title="Les valeurs respectent leur format (identifiants, longueur, nombre d'éléments).",
    message="« {key} » : {detail}.",
    bad="auteur: c.morel!\nresume: Court.",
    good="auteur: cmorel\nresume: Une méthode en sept étapes pour ne rien oublier.",
    applies_to="fiche, cercle, référentiel",
)
BAD_DATE = rule(
    code="LG211", name="date-invalide", severity=ERROR,
    title="Les dates existent, sont écrites AAAA-MM-JJ et ne sont pas dans le futur.",
    message="la date « {value} » de « {key} » {detail} : écrivez une date réelle au format AAAA-MM-JJ, par exemple 2026-03-12.",
    bad="date_creation: 2026-02-30\ndate_relecture: 2026-03",
    good="date_creation: 2026-02-28\ndate_relecture: 2026-03-12",
    applies_to="fiche, cercle, référentiel",
)
KEY_NOT_TEXT = rule(
    code="LG212", name="cle-non-texte", severity=ERROR,
    title="Chaque clé est un nom (« titre », « resume »…), jamais un nombre, « null », « true » ni une liste.",
    message="la clé « {detail} » n'est pas un nom : écrivez une clé prévue suivie de deux-points (par exemple « titre: »), ou mettez la ligne entre guillemets si c'est du texte.",
    bad="1: Préparer un dossier\nnull: rien",
    good="titre: Préparer un dossier",
    applies_to="fiche, cercle, référentiel",
)

TAB = rule(
    code="LG213", name="yaml-tabulation", severity=ERROR,
    title="L'en-tête est indenté avec des espaces, jamais avec des tabulations.",
    message="cette ligne commence par une tabulation : YAML n'accepte que des espaces pour décaler une ligne, remplacez chaque tabulation par deux espaces.",
    bad="competences:\n<tabulation>- tri-eliminations",
    good="competences:\n  - tri-eliminations",
    applies_to="fiche, cercle, référentiel",
)
FRENCH_DATE = rule(
    code="LG214", name="date-a-la-francaise", severity=ERROR,
    title="Les dates sont écrites AAAA-MM-JJ (année, mois, jour), pas JJ/MM/AAAA.",
    message="la date « {value} » de « {key} » est écrite à la française : écrivez « {key}: {iso} » (année-mois-jour).",
    bad="date_relecture: 12/03/2026",
    good="date_relecture: 2026-03-12",
    applies_to="fiche, cercle, référentiel",
)
ALMOST_ALLOWED = rule(
    code="LG215", name="valeur-mal-orthographiee", severity=ERROR,
    title="Une valeur de liste fermée est écrite exactement comme prévu (accents, majuscules, accords).",
    message="« {value} » est reconnu comme « {expected} » pour « {key} » : écrivez exactement « {expected} » (les accents et les majuscules comptent).",
    bad="versant: Etat\nstatut: PUBLIÉE",
    good="versant: État\nstatut: publiée",
    applies_to="fiche, cercle, référentiel",
)

_TYPE_NAMES = {
    "string": ("un texte", "écrivez la valeur sur la même ligne, après les deux-points"),
    "array": ("une liste", "écrivez-la entre crochets, par exemple [valeur1, valeur2]"),
    "object": ("une suite de clés", "indentez les clés en dessous"),
    "boolean": ("« true » ou « false »", "écrivez true ou false"),
    "integer": ("un nombre entier", "écrivez un nombre sans guillemets"),
}


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    text = resources.files("legs").joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=None)
def validator(name: str) -> jsonschema.protocols.Validator:
    """The detailed validator, whose errors we translate into French."""
    return jsonschema.Draft202012Validator(schema(name))


@lru_cache(maxsize=None)
def fast_validator(name: str):
    """A compiled validator that only says yes or no: most files are valid, and this keeps
    validating thousands of records close to the cost of merely parsing them."""
    return jsonschema_rs.validator_for(schema(name))


def read(rel: str, text: str, first_line: int) -> tuple[strictyaml.Document | None, list[Problem]]:
    """Parse YAML text found at `first_line` of file `rel`; lines in problems are file lines."""
    shift = first_line - 1
    try:
        doc = strictyaml.load(text)
    except strictyaml.YamlError as exc:
        line = exc.line + shift
        if exc.kind == "anchor":
            return None, [ANCHOR.at(rel, line)]
        if exc.kind == "key":
            return None, [KEY_NOT_TEXT.at(rel, line, detail=exc.detail[:40])]
        if exc.kind in ("tag", "depth"):
            return None, [TAG.at(rel, line, detail=exc.detail or "imbrication trop profonde")]
        tab = _tab_line(text, exc.line)
        if tab:
            return None, [TAB.at(rel, tab + shift)]
        return None, [SYNTAX.at(rel, line, detail=_french_syntax(exc.detail))]
    problems = [DUPLICATE_KEY.at(rel, line + shift, key=key, first=first + shift) for key, line, first in doc.duplicates]
    if not isinstance(doc.data, dict):
        return None, problems + [NOT_MAPPING.at(rel, first_line)]
    doc.lines = {path: line + shift for path, line in doc.lines.items()}
    return doc, problems


def _tab_line(text: str, error_line: int) -> int:
    """The line of the first tab in an indentation, up to the line YAML stopped at (0: none).

    libyaml reports a tab in an indentation as some other syntax error, often on the line
    before: the contributor is told about the tab instead."""
    if "\t" not in text:
        return 0
    for number, line in enumerate(text.split("\n")[:error_line + 1], start=1):
        if "\t" in line[:len(line) - len(line.lstrip(" \t"))]:
            return number
    return 0


def _french_syntax(detail: str) -> str:
    known = {
        "mapping values are not allowed here": "deux-points inattendus, mettez la valeur entre guillemets",
        "could not find expected ':'": "il manque les deux-points après une clé",
        "found unexpected end of stream": "guillemet ou crochet jamais fermé",
        "found character '\\t' that cannot start any token": "une tabulation : remplacez-la par des espaces",
        "expected <block end>, but found '<block mapping start>'": "alignement des clés incohérent",
        "but found another document": "plusieurs blocs YAML",
    }
    for english, french in known.items():
        if english in detail:
            return french
    return "structure incorrecte"


def check_schema(rel: str, data: dict, doc: strictyaml.Document, kind: str, hints: dict[str, str] | None = None,
                 skip_keys: frozenset = frozenset()) -> Iterator[Problem]:
    """Translate JSON Schema errors into the kit's French rules."""
    if fast_validator(kind).is_valid(data):
        return
    hints = hints or {}
    the_schema = schema(kind)
    errors = [e for error in validator(kind).iter_errors(data) for e in _branch_errors(error)]
    # A misspelt key (« titr: ») is one problem, not also « titre » missing: pair each unknown
    # key with a missing or absent key that resembles it.
    missing: dict[tuple, set[str]] = {}
    for error in errors:
        if error.validator == "required":
            missing.setdefault(tuple(error.absolute_path), set()).add(error.message.split("'")[1])
    renamed: dict[tuple, str] = {}
    for error in errors:
        if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
            path = tuple(error.absolute_path)
            allowed = sorted((error.schema if isinstance(error.schema, dict) else {}).get("properties", {}))
            for extra in sorted(set(error.instance) - set(allowed)):
                wanted = missing.get(path, set())
                guess = closest(extra, sorted(wanted)) or closest(extra, [a for a in allowed if a not in error.instance])
                if guess:
                    renamed[path + (extra,)] = guess
                    wanted.discard(guess)
    for error in errors:
        path = tuple(error.absolute_path)
        key = ".".join(str(p) for p in path if not isinstance(p, int)) or kind
        line = doc.line_of(path)
        subschema = error.schema if isinstance(error.schema, dict) else {}
        if error.validator == "required":
            absent = error.message.split("'")[1]
            if absent in missing.get(path, ()):
                yield MISSING_KEY.at(rel, line, key=absent, hint=hints.get(absent, _describe(the_schema, absent)))
        elif error.validator in ("additionalProperties", "unevaluatedProperties"):
            allowed = sorted(subschema.get("properties", {}))
            for extra in sorted(set(error.instance) - set(allowed)):
                if extra in skip_keys:
                    continue
                guess = renamed.get(path + (extra,))
                fix = (f"vouliez-vous dire « {guess} » ? Écrivez « {guess}: » au début de la ligne" if guess
                       else f"vérifiez son orthographe (clés possibles : {', '.join(allowed)})")
                yield UNKNOWN_KEY.at(rel, doc.line_of(path + (extra,)), key=extra, fix=fix)
        elif error.validator == "type":
            expected, hint = _TYPE_NAMES.get(str(subschema.get("type")), ("d'un autre type", "corrigez la valeur"))
            yield WRONG_TYPE.at(rel, line, key=key, expected=expected, hint=hint)
        elif error.validator in ("enum", "const"):
            allowed = subschema.get("enum") or [subschema.get("const")]
            guess = closest(str(error.instance), [str(a) for a in allowed]) if isinstance(error.instance, str) else None
            if guess and fold(guess) == fold(error.instance):  # « Etat », « ÉTAT »: only case or accents differ
                yield ALMOST_ALLOWED.at(rel, line, key=key, value=error.instance, expected=guess)
            else:
                listed = ", ".join(f"« {a} »" for a in allowed)
                yield NOT_ALLOWED.at(rel, line, key=key, value=error.instance,
                                     allowed=f"{listed} (vouliez-vous dire « {guess} » ?)" if guess else listed)
        elif error.validator == "pattern" and "[0-9]{4}" in str(subschema.get("pattern")):
            iso = french_date(error.instance) if isinstance(error.instance, str) else None
            if iso:
                yield FRENCH_DATE.at(rel, line, key=key, value=error.instance, iso=iso)
            else:
                detail = ("n'existe pas" if isinstance(error.instance, str) and _FRENCH_DATE.match(error.instance.strip())
                          else "n'est pas au format AAAA-MM-JJ")
                yield BAD_DATE.at(rel, line, key=key, value=error.instance, detail=detail)
        else:
            yield BAD_FORMAT.at(rel, line, key=key, detail=_format_detail(error, kind))


def _branch_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """An element of a grid is one of several kinds, told apart by its « type »: report what is
    wrong with it as that kind (« colonnes » too long), not that it matches no kind at all."""
    if error.validator != "oneOf" or not isinstance(error.instance, dict):
        return [error]
    kinds = [(branch.get("properties", {}).get("type") or {}).get("const") for branch in error.validator_value]
    if error.instance.get("type") not in kinds:
        return [error]
    chosen = kinds.index(error.instance["type"])
    found = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] == chosen]
    return found or [error]


_FRENCH_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


def french_date(value: str) -> str | None:
    """« 12/03/2025 » (or 12-03-2025, 12.03.2025) as « 2025-03-12 », if that day exists."""
    match = _FRENCH_DATE.match(value.strip())
    if not match:
        return None
    day, _, month, year = match.groups()
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def fold(text: str) -> str:
    """Text compared without case, accents nor punctuation: « ÉTAT » and « etat » fold alike."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.split(r"[^a-z0-9]+", text)).strip()


def closest(value: str, choices, cutoff: float = 0.75) -> str | None:
    """The choice `value` was most likely meant to be: same letters but for case and accents,
    or a close spelling; None if nothing is close enough."""
    folded = {fold(c): c for c in choices}
    key = fold(value)
    if not key:
        return None
    if key in folded:
        return folded[key]
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=cutoff)
    return folded[close[0]] if close else None


def check_dates(rel: str, data: dict, doc: strictyaml.Document, keys: tuple[str, ...], today: dt.date) -> Iterator[Problem]:
    for key in keys:
        value = data.get(key)
        if not isinstance(value, str) or not _ISO_DATE.match(value):
            continue  # missing or malformed (« 12/03/2025 »…): the schema already said so
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            yield BAD_DATE.at(rel, doc.line_of((key,)), key=key, value=value, detail="n'existe pas")
            continue
        if day > today and key != "depart_prevu":
            yield BAD_DATE.at(rel, doc.line_of((key,)), key=key, value=value, detail="est dans le futur")


def _describe(the_schema: dict, key: str) -> str:
    description = the_schema.get("properties", {}).get(key, {}).get("description", "")
    return description.rstrip(".").lower() if description else "voir le modèle de fiche"


def _format_detail(error: jsonschema.ValidationError, kind: str = "fiche") -> str:
    value = error.validator_value
    return {
        "pattern": "n'utilisez que des minuscules sans accent, des chiffres et des tirets, sans espace (par exemple « redaction-dce »)",
        "minLength": f"le texte est trop court, écrivez au moins {value} caractères",
        "maxLength": f"le texte est trop long, tenez-vous à {value} caractères au plus",
        "minItems": f"la liste doit contenir au moins {value} élément(s)",
        "maxItems": f"la liste ne doit pas dépasser {value} éléments",
        "uniqueItems": "un élément est répété dans la liste, gardez-le une seule fois",
        "minimum": f"la valeur doit être au moins {value} : écrivez un nombre entier positif ou nul" if value == 0
                   else f"la valeur doit être au moins {value} : corrigez ce nombre",
        "maximum": f"la valeur ne doit pas dépasser {value} : corrigez ce nombre",
    }.get(str(error.validator), "la valeur n'a pas la forme attendue, comparez-la aux autres grilles de docs/grilles/"
          if kind == "grille" else "la valeur n'a pas la forme attendue, comparez-la au modèle de fiche")
