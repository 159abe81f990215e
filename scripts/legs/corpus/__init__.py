"""Loading the whole content (vocabularies, people, circles, records) and checking it.

Loading never raises on bad content: each problem becomes a `Problem` naming the file, the
line and the fix, and the faulty item is kept out of the site.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .. import parallel
from ..content import links, mdscan, names, paths, source
from ..content.model import (Circle, Competence, Domain, LegacyRecord, Occupation, Organisation, Person,
                             Registry, Vocabularies, parse_date)
from ..content.problems import Problem
from ..content.settings import Settings
from ..rules import body, files, front_matter, references, review, security
from . import buildguard, codeowners, tracking_file

RECORD_DATES = ("date_creation", "date_relecture")
VOCABULARY_FILES = ("competences", "metiers", "organisations", "referents")
# Pages the kit generates: contributed content may link to them.
GENERATED_PAGES = ("competences/index.md",)
# Files of .cache/ found in the repository that are named (one is enough to refuse the build).
TRACKED_LISTED = 10


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
    # Images of each circle folder that the site may copy: regular files under safe names.
    images: dict[str, list[Path]] = field(default_factory=dict)
    # Site paths a public page (public published record, circle page) links to: the public
    # site copies only those images, never one used only by internal records.
    public_targets: set[str] = field(default_factory=set)
    # Registry names and e-mails (withdrawn people's too), to refuse them typed in a text.
    name_index: names.NameIndex | None = field(default=None, repr=False)
    # (id, name, e-mail) of everyone in the registry: kept for `name_index` only, never shown.
    _private_people: list[tuple[str, object, object]] = field(default_factory=list, repr=False)
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

    def replace_record(self, record: LegacyRecord) -> None:
        """Put a record read again (`reload_record`) in the place of its earlier version."""
        old = self.records[record.id]
        self.records[record.id] = record
        self.records_by_uri[record.src_uri] = record
        for listing in (self._built or [], self._by_circle.get(record.circle_id, [])):
            listing[:] = [record if item is old else item for item in listing]


def load(settings: Settings, today: dt.date | None = None, extra_paths: Iterable[Path] = (),
         parallel: bool = True) -> Corpus:
    """Loads and checks everything; `parallel` allows worker processes on a large corpus."""
    today = today or dt.date.today()
    corpus = Corpus(settings, today=today)
    with _guard(corpus, settings.vocabulary_dir):
        _load_vocabularies(corpus, today)
    with _guard(corpus, settings.people_file):
        _load_people(corpus, today)
    _index_names(corpus)  # before any front matter is read: their texts are checked too
    circle_files, record_files = _discover(corpus)
    for given in extra_paths:
        path = _extra_path(corpus, given)
        if path is not None and path.suffix == ".md" and path.name != "index.md" and path not in record_files:
            record_files.append(path)
    circle_lines = {}
    for path in circle_files:
        with _guard(corpus, path):
            loaded = _load_circle(corpus, path, today)
            if loaded:
                circle_lines[loaded[0].id] = loaded[1]
    # The texts are checked while the front matters are read: in other processes on a large corpus.
    with _BodyChecks(corpus, record_files, parallel) as body_checks:
        for path in record_files:
            with _guard(corpus, path):
                _load_record_file(corpus, body_checks, path, today)
        problems, record_links = body_checks.results()
    corpus.problems.extend(problems)
    for circle in corpus.circles.values():
        with _guard(corpus, circle.path):
            _explain(corpus, list(references.check_circle(corpus, circle, circle_lines[circle.id])))
            problems, links = _check_body(corpus, circle.path, circle.body, circle.body_line, sections=False)
            corpus.problems.extend(problems)
            corpus.problems.extend(body.check_links(corpus, corpus.rel(circle.path), circle.src_uri, links, True))
            corpus.public_targets.update(_targets(circle.src_uri, links))
    # Links are checked once every record is known: they may point to one another.
    for record in corpus.records.values():
        with _guard(corpus, record.path):
            corpus.problems.extend(body.check_links(corpus, corpus.rel(record.path), record.src_uri,
                                                    record_links.get(record.path, ()), record.public))
            if record.built_in("publique"):
                corpus.public_targets.update(_targets(record.src_uri, record_links.get(record.path, ())))
    with _guard(corpus, settings.competences_dir / tracking_file.SUIVI_FILE):
        _check_tracking_file(corpus)
    _check_repository(corpus)
    corpus.problems.sort()
    return corpus


def _load_record_file(corpus: Corpus, body_checks: "_BodyChecks", path: Path, today: dt.date) -> None:
    src = _read_source(corpus, path)
    if src is None:
        return
    body_checks.add(path, src)
    record = _load_record(corpus, path, src, today)
    if record is None:
        return
    other = corpus.records.get(record.id)
    if other is not None:
        corpus.problems.append(references.DUPLICATE_ID.at(corpus.rel(path), 1, value=record.id, other=corpus.rel(other.path)))
        return
    corpus.records[record.id] = record
    corpus.records_by_uri[record.src_uri] = record
    found = list(references.check_record(corpus, record)) + list(review.check_record(corpus, record, today))
    _explain(corpus, found)


def reload_record(corpus: Corpus, path: Path) -> tuple[LegacyRecord | None, list[Problem]]:
    """One record file read and checked again against the rest of the loaded corpus, as `load`
    checks it: the record (None if it could not be read) and its problems. The corpus is left
    as it was. The live preview uses it to render a record alone when nothing else changed."""
    records, records_by_uri = dict(corpus.records), dict(corpus.records_by_uri)
    earlier = records.get(path.stem)
    if earlier is not None and earlier.path == path:
        del records[path.stem], records_by_uri[earlier.src_uri]
    scratch = dataclasses.replace(corpus, records=records, records_by_uri=records_by_uri,
                                  problems=[], _built=None, _by_circle={})
    with _BodyChecks(scratch, [path], parallel=False) as body_checks:
        with _guard(scratch, path):
            _load_record_file(scratch, body_checks, path, corpus.today)
        problems, record_links = body_checks.results()
    scratch.problems.extend(problems)
    record = scratch.records.get(path.stem)
    if record is None or record.path != path:
        return None, scratch.problems
    with _guard(scratch, path):
        scratch.problems.extend(body.check_links(scratch, scratch.rel(path), record.src_uri,
                                                 record_links.get(path, ()), record.public))
    return record, scratch.problems


def text_outline(corpus: Corpus, record: LegacyRecord) -> tuple[list[str], list[tuple[int, str]]]:
    """What other pages may depend on in a record's text: the addresses it links to (images
    copied, pages reached) and its headings (anchors that other pages link to)."""
    scan = mdscan.scan(record.body, record.body_line, corpus.settings.root / "mkdocs.yml")
    return [link.url for link in scan.links], [(heading.level, heading.text) for heading in scan.headings]


def _explain(corpus: Corpus, found: list[Problem]) -> None:
    """Adds `found`; a name or a label written instead of an id (LG216, LG217) replaces the
    problems it causes (format, unknown id, name in clear…) for that key."""
    explained = [p for p in found if p.code in (references.NAME_FOR_ID.code, references.LABEL_FOR_ID.code)]
    if explained:
        corpus.problems[:] = references.superseded(corpus.problems, explained)
        found = references.superseded(found, explained)
    corpus.problems.extend(found)


@contextlib.contextmanager
def _guard(corpus: Corpus, path: Path) -> Iterator[None]:
    """An unexpected exception while checking one file becomes a problem of that file (LG529):
    the other files are still checked. Known bad content never gets here: it has its rule."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 (reported, never silenced)
        corpus.problems.append(security.internal_error(corpus.rel(path), exc))


