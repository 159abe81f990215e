"""Rules on the YAML front matter: syntax, safety, and the JSON Schema of each kind of file."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from importlib import resources
from typing import Iterator

import jsonschema
import jsonschema_rs

from .. import strictyaml
from ..problems import Problem
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
    message="la clé « {key} » n'est pas prévue : vérifiez son orthographe (clés possibles : {allowed}).",
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
    bad="versant: Etat\nstatut: publié",
    good="versant: État\nstatut: publiée",
    applies_to="fiche, cercle, référentiel",
)
BAD_FORMAT = rule(
    code="LG210", name="format-invalide", severity=ERROR,
    title="Les valeurs respectent leur format (identifiants, longueur, nombre d'éléments).",
    message="« {key} » : {detail}.",
    bad="auteur: Christian Morel\nresume: Court.",
    good="auteur: cmorel\nresume: Une méthode en sept étapes pour ne rien oublier.",
    applies_to="fiche, cercle, référentiel",
)
BAD_DATE = rule(
    code="LG211", name="date-invalide", severity=ERROR,
    title="Les dates existent, sont écrites AAAA-MM-JJ et ne sont pas dans le futur.",
    message="la date « {value} » de « {key} » {detail} : écrivez une date réelle au format AAAA-MM-JJ, par exemple 2026-03-12.",
    bad="date_creation: 2026-02-30\ndate_relecture: 12/03/2026",
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
        return None, [SYNTAX.at(rel, line, detail=_french_syntax(exc.detail))]
    problems = [DUPLICATE_KEY.at(rel, line + shift, key=key, first=first + shift) for key, line, first in doc.duplicates]
    if not isinstance(doc.data, dict):
        return None, problems + [NOT_MAPPING.at(rel, first_line)]
    doc.lines = {path: line + shift for path, line in doc.lines.items()}
    return doc, problems


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
    for error in validator(kind).iter_errors(data):
        path = tuple(error.absolute_path)
        key = ".".join(str(p) for p in path if not isinstance(p, int)) or kind
        line = doc.line_of(path)
        subschema = error.schema if isinstance(error.schema, dict) else {}
        if error.validator == "required":
            missing = error.message.split("'")[1]
            yield MISSING_KEY.at(rel, line, key=missing, hint=hints.get(missing, _describe(the_schema, missing)))
        elif error.validator in ("additionalProperties", "unevaluatedProperties"):
            allowed = sorted(subschema.get("properties", {}))
            for extra in sorted(set(error.instance) - set(allowed)):
                if extra in skip_keys:
                    continue
                yield UNKNOWN_KEY.at(rel, doc.line_of(path + (extra,)), key=extra, allowed=", ".join(allowed))
        elif error.validator == "type":
            expected, hint = _TYPE_NAMES.get(str(subschema.get("type")), ("d'un autre type", "corrigez la valeur"))
            yield WRONG_TYPE.at(rel, line, key=key, expected=expected, hint=hint)
        elif error.validator in ("enum", "const"):
            allowed = subschema.get("enum") or [subschema.get("const")]
            yield NOT_ALLOWED.at(rel, line, key=key, value=error.instance,
                                 allowed=", ".join(f"« {a} »" for a in allowed))
        elif error.validator == "pattern" and "[0-9]{4}" in str(subschema.get("pattern")):
            yield BAD_DATE.at(rel, line, key=key, value=error.instance, detail="n'est pas au format AAAA-MM-JJ")
        else:
            yield BAD_FORMAT.at(rel, line, key=key, detail=_format_detail(error))


def check_dates(rel: str, data: dict, doc: strictyaml.Document, keys: tuple[str, ...], today: dt.date) -> Iterator[Problem]:
    for key in keys:
        value = data.get(key)
        if not isinstance(value, str) or len(value) != 10:
            continue  # missing or malformed: the schema already said so
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


def _format_detail(error: jsonschema.ValidationError) -> str:
    value = error.validator_value
    return {
        "pattern": "n'utilisez que des minuscules sans accent, des chiffres et des tirets, sans espace (par exemple « redaction-dce »)",
        "minLength": f"le texte est trop court, écrivez au moins {value} caractères",
        "maxLength": f"le texte est trop long, tenez-vous à {value} caractères au plus",
        "minItems": f"la liste doit contenir au moins {value} élément(s)",
        "maxItems": f"la liste ne doit pas dépasser {value} éléments",
        "uniqueItems": "un élément est répété dans la liste, gardez-le une seule fois",
    }.get(str(error.validator), "la valeur n'a pas la forme attendue, comparez-la au modèle de fiche")
