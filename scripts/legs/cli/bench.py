"""`legs bench`: measure validation and build on synthetic corpora of N valid French records.

Prints one table. Each size is built in a fresh temporary copy of the kit. Times are wall
clock on this machine (the floor and the validation: best of three runs); memory is the peak
of the build process and of the processes it starts (workers, Pagefind) together.
"""

from __future__ import annotations

import gzip
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from ..content.model import SECTIONS
from ..search.index import GZIP_SUFFIXES

SENTENCES = (
    "Le service reçoit chaque semaine des demandes qui demandent de l'expérience.",
    "L'agent vérifie d'abord que le dossier est complet avant d'engager la procédure.",
    "Les délais réglementaires se calculent en jours calendaires à partir de la réception.",
    "Un tableau de suivi partagé évite de perdre la trace des échéances importantes.",
    "La relecture par un collègue limite les erreurs de saisie et les oublis de pièces.",
    "Les équipements doivent être contrôlés avant la période de forte activité.",
    "En cas de doute, il vaut mieux appeler le service référent que d'improviser.",
    "Les usagers apprécient qu'on leur explique clairement les étapes et les délais.",
    "Le registre est tenu à jour après chaque intervention, avec la date et la signature.",
    "Les archives du service gardent la mémoire des décisions et de leurs motifs.",
    "La commission se réunit une fois par trimestre pour examiner les dossiers sensibles.",
    "Un nouvel arrivant met en général six mois à maîtriser l'ensemble de la procédure.",
    "Les pièces justificatives sont numérisées puis classées selon le plan de classement.",
    "Le budget est suivi mensuellement avec le service financier pour éviter les surprises.",
    "La coordination avec les autres directions se prépare longtemps à l'avance.",
    "Les erreurs les plus fréquentes viennent d'une mauvaise lecture du texte applicable.",
)
WORDS_PER_SECTION = 70
REPEATS = 3


def _text(rng: random.Random) -> str:
    words, out = 0, []
    while words < WORDS_PER_SECTION:
        sentence = rng.choice(SENTENCES)
        out.append(sentence)
        words += len(sentence.split())
    return " ".join(out)