def _check_tracking_file(corpus: Corpus) -> None:
    """The scheme's figures (suivi.yml) are checked with the rest of the content."""
    corpus.problems.extend(tracking_file.load_periods(corpus, corpus.settings.competences_dir / tracking_file.SUIVI_FILE)[1])


def _targets(src_uri: str, found_links) -> Iterator[str]:
    for link in found_links:
        target = links.classify(link.url, src_uri)
        if target.kind == "internal":
            yield target.path


def _check_repository(corpus: Corpus) -> None:
    """CODEOWNERS (LG606, LG607), the code the build would run (LG608) and its cache (LG609)."""
    settings = corpus.settings
    target = codeowners.path(corpus)
    if os.path.lexists(target):
        reason = paths.unsafe(target, settings.root)
        if reason:
            _refuse(corpus, target, reason)
        elif codeowners.extract(target.read_text(encoding="utf-8", errors="replace")) != codeowners.generated_part(corpus):
            corpus.problems.append(review.CODEOWNERS_OUTDATED.at(corpus.rel(target), 1))
    for other in codeowners.OTHER_LOCATIONS:
        if os.path.lexists(settings.root / other):
            corpus.problems.append(review.CODEOWNERS_ELSEWHERE.at(other, 1))
    for line, what in buildguard.config_problems(settings.root):
        corpus.problems.append(review.UNPINNED_CODE.at("mkdocs.yml", line, what=what))
    # What the build takes back without reading it again must come from its own earlier builds.
    for name in paths.tracked(settings.root, paths.CACHE_DIR)[:TRACKED_LISTED]:
        corpus.problems.append(review.CACHE_IN_REPOSITORY.at(name, 1))


