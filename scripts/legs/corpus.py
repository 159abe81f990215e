"""Loading the whole content (vocabularies, people, circles, records) and checking it.

Loading never raises on bad content: each problem becomes a `Problem` naming the file, the
line and the fix, and the faulty item is kept out of the site.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from . import codeowners, mdscan, parallel, source
from .model import (Circle, Competence, Domain, LegacyRecord, Occupation, Organisation, Person,
                    Registry, Vocabularies, parse_date)
from .problems import Problem
from .rules import body, files, front_matter, references, review, security
from .settings import Settings

RECORD_DATES = ("date_creation", "date_relecture")
VOCABULARY_FILES = ("competences", "metiers", "organisations", "referents")
# Pages the kit generates: contributed content may link to them.
GENERATED_PAGES = ("competences/index.md",)


@dataclass
class Corpus:
    settings: Settings
    vocab: Vocabularies = field(default_factory=Vocabularies)
    registry: Registry = field(default_factory=Registry)
    circles: dict[str, Circle] = field(default_factory=dict)
    records: dict[str, LegacyRecord] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Site-relative paths of every file a contributed link may point to.
    site_files: set[str] = field(default_factory=set)
    records_by_uri: dict[str, LegacyRecord] = field(default_factory=dict)
    names_pattern: re.Pattern | None = None
    person_by_name: dict[str, str] = field(default_factory=dict)
    # Casefolded surnames, as one pattern: a quick filter before `names_pattern`, which is slow.
    surnames_pattern: re.Pattern | None = None
    today: dt.date = field(default_factory=dt.date.today)
    _built: list[LegacyRecord] | None = field(default=None, repr=False)
    _by_circle: dict[str, list[LegacyRecord]] = field(default_factory=dict, repr=False)

    def rel(self, path: Path) -> str:
        return self.settings.rel(path)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def built_records(self) -> list[LegacyRecord]:
        """Records the site of the current profile shows, in a stable order (computed once)."""
        if self._built is None:
            profile = self.settings.profile
            self._built = sorted((r for r in self.records.values() if r.built_in(profile)), key=lambda r: (r.circle_id, r.title))
            self._by_circle = {}
            for record in self._built:
                self._by_circle.setdefault(record.circle_id, []).append(record)
        return self._built

    def circle_records(self, circle_id: str) -> list[LegacyRecord]:
        self.built_records()
        return self._by_circle.get(circle_id, [])


def load(settings: Settings, today: dt.date | None = None, extra_paths: Iterable[Path] = (),
         parallel: bool = True) -> Corpus:
    """Loads and checks everything; `parallel` allows worker processes on a large corpus."""
    today = today or dt.date.today()
    corpus = Corpus(settings, today=today)
    _load_vocabularies(corpus, today)
    _load_people(corpus, today)
    circle_files, record_files = _discover(corpus)
    for path in extra_paths:
        path = path.resolve()
        if path.suffix == ".md" and path.name != "index.md" and path not in record_files:
            record_files.append(path)
    circle_lines = {}
    for path in circle_files:
        loaded = _load_circle(corpus, path, today)
        if loaded:
            circle_lines[loaded[0].id] = loaded[1]
    _index_names(corpus)
    # The texts are checked while the front matters are read: in other processes on a large corpus.
    with _BodyChecks(corpus, record_files, parallel) as body_checks:
        for path in record_files:
            src = _read_source(corpus, path)
            if src is None:
                continue
            body_checks.add(path, src)
            record = _load_record(corpus, path, src, today)
            if record is None:
                continue
            other = corpus.records.get(record.id)
            if other is not None:
                corpus.problems.append(references.DUPLICATE_ID.at(corpus.rel(path), 1, value=record.id, other=corpus.rel(other.path)))
                continue
            corpus.records[record.id] = record
            corpus.records_by_uri[record.src_uri] = record
            corpus.problems.extend(references.check_record(corpus, record))
            corpus.problems.extend(review.check_record(corpus, record, today))
        problems, record_links = body_checks.results()
    corpus.problems.extend(problems)
    for circle in corpus.circles.values():
        corpus.problems.extend(references.check_circle(corpus, circle, circle_lines[circle.id]))
        problems, links = _check_body(corpus, circle.path, circle.body, circle.body_line, sections=False)
        corpus.problems.extend(problems)
        corpus.problems.extend(body.check_links(corpus, corpus.rel(circle.path), circle.src_uri, links, True))
    # Links are checked once every record is known: they may point to one another.
    for record in corpus.records.values():
        corpus.problems.extend(body.check_links(corpus, corpus.rel(record.path), record.src_uri,
                                                record_links.get(record.path, ()), record.public))
    corpus.problems.extend(codeowners.check(corpus))
    corpus.problems.sort()
    return corpus


# Below this many records, starting worker processes costs more than it saves.
PARALLEL_FROM = 400


class _BodyChecks:
    """The checks on each record's text, which need neither its front matter nor the others.

    On a large corpus they run in forked worker processes (which inherit the registry and
    vocabularies already loaded, and read the files themselves) while this process reads the
    front matters: the two halves of the validation then take the machine's cores in
    parallel. Workers send back only problems and links. Otherwise each text is checked as
    soon as it is read.
    """

    def __init__(self, corpus: Corpus, paths: list[Path], parallel: bool) -> None:
        self.corpus, self.paths, self.parallel = corpus, paths, parallel
        self._pool = self._pending = None
        self._problems: list[Problem] = []
        self._links: dict[Path, list[mdscan.Link]] = {}

    def __enter__(self) -> "_BodyChecks":
        workers = min(parallel.cores() - 1, 3)  # one core stays for the front matters
        if self.parallel and len(self.paths) >= PARALLEL_FROM and workers >= 1:
            self._pool = parallel.pool((self.corpus, [self.paths[i::workers] for i in range(workers)]), workers)
            self._pending = self._pool.map_async(_check_bodies_in_worker, range(workers))
        return self

    def add(self, path: Path, src: source.SourceFile) -> None:
        """A file just read here; its text is checked now unless workers do it."""
        if self._pending is None:
            _collect(self._problems, self._links, path,
                     _check_body(self.corpus, path, src.body, src.body_line, sections=True))

    def results(self) -> tuple[list[Problem], dict[Path, list[mdscan.Link]]]:
        if self._pending is not None:
            for problems, links in self._pending.get():
                self._problems += problems
                self._links.update(links)
        return self._problems, self._links

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.terminate()


def _check_bodies_in_worker(chunk: int):
    corpus, chunks = parallel.job()
    problems: list[Problem] = []
    record_links: dict[Path, list[mdscan.Link]] = {}
    for path in chunks[chunk]:
        try:
            src = source.read(path, corpus.settings.max_bytes)
        except (source.SourceError, OSError):
            continue  # reported by the main process, which reads the file too
        _collect(problems, record_links, path, _check_body(corpus, path, src.body, src.body_line, sections=True))
    return problems, record_links


def _collect(problems: list[Problem], record_links: dict, path: Path, checked: tuple[list[Problem], list]) -> None:
    problems.extend(checked[0])
    if checked[1]:
        record_links[path] = checked[1]


def _check_body(corpus: Corpus, path: Path, text: str, first_line: int, sections: bool) -> tuple[list[Problem], list[mdscan.Link]]:
    """What one contributed text can be checked for alone; its links are checked later."""
    rel = corpus.rel(path)
    scan = mdscan.scan(text, first_line)
    problems = list(body.check_sections(rel, first_line, scan)) if sections else []
    problems += security.check_body(corpus, rel, f"competences/{path.parent.name}/{path.name}", scan)
    problems += body.check_text(corpus, rel, scan, text, first_line)
    return problems, scan.links


def _read_yaml_file(corpus: Corpus, path: Path, kind: str, today: dt.date, dates: tuple[str, ...] = ()) -> dict | None:
    rel = corpus.rel(path)
    try:
        text = source.decode(path.read_bytes(), corpus.settings.max_bytes)
    except source.SourceError as exc:
        corpus.problems.append(_source_problem(rel, exc, corpus.settings.max_bytes))
        return None
    doc, problems = front_matter.read(rel, text, 1)
    corpus.problems.extend(problems)
    if doc is None:
        return None
    before = len(corpus.problems)
    corpus.problems.extend(front_matter.check_schema(rel, doc.data, doc, kind))
    for key, items in doc.data.items():
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                sub = {p[2:]: line for p, line in doc.lines.items() if p[:2] == (key, index)}
                corpus.problems.extend(front_matter.check_dates(rel, item, _Lines(sub), dates, today))
    return doc.data if len(corpus.problems) == before else None


class _Lines:
    """Adapter giving `line_of` over the lines of one item of a YAML list."""

    def __init__(self, lines: dict):
        self.lines = lines

    def line_of(self, path, default: int = 1) -> int:
        return self.lines.get(tuple(path), default)


def _unique(corpus: Corpus, rel: str, items: list[dict], key: str = "id") -> Iterable[dict]:
    seen: set[str] = set()
    for item in items:
        if item[key] in seen:
            corpus.problems.append(references.DUPLICATE_ID.at(rel, 1, value=item[key], other=rel))
            continue
        seen.add(item[key])
        yield item


def _load_vocabularies(corpus: Corpus, today: dt.date) -> None:
    vocab, folder = corpus.vocab, corpus.settings.vocabulary_dir
    data = {}
    for name in VOCABULARY_FILES:
        path = folder / f"{name}.yml"
        if not path.exists():
            corpus.problems.append(front_matter.MISSING_KEY.at(corpus.rel(path), 1, key=name, hint="le fichier de référentiel est introuvable"))
            continue
        data[name] = _read_yaml_file(corpus, path, name, today, dates=("formation",)) or {}
    rel = corpus.rel(folder / "competences.yml")
    seen_competences: set[str] = set()
    for item in _unique(corpus, rel, data.get("competences", {}).get("domaines", [])):
        domain = Domain(item["id"], item["libelle"])
        vocab.domains[domain.id] = domain
        for comp in item["competences"]:
            if comp["id"] in seen_competences:
                corpus.problems.append(references.DUPLICATE_ID.at(rel, 1, value=comp["id"], other=rel))
                continue
            seen_competences.add(comp["id"])
            vocab.competences[comp["id"]] = Competence(comp["id"], comp["libelle"], domain)
    for item in _unique(corpus, corpus.rel(folder / "metiers.yml"), data.get("metiers", {}).get("metiers", [])):
        vocab.occupations[item["id"]] = Occupation(item["id"], item["libelle"])
    for item in _unique(corpus, corpus.rel(folder / "organisations.yml"), data.get("organisations", {}).get("organisations", [])):
        vocab.organisations[item["id"]] = Organisation(item["id"], item["libelle"], item["versant"])
    for item in _unique(corpus, corpus.rel(folder / "referents.yml"), data.get("referents", {}).get("referents", []), key="personne"):
        vocab.referents[item["personne"]] = parse_date(item.get("formation"))


def _load_people(corpus: Corpus, today: dt.date) -> None:
    path = corpus.settings.people_file
    if not path.exists():
        # An organisation may keep the registry elsewhere or not yet have one: everyone is then anonymous.
        return
    data = _read_yaml_file(corpus, path, "personnes", today, dates=("depart_prevu",)) or {}
    rel = corpus.rel(path)
    for item in _unique(corpus, rel, data.get("personnes", [])):
        organisation = item.get("organisation")
        if organisation and organisation not in corpus.vocab.organisations:
            corpus.problems.append(references.UNKNOWN_ORGANISATION.at(rel, 1, value=organisation, suggestion=""))
        corpus.registry.people[item["id"]] = Person(
            id=item["id"], name=None if item.get("retrait") else item.get("nom"),
            email=None if item.get("retrait") else item.get("courriel"),
            phone=None if item.get("retrait") else item.get("telephone"),
            organisation=organisation, service=item.get("service"),
            planned_departure=parse_date(item.get("depart_prevu")), withdrawn=bool(item.get("retrait")),
            forge=None if item.get("retrait") else item.get("forge"),
        )


def _index_names(corpus: Corpus) -> None:
    """Full names of registered people, to catch a name typed in a text instead of @id."""
    surnames = set()
    for person in corpus.registry.people.values():
        if person.name and " " in person.name.strip():
            corpus.person_by_name[person.name.casefold()] = person.id
            surnames.add(person.name.split()[-1].casefold())
    if corpus.person_by_name:
        alternatives = "|".join(sorted((re.escape(n) for n in corpus.person_by_name), key=len, reverse=True))
        corpus.names_pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        corpus.surnames_pattern = re.compile("|".join(sorted(map(re.escape, surnames), key=len, reverse=True)))


def _discover(corpus: Corpus) -> tuple[list[Path], list[Path]]:
    settings = corpus.settings
    root = settings.competences_dir
    circle_files: list[Path] = []
    record_files: list[Path] = []
    if settings.docs_dir.is_dir():
        for path in settings.docs_dir.rglob("*"):
            if path.is_file():
                corpus.site_files.add(path.relative_to(settings.docs_dir).as_posix())
    corpus.site_files.update(GENERATED_PAGES)
    if not root.is_dir():
        return circle_files, record_files
    # Walk the circles' folders explicitly: resolving every path would cost more than parsing.
    skipped = {settings.vocabulary_dir.resolve(), settings.people_file.resolve(), (root / "suivi.yml").resolve()}
    for entry in sorted(root.iterdir()):
        if entry.resolve() in skipped or entry.name.startswith("."):
            continue
        if entry.is_file():
            corpus.site_files.add(f"competences/{entry.name}")
            if entry.name != "README.md":
                corpus.problems.append(files.UNEXPECTED_FILE.at(corpus.rel(entry), 1, name=entry.name))
            continue
        for path, relative in _walk(entry, entry.name):
            corpus.site_files.add("competences/" + relative)
            if path.name.startswith("."):
                continue
            if path.suffix.lower() in files.IMAGE_SUFFIXES:
                continue
            if path.suffix != ".md" or relative.count("/") != 1:
                corpus.problems.append(files.UNEXPECTED_FILE.at(corpus.rel(path), 1, name=path.name))
                continue
            (circle_files if path.name == "index.md" else record_files).append(path)
    return circle_files, record_files


def _walk(folder: Path, relative: str) -> Iterator[tuple[Path, str]]:
    """Files under `folder`, sorted, with their path relative to its parent (scandir: no stat per file)."""
    with os.scandir(folder) as entries:
        found = sorted(entries, key=lambda e: e.name)
    for entry in found:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), f"{relative}/{entry.name}")
        elif entry.is_file():
            yield Path(entry.path), f"{relative}/{entry.name}"


def _source_problem(rel: str, exc: source.SourceError, limit: int) -> Problem:
    if exc.kind == "too-big":
        return files.TOO_BIG.at(rel, 1, size=exc.detail, limit=f"{limit // 1000} Ko")
    if exc.kind == "encoding":
        return files.ENCODING.at(rel, exc.line)
    if exc.kind == "no-front-matter":
        return files.NO_FRONT_MATTER.at(rel, 1)
    return files.UNCLOSED_FRONT_MATTER.at(rel, 1)


def _read_source(corpus: Corpus, path: Path) -> source.SourceFile | None:
    """A Markdown file split into front matter and body, or None with the problem reported."""
    try:
        return source.read(path, corpus.settings.max_bytes)
    except source.SourceError as exc:
        corpus.problems.append(_source_problem(corpus.rel(path), exc, corpus.settings.max_bytes))
    except OSError:
        corpus.problems.append(files.NO_FRONT_MATTER.at(corpus.rel(path), 1))
    return None


def _read_front_matter(corpus: Corpus, path: Path, src: source.SourceFile, kind: str, today: dt.date):
    """The front matter of a Markdown file, with the problems found in it."""
    rel = corpus.rel(path)
    doc, problems = front_matter.read(rel, src.front_matter, src.front_matter_line)
    corpus.problems.extend(problems)
    if doc is None:
        return None
    if "render_macros" in doc.data:
        corpus.problems.append(security.RENDER_MACROS.at(rel, doc.line_of(("render_macros",))))
    corpus.problems.extend(front_matter.check_schema(rel, doc.data, doc, kind, skip_keys=frozenset({"render_macros"})))
    corpus.problems.extend(front_matter.check_dates(rel, doc.data, doc, RECORD_DATES, today))
    for key, value in doc.data.items():
        if any(isinstance(v, str) and ("{{" in v or "{%" in v) for v in (value if isinstance(value, list) else [value])):
            corpus.problems.append(security.TEMPLATE_SYNTAX.at(rel, doc.line_of((key,))))
    return doc


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _list(value: object) -> list:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _load_circle(corpus: Corpus, path: Path, today: dt.date):
    src = _read_source(corpus, path)
    doc = _read_front_matter(corpus, path, src, "cercle", today) if src is not None else None
    if doc is None:
        return None
    data = doc.data
    circle = Circle(
        id=path.parent.name, path=path, title=_text(data.get("titre")) or path.parent.name,
        summary=_text(data.get("resume")), domain=_text(data.get("domaine")), versants=_list(data.get("versants")),
        referents=_list(data.get("referents")), rhythm=_text(data.get("rythme")), format=_text(data.get("format")),
        join=_text(data.get("rejoindre")), body=src.body, body_line=src.body_line,
    )
    corpus.circles[circle.id] = circle
    return circle, {key[0]: line for key, line in doc.lines.items() if len(key) == 1}


def _load_record(corpus: Corpus, path: Path, src: source.SourceFile, today: dt.date):
    doc = _read_front_matter(corpus, path, src, "fiche", today)
    if doc is None:
        return None
    data = doc.data
    record = LegacyRecord(
        id=path.stem, circle_id=path.parent.name, path=path, title=_text(data.get("titre")) or path.stem,
        summary=_text(data.get("resume")), author=_text(data.get("auteur")), occupation=_text(data.get("metier")),
        versant=_text(data.get("versant")), organisation=_text(data.get("organisation")),
        service=_text(data.get("service")) or None, competences=_list(data.get("competences")),
        knowledge_types=_list(data.get("types_savoir")), criticality=_text(data.get("criticite")),
        rarity=_text(data.get("rarete")), status=_text(data.get("statut")), reviewer=_text(data.get("relecteur")) or None,
        review_date=parse_date(data.get("date_relecture")), created=parse_date(data.get("date_creation")),
        successors=_list(data.get("successeurs")), visibility=_text(data.get("visibilite")),
        body=src.body, body_line=src.body_line,
        lines={key[0]: line for key, line in doc.lines.items() if len(key) == 1},
    )
    return record
