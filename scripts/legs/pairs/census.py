"""The census of volunteers (fiche de recensement): passeurs and learners, read from YAML or CSV.

Both formats become the same data, with the line of every entry, and go through the same
checks: the JSON Schema `recensement`, then references (competences of the vocabulary, sites,
people of the registry), duplicates and the managers' agreement. Every problem names the
file, the line and the fix, in French, like the validator's.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..content import paths, source, strictyaml
from ..content.problems import Problem
from ..rules import ERROR, Rule, files, front_matter, references, security

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
RHYTHMS = ("hebdomadaire", "quinzaine", "mensuel")
PASSEUR, LEARNER = "passeur", "apprenant"
GROUPS = {PASSEUR: "passeurs", LEARNER: "apprenants"}


def _rule(code: str, name: str, title: str, message: str, bad: str, good: str) -> Rule:
    # Not in the validator's registry: these files are private and never part of the content.
    return Rule(code, name, ERROR, title, message, bad, good, applies_to="recensement")


MISSING_FILE = _rule("LG901", "recensement-introuvable", "Le fichier de recensement existe.",
                     "le fichier de recensement est introuvable : indiquez-le avec --recensement FICHIER ou la variable "
                     "LEGS_RECENSEMENT, ou créez prive/recensement.yml (voir exemples/recensement.yml).",
                     "", "prive/recensement.yml")
UNKNOWN_SITE = _rule("LG902", "site-inconnu", "Chaque volontaire est rattaché à un site déclaré.",
                     "le site « {value} » n'est pas déclaré{suggestion} : ajoutez-le à la liste « sites » (avec sa ville) "
                     "ou corrigez le nom.", "site: caen-centr", "site: caen-centre")
UNKNOWN_PERSON = _rule("LG903", "volontaire-inconnu", "Chaque volontaire a un nom ou figure au registre des personnes.",
                       "« {value} » ne figure pas au registre des personnes{suggestion} : ajoutez une ligne « nom: … » "
                       "à ce volontaire ou inscrivez-le au registre.", "id: jdurnd", "id: jdurand")
DUPLICATE = _rule("LG904", "volontaire-en-double", "Un volontaire n'apparaît qu'une fois par rôle.",
                  "« {value} » apparaît deux fois parmi les {group} (déjà ligne {first}) : fusionnez les deux entrées.",
                  "id: jdurand (deux fois)", "id: jdurand")
BAD_COLUMN = _rule("LG905", "colonne-recensement", "Le tableau de recensement a les colonnes prévues.",
                   "{detail} : les colonnes possibles sont {allowed} (voir le README, « Recensement des volontaires »).",
                   "Identifiant;Site;Compétence", "Rôle;Identifiant;Site;Compétences;Besoins;Disponibilités;Rythme;N+1;Accord N+1")
BAD_VALUE = _rule("LG906", "valeur-recensement", "Chaque cellule du recensement a une valeur possible.",
                  "la colonne « {column} » contient « {value} » : {fix}.", "Accord N+1 : peut-être", "Accord N+1 : oui")
INCONSISTENT_SITE = _rule("LG907", "site-incoherent", "Un site est dans une seule ville.",
                          "le site « {value} » est déclaré à « {town} » et à « {other} » (ligne {first}) : gardez une seule ville.",
                          "Caen-centre;Caen puis Caen-centre;Bayeux", "Caen-centre;Caen")


@dataclass(frozen=True)
class Site:
    id: str
    label: str
    town: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Volunteer:
    id: str
    role: str  # PASSEUR or LEARNER
    site: str
    competences: tuple[str, ...]  # held (passeur) or needed (learner)
    days: frozenset[str]
    rhythm: str
    manager: str
    manager_agrees: bool
    name: str = ""
    know_how: str = ""
    departure: dt.date | None = None  # passeurs only: first day of the announced horizon
    line: int = 1


@dataclass
class Census:
    path: str  # as shown to people
    sites: dict[str, Site] = field(default_factory=dict)
    passeurs: list[Volunteer] = field(default_factory=list)
    learners: list[Volunteer] = field(default_factory=list)


def departure_date(value: str) -> dt.date | None:
    """« 2027 », « 2027-06 » or « 2027-06-30 » → the first day of that period (the earliest risk)."""
    parts = [int(p) for p in value.split("-")]
    try:
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None


def read_text(path: Path, rel: str, root: Path, max_bytes: int) -> tuple[str | None, list[Problem]]:
    """The text of a private file (census, register, weights): a regular file, in UTF-8, not too big."""
    reason = paths.unsafe_outside_ok(path, root)
    if reason == paths.MISSING:
        return None, [MISSING_FILE.at(rel, 1)]
    if reason is not None:
        return None, [files.SYMLINK.at(rel, 1, name=path.name)]
    try:
        text = source.decode(path.read_bytes(), max_bytes)
    except source.SourceError as exc:
        return None, [files.ENCODING.at(rel, exc.line) if exc.kind == "encoding"
                      else files.TOO_BIG.at(rel, 1, size=exc.detail, limit=f"{max_bytes // 1000} Ko")]
    return text, security.check_characters(rel, text, 1)


def read_yaml(path: Path, rel: str, kind: str, root: Path, max_bytes: int = 1_000_000) -> tuple[strictyaml.Document | None, list[Problem]]:
    """A private YAML file (census, register, weights) read like the content: strict, lines kept, schema checked."""
    text, problems = read_text(path, rel, root, max_bytes)
    if text is None:
        return None, problems
    doc, read_problems = front_matter.read(rel, text, 1)
    problems += read_problems
    if doc is None:
        return None, problems
    problems += security.check_values(rel, doc, text)
    if kind:
        problems += list(front_matter.check_schema(rel, doc.data, doc, kind))
    return doc, problems


# CSV headers, as people type them in a spreadsheet (accents, case and spaces do not matter).
COLUMNS = {
    "role": "role", "identifiant": "id", "nom": "nom", "site": "site", "ville": "ville",
    "latitude": "latitude", "longitude": "longitude", "competences": "competences", "besoins": "besoins",
    "savoirfaire": "savoir_faire", "disponibilites": "disponibilites", "rythme": "rythme",
    "departprevu": "depart_prevu", "horizondedepart": "depart_prevu", "n1": "n_plus_1", "accordn1": "accord_n_plus_1",
}
CSV_HEADERS = ("Rôle", "Identifiant", "Nom", "Site", "Ville", "Latitude", "Longitude", "Compétences", "Besoins",
               "Savoir-faire", "Disponibilités", "Rythme", "Départ prévu", "N+1", "Accord N+1")
REQUIRED_COLUMNS = {"role": "Rôle", "id": "Identifiant", "site": "Site", "ville": "Ville", "disponibilites": "Disponibilités",
                    "rythme": "Rythme", "n_plus_1": "N+1", "accord_n_plus_1": "Accord N+1"}
_ROLES = {"passeur": PASSEUR, "passeuse": PASSEUR, "tuteur": PASSEUR, "tutrice": PASSEUR, "apprenant": LEARNER,
          "apprenante": LEARNER, "successeur": LEARNER, "successeuse": LEARNER, "tutore": LEARNER, "tutoree": LEARNER}
_YES, _NO = {"oui", "o", "vrai", "true", "1", "x"}, {"non", "n", "faux", "false", "0", ""}
_LIST_SPLIT = re.compile(r"\s*[,;|/]\s*|\s+et\s+")


def _key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", plain)


def _items(cell: str) -> list[str]:
    return [item for item in _LIST_SPLIT.split(cell.strip()) if item]


def read_csv(text: str, rel: str) -> tuple[strictyaml.Document | None, list[Problem]]:
    """A census exported by a spreadsheet (semicolon or comma, UTF-8) → the YAML data, with lines."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    allowed = ", ".join(f"« {h} »" for h in CSV_HEADERS)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return None, [BAD_COLUMN.at(rel, 1, detail="le fichier est vide", allowed=allowed)]
    columns: list[str | None] = []
    problems: list[Problem] = []
    for name in header:
        key = COLUMNS.get(_key(name))
        if key is None and name.strip():
            close = difflib.get_close_matches(name.strip(), CSV_HEADERS, n=1, cutoff=0.6)
            hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
            problems.append(BAD_COLUMN.at(rel, 1, detail=f"la colonne « {name.strip()} » n'est pas prévue{hint}", allowed=allowed))
        columns.append(key)
    for required, label in REQUIRED_COLUMNS.items():
        if required not in columns:
            problems.append(BAD_COLUMN.at(rel, 1, detail=f"la colonne obligatoire « {label} » manque", allowed=allowed))
    if problems:
        return None, problems
    data: dict = {"sites": [], "passeurs": [], "apprenants": []}
    lines: dict = {}
    site_lines: dict[str, tuple[str, int]] = {}
    row_start = reader.line_num + 1
    try:
        rows = list(_rows(reader))
    except csv.Error as exc:
        return None, [front_matter.SYNTAX.at(rel, reader.line_num, detail=f"cellule mal fermée ({exc})")]
    for row, end in rows:
        line, row_start = row_start, end + 1
        if not any(cell.strip() for cell in row):
            continue
        cells = {key: cell.strip() for key, cell in zip(columns, row) if key}
        role = _ROLES.get(_key(cells.get("role", "")))
        if role is None:
            problems.append(BAD_VALUE.at(rel, line, column="Rôle", value=cells.get("role", ""),
                                         fix="écrivez « passeur » (ou passeuse) ou « apprenant » (ou apprenante)"))
            continue
        group = GROUPS[role]
        entry: dict = {"id": cells.get("id", ""), "site": cells.get("site", "")}
        if cells.get("nom"):
            entry["nom"] = cells["nom"]
        wanted = "competences" if role == PASSEUR else "besoins"
        entry[wanted] = _items(cells.get(wanted, ""))
        if not entry[wanted]:
            problems.append(BAD_VALUE.at(rel, line, column="Compétences" if role == PASSEUR else "Besoins", value="",
                                         fix="indiquez au moins un identifiant de compétence du référentiel"))
        other = "besoins" if role == PASSEUR else "competences"
        if cells.get(other):
            problems.append(BAD_VALUE.at(rel, line, column="Besoins" if role == PASSEUR else "Compétences", value=cells[other],
                                         fix=f"cette colonne ne sert qu'aux {'apprenants' if role == PASSEUR else 'passeurs'} : "
                                             "laissez-la vide ou changez le rôle"))
        days = [_key(d) for d in _items(cells.get("disponibilites", ""))]
        for day in days:
            if day not in DAYS:
                problems.append(BAD_VALUE.at(rel, line, column="Disponibilités", value=day,
                                             fix="écrivez des jours de la semaine séparés par des virgules, parmi " + ", ".join(DAYS)))
        entry["disponibilites"] = days
        entry["rythme"] = _key(cells.get("rythme", ""))
        if entry["rythme"] not in RHYTHMS:
            problems.append(BAD_VALUE.at(rel, line, column="Rythme", value=cells.get("rythme", ""),
                                         fix="choisissez parmi " + ", ".join(RHYTHMS)))
        entry["n_plus_1"] = cells.get("n_plus_1", "")
        agreement = _key(cells.get("accord_n_plus_1", ""))
        if agreement not in _YES | _NO or not cells.get("accord_n_plus_1"):
            problems.append(BAD_VALUE.at(rel, line, column="Accord N+1", value=cells.get("accord_n_plus_1", ""),
                                         fix="écrivez « oui » si le ou la N+1 a donné son accord, « non » sinon"))
        entry["accord_n_plus_1"] = agreement in _YES
        if cells.get("savoir_faire") and role == PASSEUR:
            entry["savoir_faire"] = cells["savoir_faire"]
        if cells.get("depart_prevu"):
            if role == PASSEUR:
                entry["depart_prevu"] = cells["depart_prevu"]
            else:
                problems.append(BAD_VALUE.at(rel, line, column="Départ prévu", value=cells["depart_prevu"],
                                             fix="l'horizon de départ ne concerne que les passeurs : laissez la cellule vide"))
        index = len(data[group])
        data[group].append(entry)
        lines[(group, index)] = line
        for key in entry:
            lines[(group, index, key)] = line
        site, town = entry["site"], cells.get("ville", "")
        if site in site_lines:
            if town and _key(town) != _key(site_lines[site][0]):
                problems.append(INCONSISTENT_SITE.at(rel, line, value=site, town=site_lines[site][0], other=town,
                                                     first=site_lines[site][1]))
        elif site:
            site_lines[site] = (town, line)
            declared: dict = {"id": site, "ville": town or site}
            for coordinate in ("latitude", "longitude"):
                if cells.get(coordinate):
                    try:
                        declared[coordinate] = float(cells[coordinate].replace(",", "."))
                    except ValueError:
                        problems.append(BAD_VALUE.at(rel, line, column=coordinate.capitalize(), value=cells[coordinate],
                                                     fix="écrivez un nombre décimal, par exemple 49,18"))
            lines[("sites", len(data["sites"]))] = line
            data["sites"].append(declared)
    return strictyaml.Document(data=data, lines=lines), problems