_REFUSALS = {paths.SYMLINK: files.SYMLINK, paths.SPECIAL: files.SPECIAL_FILE, paths.FOLDER: files.FOLDER_NAMED_LIKE_FILE,
             paths.OUTSIDE: files.OUTSIDE_REPOSITORY}


def _refuse(corpus: Corpus, path: Path, reason: str) -> None:
    """Report a file the kit will not read (symbolic link, special file, folder, outside the repository)."""
    if reason in _REFUSALS:
        corpus.problems.append(_REFUSALS[reason].at(corpus.rel(path), 1, name=path.name,
                                                     suggestion=paths.suggested_name(path.name, is_folder=True)))


def _extra_path(corpus: Corpus, given: Path) -> Path | None:
    """A file named on the command line, as it is (a symbolic link is not followed), if it may be read."""
    path = Path(os.path.normpath(os.path.abspath(given)))
    reason = paths.unsafe(path, corpus.settings.root)
    if reason is None:
        return path
    if reason != paths.MISSING:
        rel = corpus.rel(path)
        code = _REFUSALS[reason].code if reason in _REFUSALS else None
        # The walk of competences/ may have reported it already.
        if not any(p.path == rel and p.code == code for p in corpus.problems):
            _refuse(corpus, path, reason)
    return None


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
    try:
        scan = mdscan.scan(text, first_line, corpus.settings.root / "mkdocs.yml")
        problems = list(body.check_sections(rel, first_line, scan)) if sections else []
        problems += security.check_body(corpus, rel, f"competences/{path.parent.name}/{path.name}", scan)
        problems += body.check_text(corpus, rel, scan, text, first_line)
    except Exception as exc:  # noqa: BLE001 (see _guard)
        return [security.internal_error(rel, exc)], []
    return problems, scan.links