def generate(target: Path, size: int, root: Path, seed: int = 7) -> None:
    """A copy of the kit whose content is `size` valid records over size/25 circles."""
    rng = random.Random(seed)
    for part in ("mkdocs.yml", "docs", "overrides"):
        source = root / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / part)
    competences = target / "competences"
    shutil.copytree(root / "competences" / "referentiels", competences / "referentiels")
    for name in ("personnes.yml", "suivi.yml"):
        if (root / "competences" / name).exists():
            shutil.copy2(root / "competences" / name, competences / name)
    vocab = yaml.safe_load((competences / "referentiels" / "competences.yml").read_text(encoding="utf-8"))
    domains = vocab["domaines"]
    occupations = [o["id"] for o in yaml.safe_load((competences / "referentiels" / "metiers.yml").read_text(encoding="utf-8"))["metiers"]]
    referent = yaml.safe_load((competences / "referentiels" / "referents.yml").read_text(encoding="utf-8"))["referents"][0]["personne"]
    people = [p for p in yaml.safe_load((competences / "personnes.yml").read_text(encoding="utf-8"))["personnes"]
              if p.get("nom") and p["id"] != referent and p.get("organisation")]
    orgs = {o["id"]: o["versant"] for o in yaml.safe_load((competences / "referentiels" / "organisations.yml").read_text(encoding="utf-8"))["organisations"]}
    for c in range(max(1, size // 25)):
        domain = domains[c % len(domains)]
        folder = competences / f"cercle-{c:04d}"
        folder.mkdir()
        (folder / "index.md").write_text(
            f"---\ntitre: Cercle {domain['libelle']} {c}\nresume: Un cercle de mesure autour du domaine {domain['libelle'].lower()}.\n"
            f"domaine: {domain['id']}\nversants: [État, territoriale, hospitalière]\nreferents: [{referent}]\n"
            f"rythme: Une séance de deux heures par mois\nformat: Atelier en présentiel\nrejoindre: Écrire à @{referent}.\n---\n\n"
            f"{_text(rng)}\n", encoding="utf-8")
        for r in range(25):
            if c * 25 + r >= size:
                break
            author = rng.choice(people)
            comps = rng.sample([x["id"] for x in domain["competences"]], k=min(2, len(domain["competences"])))
            body = "\n\n".join(f"## {section}\n\n{_text(rng)}" for section in SECTIONS)
            (folder / f"fiche-{c:04d}-{r:02d}.md").write_text(
                f"---\ntitre: Savoir-faire numéro {c * 25 + r} du domaine {domain['libelle'].lower()}\n"
                f"resume: Une méthode éprouvée pour traiter ce type de dossier sans erreur ni retard.\n"
                f"auteur: {author['id']}\nmetier: {rng.choice(occupations)}\nversant: {orgs[author['organisation']]}\n"
                f"organisation: {author['organisation']}\ncompetences: [{', '.join(comps)}]\ntypes_savoir: [savoir-faire]\n"
                f"criticite: {rng.choice(['faible', 'moyenne', 'forte', 'critique'])}\nrarete: rare\nstatut: publiée\n"
                f"relecteur: {referent}\ndate_relecture: 2026-03-12\ndate_creation: 2025-11-04\nvisibilite: publique\n---\n\n{body}\n",
                encoding="utf-8")


def parse_floor(competences: Path) -> float:
    """The least any validator must do: read every file and parse its front matter with libyaml."""
    started = time.perf_counter()
    for path in competences.glob("*/*.md"):
        text = path.read_text(encoding="utf-8")
        yaml.load(text[4:text.index("\n---", 3)], Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def _tree_memory(pid: int) -> int:
    """Memory of a process and all its descendants, in bytes (Linux /proc).

    Proportional set size: a page that forked workers share with their parent counts once,
    not once per process as the resident size would.
    """
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue  # the process ended between two readings
    return total


def _run(command: list[str], cwd: Path, env: dict) -> tuple[float, int, str]:
    """Wall time, peak memory (bytes, the process and its helpers together) and error output."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, done = [0], threading.Event()

    def sample() -> None:
        # The build runs Pagefind in its own processes: their memory counts too. No poll()
        # here: reaping the process is left to wait4, which also reads its own peak.
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_memory(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    errors = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} a échoué :\n{errors[-2000:]}")
    # ru_maxrss is the largest single process: a floor if sampling missed a short peak.
    return elapsed, max(peak[0], usage.ru_maxrss * 1024), errors


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


TYPING_MS = 100  # between two keys: 10 characters a second, a fast typist


def first_search(site: Path, query: str = "dossier", runs: int = 5) -> tuple[int | None, float | None, float | None, float | None]:
    """A visitor's first search in a real browser with a cold cache: (compressed bytes, seconds
    with a server set up as advised, seconds with a server left as installed, seconds when the
    query is typed key by key, with the server set up as advised).

    The visitor opens the home page and, once it has finished loading (no request for half a
    second), puts the query in the header's search box and presses Enter, which shows the search
    page with the query in place of the home page's content. The query is either typed, after a
    click in the box, at TYPING_MS a key (the engine loads meanwhile), or put in at once and sent
    at once, as if pasted faster than anyone can: the worst case, the engine having started
    loading only when the box got the cursor, some tens of milliseconds before. Pressing Enter
    at the very moment the home page fires its load event, as no one can, measured Chromium's
    own start-up instead: in a fresh browser context, one of its renderer processes still
    computes for 450 to 500 ms in the 0.6 s after that event, even for a page of one line
    (measured).

    The time runs from Enter to the first result shown (the page declares it:
    data-etat="resultats"), median of `runs` searches for each way, each in a new browser
    context (empty cache). The bytes count what the search loads: the search page, Pagefind's
    engine, the index chunks the query needs and the filters, asked right after the first
    results; not the theme's assets nor the search script, loaded with every page.

    The ways take turns, search after search, with two servers: one sends Pagefind's gzip files
    as such (Content-Encoding), as the README advises (exemples/nginx-legs.conf); the other
    knows nothing of them, as a server left as installed, and pagefind.js inflates them itself.
    """
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None, None, None, None
    if not chromium:
        return None, None, None, None
    import functools
    import http.server

    class Quiet(http.server.SimpleHTTPRequestHandler):
        encoded = False

        def log_message(self, *args) -> None:
            pass

        def end_headers(self) -> None:
            if self.encoded and self.path.split("?")[0].endswith(GZIP_SUFFIXES):
                self.send_header("Content-Encoding", "gzip")
            super().end_headers()

    class Advised(Quiet):
        encoded = True

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            # The browser drops requests it no longer needs (a preload, a closed page): not an error.
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    servers = [Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site))) for handler in (Advised, Quiet)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    bases = [f"http://127.0.0.1:{server.server_address[1]}/" for server in servers]
    requested: list[str] = []
    ways = [(0, False), (1, False), (0, True)]  # (server, typed)
    times: list[list[float]] = [[] for _ in ways]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            for attempt in range(len(ways) * (runs + 1)):  # a search that stalls is tried again
                way = attempt % len(ways)
                which, typed = ways[way]
                if len(times[way]) == runs:
                    continue
                context = browser.new_context()
                page = context.new_page()
                page.goto(bases[which], wait_until="networkidle")
                seen: set[str] = set()
                page.on("request", lambda request: seen.add(request.url))
                if typed:
                    page.click("#legs-recherche-champ")
                    page.locator("#legs-recherche-champ").press_sequentially(query, delay=TYPING_MS)
                else:
                    page.fill("#legs-recherche-champ", query)
                started = time.perf_counter()
                page.press("#legs-recherche-champ", "Enter")
                try:
                    page.wait_for_function("() => document.getElementById('legs-recherche')?.dataset.etat === 'resultats'",
                                           timeout=60_000, polling="raf")
                    times[way].append(time.perf_counter() - started)
                    if not requested:  # everything this search loads, the filters too (asked right after)
                        page.wait_for_load_state("networkidle")
                        # One path per address asked: an entry file asked twice (?ts=) is sent twice.
                        requested = [url[len(bases[which]):].split("?")[0] for url in seen if url.startswith(bases[which])]
                except PlaywrightTimeout:
                    print(f"legs bench : la recherche n'a rien affiché en 60 s (essai {attempt + 1}).", file=sys.stderr)
                finally:
                    context.close()
            browser.close()
    finally:
        for server in servers:
            server.shutdown()
    files = [site / path / "index.html" if path.endswith("/") or not path else site / path for path in requested
             if not path.startswith("assets/")]
    advised, plain, typed = (sorted(found)[len(found) // 2] if found else None for found in times)
    return (sum(_gzip_size(f) for f in files if f.is_file()) if requested else None), advised, plain, typed


def free_port() -> int:
    """A port nobody listens on, for a server started here (the bench and the tests)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_page(url: str, timeout: float = 60) -> str | None:
    """The page at `url`; None while it is not served (or held by a server that builds)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def preview_time(kit: Path, env: dict, saves: int = REPEATS) -> float:
    """What a contributor waits in `legs servir`: from saving a record to its new page served.

    The preview is started and its first build awaited; then the record is saved with a new
    sentence and its address asked until the sentence shows (the server answers once the page
    is rebuilt). Median of `saves` saves, each with a new sentence.
    """
    port = free_port()
    record = sorted((kit / "competences" / "cercle-0000").glob("fiche-*.md"))[-1]  # all are published
    url = f"http://127.0.0.1:{port}/competences/cercle-0000/{record.stem}/"
    times = []
    # The server's messages go to a file: a pipe nobody reads would block it once full.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([sys.executable, "-m", "legs.cli", "--depot", str(kit), "servir", "--adresse", f"127.0.0.1:{port}"],
                                   cwd=kit, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

        def failed(what: str) -> RuntimeError:
            log.seek(0)
            return RuntimeError(f"legs servir {what} :\n" + log.read().decode(errors="replace")[-2000:])

        try:
            deadline = time.monotonic() + 1800
            while get_page(url) is None:  # the first build
                if process.poll() is not None or time.monotonic() > deadline:
                    raise failed("n'a jamais servi la fiche")
                time.sleep(0.5)
            for _ in range(saves):
                # Unique, and left as it is by the typography.
                sentence = f"Phrase enregistrée pendant la prévisualisation repère{time.time_ns()}"
                text = record.read_text(encoding="utf-8").replace("## Contexte\n", f"## Contexte\n\n{sentence}\n", 1)
                started = time.perf_counter()
                record.write_text(text, encoding="utf-8")
                while sentence not in (get_page(url) or ""):
                    if process.poll() is not None or time.perf_counter() - started > 600:
                        raise failed("n'a pas montré la fiche modifiée")
                    time.sleep(0.02)
                times.append(time.perf_counter() - started)
        finally:
            os.killpg(process.pid, 15)
            process.wait(timeout=60)
    return sorted(times)[len(times) // 2]


def record_page_bytes(site: Path) -> int:
    """Compressed bytes of one record page and of the kit's own assets (theme assets are cached)."""
    page = next(site.glob("competences/cercle-0000/fiche-0000-00/index.html"))
    return _gzip_size(page) + sum(_gzip_size(p) for p in (site / "assets").glob("legs*.css"))


def measure(size: int, root: Path, work: Path) -> dict:
    kit = work / f"n{size}"
    kit.mkdir()
    generate(kit, size, root)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", LEGS_PDF="false", LEGS_RECHERCHE="true")
    # Best of REPEATS: this machine's speed varies from one second to the next.
    floor = min(parse_floor(kit / "competences") for _ in range(REPEATS))
    validations = [_run([sys.executable, "-c", "import time,sys;from pathlib import Path;from legs import corpus;"
                         "from legs.content.settings import Settings;s=Settings.load(Path('.'));t=time.perf_counter();"
                         "c=corpus.load(s);sys.stderr.write(str(time.perf_counter()-t));sys.exit(1 if c.errors else 0)"],
                        kit, env) for _ in range(REPEATS)]
    command = min(run[0] for run in validations)
    inner = min(float(run[2]) for run in validations)
    # The site without its PDFs, measured below on their own: they are kept in a cache
    # between builds, so that only new or changed records cost a certificate.
    command_line = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(kit / "site")]
    build, memory, _ = _run(command_line, kit, env)  # from an empty build cache
    site = kit / "site"
    search = first_search(site)
    # What a contributor's pull request costs: one record changed, the rest from the cache.
    record = next((kit / "competences" / "cercle-0000").glob("fiche-*.md"))
    record.write_text(record.read_text(encoding="utf-8").replace("## Contexte\n", "## Contexte\n\nUne phrase ajoutée.\n", 1),
                      encoding="utf-8")
    rebuild, rebuild_memory, _ = _run(command_line, kit, env)
    preview = preview_time(kit, env)
    # The PDFs on their own, with an empty cache: the first build of a site pays this once.
    pdfs, _, _ = _run([sys.executable, "-m", "legs.cli", "imprimer", "--dossier", str(kit / "pdf")], kit, env)
    return {
        "floor": floor, "validation": inner, "pdfs": pdfs, "command": command, "build": build, "memory": memory,
        "site": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "page": record_page_bytes(site), **dict(zip(("search", "search_time", "search_plain", "search_typed"), search)),
        "rebuild": rebuild, "rebuild_memory": rebuild_memory, "preview": preview,
    }


def _number(value: float, digits: int, unit: str) -> str:
    """French notation: a decimal comma, a non-breaking space before the unit."""
    return f"{value:.{digits}f}".replace(".", ",") + f"\u00a0{unit}"


def _mb(value: float) -> str:
    return _number(value / 1e6, 1, "Mo")


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else _number(seconds * 1000, 0, "ms")


def _kb(value: float | None) -> str:
    return "—" if value is None else _number(value / 1e3, 0, "Ko")


def run(root: Path, sizes: list[int]) -> str:
    with tempfile.TemporaryDirectory(prefix="legs-bench-") as tmp:
        results = {n: measure(n, root, Path(tmp)) for n in sizes}
    rows = [
        ("Lecture des en-têtes (plancher libyaml)", lambda r: _number(r["floor"], 2, "s")),
        ("Validation de tout le contenu", lambda r: _number(r["validation"], 2, "s")),
        ("Validation / plancher", lambda r: _number(r["validation"] / r["floor"], 1, "×")),
        ("Commande legs valider complète (démarrage de Python compris)", lambda r: _number(r["command"], 2, "s")),
        ("Construction du site (mkdocs build --strict), cache de construction vide", lambda r: _number(r["build"], 1, "s")),
        ("Mémoire maximale de la construction (avec Pagefind)", lambda r: _mb(r["memory"])),
        ("Reconstruction après une fiche modifiée (cache de la construction précédente)", lambda r: _number(r["rebuild"], 1, "s")),
        ("Mémoire maximale de cette reconstruction", lambda r: _mb(r["rebuild_memory"])),
        ("Aperçu (legs servir) : de l'enregistrement d'une fiche à sa nouvelle page servie", lambda r: _number(r["preview"], 2, "s")),
        ("PDF sans cache : guide, grilles, kit et un certificat par fiche (legs imprimer)", lambda r: _number(r["pdfs"], 0, "s")),
        ("Taille du site construit", lambda r: _mb(r["site"])),
        ("Ouvrir une fiche (compressé, hors thème en cache)", lambda r: _kb(r["page"])),
        ("Première recherche : octets transférés (compressé)", lambda r: _kb(r["search"])),
        ("Première recherche : de la touche Entrée au premier résultat affiché, requête tapée (10 caractères par seconde, "
         "serveur réglé comme conseillé)", lambda r: _ms(r["search_typed"])),
        ("La même, requête collée puis envoyée aussitôt", lambda r: _ms(r["search_time"])),
        ("La même, collée, serveur laissé tel qu'installé", lambda r: _ms(r["search_plain"])),
    ]
    header = "| Mesure | " + " | ".join(f"{n:,} fiches".replace(",", " ") for n in sizes) + " |"
    lines = [header, "| --- |" + " --- |" * len(sizes)]
    lines += [f"| {name} | " + " | ".join(fmt(results[n]) for n in sizes) + " |" for name, fmt in rows]
    seconds = matching_time(PAIRS_BENCH, PAIRS_BENCH)
    lines += ["", f"Appariement (legs apparier) de {PAIRS_BENCH} passeurs et {PAIRS_BENCH} apprenants "
                  f"(recensement synthétique, scores, affectation optimale et explications) : {_number(seconds, 2, 's')}"]
    return "\n".join(lines)


PAIRS_BENCH = 500


def matching_time(passeurs: int, learners: int) -> float:
    """Best of REPEATS: score every pair, find the optimal assignment, explain every proposal and everyone left alone."""
    import datetime as dt

    from ..pairs import matching, synthetic

    competences = [f"competence-{n:02d}" for n in range(60)]
    census = synthetic.census(passeurs, learners, competences)
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        matching.propose(census, matching.Weights(), dt.date(2026, 11, 23))
        best = min(best, time.perf_counter() - started)
    return best