def _rows(reader):
    for row in reader:
        yield row, reader.line_num


def load(path: Path, rel: str, root: Path, competences: Mapping[str, object], people: Mapping[str, object] | None = None,
         max_bytes: int = 1_000_000) -> tuple[Census | None, list[Problem]]:
    """Read and check the census at `path`; None when it has errors (every one is returned).

    `competences` is the vocabulary (id → anything); `people` the registry (id → anything),
    or None when there is no registry: then volunteers without a name are not checked."""
    if path.suffix.lower() == ".csv":
        text, problems = read_text(path, rel, root, max_bytes)
        if text is None:
            return None, problems
        doc, csv_problems = read_csv(text, rel)
        problems += csv_problems
        if doc is not None and not problems:
            problems += list(front_matter.check_schema(rel, doc.data, doc, "recensement"))
    else:
        doc, problems = read_yaml(path, rel, "recensement", root, max_bytes)
    if doc is None or problems:
        return None, sorted(problems)
    census, problems = _build(doc, rel, competences, people)
    return (None if problems else census), sorted(problems)


def _suggest(value: str, known) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""


def _build(doc: strictyaml.Document, rel: str, competences: Mapping[str, object],
           people: Mapping[str, object] | None) -> tuple[Census, list[Problem]]:
    data, problems = doc.data, []
    census = Census(rel)
    for index, item in enumerate(data.get("sites", [])):
        if item["id"] in census.sites:
            problems.append(references.DUPLICATE_ID.at(rel, doc.line_of(("sites", index)), value=item["id"], other="liste des sites"))
            continue
        census.sites[item["id"]] = Site(item["id"], item.get("libelle") or item["id"], item["ville"],
                                        item.get("latitude"), item.get("longitude"))
    for role, group, wanted in ((PASSEUR, "passeurs", "competences"), (LEARNER, "apprenants", "besoins")):
        seen: dict[str, int] = {}
        target = census.passeurs if role == PASSEUR else census.learners
        for index, item in enumerate(data.get(group, [])):
            line = doc.line_of((group, index))
            if item["id"] in seen:
                problems.append(DUPLICATE.at(rel, line, value=item["id"], group=group, first=seen[item["id"]]))
                continue
            seen[item["id"]] = line
            if not item.get("nom") and people is not None and item["id"] not in people:
                problems.append(UNKNOWN_PERSON.at(rel, doc.line_of((group, index, "id")), value=item["id"],
                                                  suggestion=_suggest(item["id"], people)))
            if item["site"] not in census.sites:
                problems.append(UNKNOWN_SITE.at(rel, doc.line_of((group, index, "site")), value=item["site"],
                                                suggestion=_suggest(item["site"], census.sites)))
            for value in item[wanted]:
                if value not in competences:
                    problems.append(references.UNKNOWN_COMPETENCE.at(rel, doc.line_of((group, index, wanted)), value=value,
                                                                     suggestion=_suggest(value, competences)))
            departure = None
            if item.get("depart_prevu"):
                departure = departure_date(item["depart_prevu"])
                if departure is None:
                    problems.append(front_matter.BAD_DATE.at(rel, doc.line_of((group, index, "depart_prevu")), key="depart_prevu",
                                                             value=item["depart_prevu"], detail="n'existe pas"))
            target.append(Volunteer(
                id=item["id"], role=role, site=item["site"], competences=tuple(item[wanted]),
                days=frozenset(item["disponibilites"]), rhythm=item["rythme"], manager=item["n_plus_1"],
                manager_agrees=item["accord_n_plus_1"] is True, name=item.get("nom", ""),
                know_how=item.get("savoir_faire", ""), departure=departure, line=line))
    return census, problems