def _read_yaml_file(corpus: Corpus, path: Path, kind: str, today: dt.date, dates: tuple[str, ...] = (),
                    outside_ok: bool = False) -> dict | None:
    rel = corpus.rel(path)
    # A registry kept out of the repository is the operator's choice (LEGS_PERSONNES), never a contribution's.
    reason = (paths.unsafe_outside_ok if outside_ok else paths.unsafe)(path, corpus.settings.root)
    if reason is not None:
        _refuse(corpus, path, reason)
        return None
    try:
        text = source.decode(path.read_bytes(), corpus.settings.max_bytes)
    except source.SourceError as exc:
        corpus.problems.append(_source_problem(rel, exc, corpus.settings.max_bytes))
        return None
    corpus.problems.extend(security.check_characters(rel, text, 1))
    doc, problems = front_matter.read(rel, text, 1)
    corpus.problems.extend(problems)
    if doc is None:
        return None
    corpus.problems.extend(security.check_values(rel, doc, text))
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
        if not os.path.lexists(path):
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
            vocab.competences[comp["id"]] = Competence(comp["id"], comp["libelle"], domain, tuple(comp.get("synonymes", ())))
    for item in _unique(corpus, corpus.rel(folder / "metiers.yml"), data.get("metiers", {}).get("metiers", [])):
        vocab.occupations[item["id"]] = Occupation(item["id"], item["libelle"])
    for item in _unique(corpus, corpus.rel(folder / "organisations.yml"), data.get("organisations", {}).get("organisations", [])):
        vocab.organisations[item["id"]] = Organisation(item["id"], item["libelle"], item["versant"])
    for item in _unique(corpus, corpus.rel(folder / "referents.yml"), data.get("referents", {}).get("referents", []), key="personne"):
        vocab.referents[item["personne"]] = parse_date(item.get("formation"))
    vocab.coordination = list(data.get("referents", {}).get("coordination", []))


def _load_people(corpus: Corpus, today: dt.date) -> None:
    path = corpus.settings.people_file
    if not os.path.lexists(path):
        # An organisation may keep the registry elsewhere or not yet have one: everyone is then anonymous.
        return
    data = _read_yaml_file(corpus, path, "personnes", today, dates=("depart_prevu",), outside_ok=True) or {}
    rel = corpus.rel(path)
    for item in _unique(corpus, rel, data.get("personnes", [])):
        corpus._private_people.append((item["id"], item.get("nom"), item.get("courriel")))
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
    """Names and e-mails of registered people, to catch them typed in a text instead of @id."""
    corpus.name_index = names.NameIndex.build(corpus._private_people)


def _discover(corpus: Corpus) -> tuple[list[Path], list[Path]]:
    """The circles' and records' files; everything else under competences/ and docs/ is checked.

    Only regular files reached without a symbolic link are read (legs.paths), and circle
    folders, records and images must have safe names: the MkDocs plugin copies exactly the
    images kept here, so what the validator accepts the build accepts, and the reverse.
    """
    settings = corpus.settings
    root = settings.competences_dir
    circle_files: list[Path] = []
    record_files: list[Path] = []
    _discover_docs(corpus)
    corpus.site_files.update(GENERATED_PAGES)
    reason = paths.unsafe(root, settings.root, want_dir=True)
    if reason is not None:
        if reason != paths.MISSING:
            _refuse(corpus, root, reason)
        return circle_files, record_files
    people, suivi = os.path.normpath(settings.people_file), os.path.normpath(root / "suivi.yml")
    vocabularies = os.path.normpath(settings.vocabulary_dir)
    # scandir gives each entry's type without a system call per file: cheap on a large corpus.
    for entry in _entries(root):
        if entry.name.startswith("."):
            continue
        path, kind = Path(entry.path), paths.kind_of_entry(entry)
        if kind is not None:
            _refuse(corpus, path, kind)
            continue
        is_dir = entry.is_dir(follow_symlinks=False)
        if entry.path in (people, suivi):
            if is_dir:
                _refuse(corpus, path, paths.FOLDER)
            continue
        if entry.path == vocabularies:
            if not is_dir:
                corpus.problems.append(files.UNEXPECTED_FILE.at(corpus.rel(path), 1, name=entry.name))
            continue
        if not is_dir:
            corpus.site_files.add(f"competences/{entry.name}")
            if entry.name != "README.md":
                corpus.problems.append(files.UNEXPECTED_FILE.at(corpus.rel(path), 1, name=entry.name))
            continue
        if not paths.is_slug(entry.name):
            rule = files.FOLDER_NAMED_LIKE_FILE if Path(entry.name).suffix.lower() in _FILE_SUFFIXES else files.BAD_NAME
            corpus.problems.append(rule.at(corpus.rel(path), 1, name=entry.name,
                                           suggestion=paths.suggested_name(entry.name, is_folder=True)))
            continue
        _discover_circle(corpus, path, circle_files, record_files)
    return circle_files, record_files


# Suffixes of the files the kit reads: a folder named so is a folder named like a file (LG108).
_FILE_SUFFIXES = {".md", ".yml", ".yaml", *files.IMAGE_SUFFIXES}


def _entries(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda e: e.name)


def _discover_circle(corpus: Corpus, folder: Path, circle_files: list[Path], record_files: list[Path]) -> None:
    circle_id = folder.name
    images = corpus.images.setdefault(circle_id, [])
    for entry in _entries(folder):
        if entry.name.startswith("."):
            continue  # .gitkeep and the like: neither checked nor published
        path, kind = Path(entry.path), paths.kind_of_entry(entry)
        if kind is not None:
            _refuse(corpus, path, kind)
            continue
        suffix = path.suffix
        if entry.is_dir(follow_symlinks=False):
            if suffix.lower() in _FILE_SUFFIXES:
                corpus.problems.append(files.FOLDER_NAMED_LIKE_FILE.at(corpus.rel(path), 1, name=entry.name,
                                                                       suggestion=paths.suggested_name(entry.name, is_folder=True)))
            else:
                corpus.problems.append(files.SUBFOLDER.at(corpus.rel(path), 1, name=entry.name, circle=f"competences/{circle_id}/"))
            continue
        corpus.site_files.add(f"competences/{circle_id}/{entry.name}")
        is_image = suffix.lower() in files.IMAGE_SUFFIXES
        if not is_image and suffix != ".md":
            corpus.problems.append(files.UNEXPECTED_FILE.at(corpus.rel(path), 1, name=entry.name))
            continue
        if not paths.is_slug(path.stem) or suffix != suffix.lower():
            corpus.problems.append(files.BAD_NAME.at(corpus.rel(path), 1, name=entry.name,
                                                     suggestion=paths.suggested_name(entry.name)))
            continue
        if is_image:
            images.append(path)
        else:
            (circle_files if entry.name == "index.md" else record_files).append(path)


def _discover_docs(corpus: Corpus) -> None:
    """Every file of docs/ is published by MkDocs as it is: each must be a regular file."""
    docs = corpus.settings.docs_dir
    reason = paths.unsafe(docs, corpus.settings.root, want_dir=True)
    if reason is not None:
        if reason != paths.MISSING:
            _refuse(corpus, docs, reason)
        return
    folders = [(docs, "")]
    while folders:
        folder, prefix = folders.pop()
        for entry in _entries(folder):
            kind = paths.kind_of_entry(entry)
            if kind is not None:
                _refuse(corpus, Path(entry.path), kind)
            elif entry.is_dir(follow_symlinks=False):
                folders.append((Path(entry.path), f"{prefix}{entry.name}/"))
            else:
                corpus.site_files.add(prefix + entry.name)


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
        src = source.read(path, corpus.settings.max_bytes)
        rel = corpus.rel(path)
        corpus.problems.extend(security.check_characters(rel, src.front_matter, src.front_matter_line))
        corpus.problems.extend(security.check_characters(rel, src.body, src.body_line))
        return src
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
    corpus.problems.extend(body.check_fields(corpus, rel, doc, src.front_matter, src.front_matter_line))
    corpus.problems.extend(security.check_values(rel, doc, src.front_matter))
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
