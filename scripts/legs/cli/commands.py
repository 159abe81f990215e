"""The `legs` command: one entry point, French verbs as subcommands (`main`)."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator, Sequence

from ..content.paths import PDF_CACHE
from ..content.settings import Settings
from ..text import formatters

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "Utilisation : " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse speaks English; the people who use the kit read French."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "Arguments"
        self._optionals.title = "Options"
        self.add_argument("-h", "--help", action="help", help="affiche cette aide et s'arrête")

    def parse_args(self, args=None, namespace=None):
        with _french_argparse():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with _french_argparse():
            return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        with _french_argparse():
            return super().format_help()

    def format_usage(self) -> str:
        with _french_argparse():
            return super().format_usage()

    def error(self, message: str):
        # argparse quotes values with repr(): 'x' becomes « x ».
        message = re.sub(r"(?<!\w)'([^']*)'(?!\w)", r"« \1 »", message)  # not the apostrophe of « n'est »
        for english, french in _TYPE_NAMES.items():
            message = message.replace(english, french)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog} : erreur : {message}\nPour l'aide : {self.prog} --help\n")


# Every message argparse can show a user (Python 3.11), in French. The placeholders are kept;
# %(value)r becomes %(value)s since « » replace the quotes.
_ARGPARSE_FRENCH = {
    "usage: ": "Utilisation : ",
    "positional arguments": "Arguments",
    "options": "Options",
    "show this help message and exit": "affiche cette aide et s'arrête",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected at most one argument": "au plus une valeur est attendue",
    "expected one argument": "une valeur est attendue",
    "ignored explicit argument %r": "valeur « %s » inattendue : cette option n'en prend pas",
    "invalid %(type)s value: %(value)r": "« %(value)s » n'est pas %(type)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix impossible : « %(value)s » (choisissez parmi %(choices)s)",
    "not allowed with argument %s": "impossible avec l'argument %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "the following arguments are required: %s": "il manque les arguments suivants : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "commande inconnue « %(parser_name)s » (choix : %(choices)s)",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
    "expected %s argument": "%s valeur attendue",
    "expected %s arguments": "%s valeurs attendues",
}
# Type names in « invalid int value »: what a user understands.
_TYPE_NAMES = {"n'est pas int": "n'est pas un nombre entier", "n'est pas float": "n'est pas un nombre"}


@contextlib.contextmanager
def _french_argparse() -> Iterator[None]:
    """argparse's messages in French while the kit's parsers run (restored afterwards: other
    users of argparse in the same process, such as the tests, keep theirs)."""
    saved = argparse._, argparse.ngettext

    def gettext(message: str) -> str:
        return _ARGPARSE_FRENCH.get(message, message)

    def ngettext(singular: str, plural: str, count: int) -> str:
        return gettext(singular if count == 1 else plural)

    argparse._, argparse.ngettext = gettext, ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _root(args: argparse.Namespace) -> Path:
    return Path(args.depot).resolve()


def _settings(args: argparse.Namespace) -> Settings:
    root = _root(args)
    if not (root / "mkdocs.yml").exists() and not (root / "competences").exists():
        raise SystemExit(f"legs : le dossier « {root} » n'est pas un dépôt du kit (pas de mkdocs.yml) : "
                         "placez-vous à la racine du dépôt ou indiquez-la avec --depot.")
    return Settings.load(root)


def cmd_validate(args: argparse.Namespace) -> int:
    from ..corpus.validate import validate

    settings = _settings(args)
    paths: list[Path] = []
    for given in args.chemins:
        path = Path(given)
        if not path.exists():
            print(f"legs valider : « {given} » n'existe pas : vérifiez le chemin.", file=sys.stderr)
            return EXIT_USAGE
        # Links and special files are listed too: the validator refuses them by name (LG106, LG107).
        paths.extend(sorted(p for p in path.rglob("*") if p.is_symlink() or not p.is_dir()) if path.is_dir() else [path])
    report = validate(settings, paths)
    problems = [p for p in report.problems if p.is_error or not args.erreurs_seulement]
    print(formatters.render(args.format, problems, report.checked))
    return EXIT_PROBLEMS if report.has_errors else EXIT_OK


def _mkdocs(args: argparse.Namespace, command: str, *extra: str) -> int:
    from ..corpus.buildguard import config_problems
    from ..site.messages import french_abort

    # Read without running anything: MkDocs would import `hooks` while loading its configuration,
    # before any plugin can refuse them.
    refused = config_problems(_root(args))
    if refused:
        print("legs : la construction n'exécute que le code du kit ; retirez de mkdocs.yml :\n"
              + "\n".join(f"- mkdocs.yml:{line}: {what}" for line, what in refused), file=sys.stderr)
        return EXIT_PROBLEMS
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if getattr(args, "profil", None):
        env["LEGS_PROFIL"] = args.profil
    if getattr(args, "personnes", None):
        env["LEGS_PERSONNES"] = str(Path(args.personnes).resolve())
    # -P: the current folder is not put on the import path, so a contributed jinja2.py or
    # markdown.py at the root of the repository can never replace the real module.
    call = [sys.executable, "-P", "-m", "mkdocs", command, "-f", str(_root(args) / "mkdocs.yml"), *extra]
    # MkDocs logs on stderr (in French: see legs.site.messages); it says why it stopped on stdout, read here.
    process = subprocess.Popen(call, env=env, stdout=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
    try:
        for line in process.stdout:
            sys.stdout.write(french_abort(line))
            sys.stdout.flush()
    finally:
        # On Ctrl+C, MkDocs got the signal too: let it stop on its own.
        code = process.wait()
    return code


def cmd_build(args: argparse.Namespace) -> int:
    site_dir = args.dossier or ("site-public" if args.profil == "publique" else "site")
    code = _mkdocs(args, "build", "--strict", "--site-dir", str(Path(site_dir).resolve()))
    if code == 0:
        print(f"Site construit dans « {site_dir} » : copiez ce dossier sur votre serveur intranet.")
    return EXIT_OK if code == 0 else EXIT_PROBLEMS


def cmd_serve(args: argparse.Namespace) -> int:
    print(f"Le site est servi sur http://{args.adresse}/ (Ctrl+C pour arrêter).", flush=True)
    return _mkdocs(args, "serve", "--dev-addr", args.adresse)


def cmd_new_record(args: argparse.Namespace) -> int:
    from .new_record import QUESTIONS, session

    given = {question.key: getattr(args, question.dest) for question in QUESTIONS}
    return session.run(_settings(args), given, args.reprendre, ask=not args.sans_questions)


def cmd_codeowners(args: argparse.Namespace) -> int:
    from .. import corpus
    from ..corpus import codeowners

    loaded = corpus.load(_settings(args))
    text = codeowners.render(loaded)
    if not args.ecrire:
        print(text, end="")
        return EXIT_OK
    codeowners.path(loaded).write_text(text, encoding="utf-8")
    print(f"Fichier écrit : {loaded.rel(codeowners.path(loaded))}")
    return EXIT_OK


def cmd_print(args: argparse.Namespace) -> int:
    from .. import corpus, printing
    from ..corpus import forms
    from ..corpus.validate import check_organisation

    settings = _settings(args)
    if args.profil:
        settings = dataclasses.replace(settings, profile=args.profil)
    loaded = corpus.load(settings)
    grids, problems = forms.load_forms(settings.docs_dir, settings.rel)
    problems = loaded.errors + problems + check_organisation(settings)
    if problems:
        print(formatters.text(problems, len(loaded.records)))
        print("Corrigez ces erreurs avant d'imprimer.")
        return EXIT_PROBLEMS
    out = Path(args.dossier).resolve()
    written = printing.build_all(loaded, grids, out, settings.root / PDF_CACHE)
    pdfs = sum(1 for p in written if p.suffix == ".pdf")
    print(f"{pdfs} PDF et {len(written) - pdfs} blason(s) écrits dans « {args.dossier} » :")
    for path in written:
        print(f"  {path.relative_to(out).as_posix()}")
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from . import bench

    sizes = args.tailles  # a list of numbers: see _sizes
    print(f"Mesure sur {', '.join(map(str, sizes))} fiches synthétiques (plusieurs minutes)…", flush=True)
    print(bench.run(_root(args), sizes))
    return EXIT_OK


def cmd_pairs(args: argparse.Namespace) -> int:
    from .. import corpus
    from ..pairs import census, census_path, matching, report

    settings = _settings(args)
    root = settings.root
    path = Path(args.recensement).resolve() if args.recensement else census_path(root)
    if not os.path.lexists(path):
        print(f"legs apparier : le recensement « {settings.rel(path)} » est introuvable : indiquez-le avec "
              "--recensement FICHIER (ou la variable LEGS_RECENSEMENT), ou copiez exemples/recensement.yml dans "
              "prive/recensement.yml pour commencer.", file=sys.stderr)
        return EXIT_USAGE
    today = dt.date.today()
    if args.date:
        try:
            today = dt.date.fromisoformat(args.date)
        except ValueError:
            print(f"legs apparier : la date « {args.date} » n'existe pas : écrivez-la AAAA-MM-JJ.", file=sys.stderr)
            return EXIT_USAGE
    loaded = corpus.load(settings)
    weights, problems = matching.Weights(), []
    if args.poids:
        weights_path = Path(args.poids).resolve()
        if not weights_path.is_file():
            print(f"legs apparier : le fichier des poids « {args.poids} » n'existe pas : vérifiez le chemin.", file=sys.stderr)
            return EXIT_USAGE
        weights, problems = matching.load_weights(weights_path, settings.rel(weights_path), root)
    people = loaded.registry.people if os.path.lexists(settings.people_file) else None
    found, census_problems = census.load(path, settings.rel(path), root, loaded.vocab.competences, people)
    problems += census_problems
    if problems or found is None or weights is None:
        print(formatters.text(problems, 2 if args.poids else 1))
        print("Corrigez ces erreurs, puis relancez « legs apparier ».")
        return EXIT_PROBLEMS
    if args.distance_max is not None:
        weights = dataclasses.replace(weights, distance_max_km=args.distance_max)
    name, label = report.namers(loaded.vocab.competences, loaded.registry)
    proposal = matching.propose(found, weights, today, label)
    print(report.terminal(proposal, name, label))
    if not args.sans_fichiers:
        target, sheet = report.write_committee_files(proposal, name, label, settings.rel(path), Path(args.dossier).resolve())
        print(f"\nPour le comité : {settings.rel(target)} (à imprimer)\net {settings.rel(sheet)} (tableur, à compléter).\n"
              "Données personnelles : ne les publiez pas.")
    return EXIT_OK


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(n) for n in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une liste de nombres séparés par des virgules, "
                                         "par exemple 1000,5000") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"« {text} » : chaque nombre de fiches doit être au moins 1")
    return sizes


def _positive(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un nombre") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"« {text} » doit être un nombre positif")
    return value


def cmd_search_quality(args: argparse.Namespace) -> int:
    from ..search import quality

    root = _root(args)
    queries = root / args.requetes
    if not queries.is_file():
        print(f"legs mesurer-recherche : « {args.requetes} » n'existe pas : indiquez la liste des requêtes avec --requetes.",
              file=sys.stderr)
        return EXIT_USAGE
    print(quality.run(root, queries, Path(args.site) if args.site else None))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="legs",
        description="Kit legs : fiches legs, cercles de compétences, guide et grilles.\n"
                    "Chaque sous-commande a son aide : legs <commande> --help.",
    )
    parser.add_argument("--depot", default=".", metavar="DOSSIER", help="racine du dépôt du kit (par défaut : le dossier courant)")
    commands = parser.add_subparsers(title="Commandes", dest="commande", metavar="COMMANDE", parser_class=_Parser)

    def add(name: str, handler: Callable[[argparse.Namespace], int], summary: str, description: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=description)
        sub.set_defaults(handler=handler)
        return sub

    valider = add("valider", cmd_validate, "vérifie les fiches, les cercles et les référentiels",
                  "Vérifie tout le dépôt (sans argument) ou seulement les fichiers ou dossiers donnés.\n"
                  "Chaque problème indique le fichier, la ligne, un code et la correction à faire.\n"
                  "Code de sortie : 0 sans erreur, 1 s'il y a des erreurs, 2 si la commande est mal écrite.")
    valider.add_argument("chemins", nargs="*", metavar="CHEMIN", help="fichiers ou dossiers à vérifier")
    valider.add_argument("--format", choices=formatters.FORMATS, default="texte",
                         help="texte (par défaut), json, github (annotations des pull requests) ou gitlab (rapport Code Quality)")
    valider.add_argument("--erreurs-seulement", action="store_true", help="n'affiche pas les avertissements")

    construire = add("construire", cmd_build, "construit le site statique (pour un intranet)",
                     "Construit le site dans un dossier à copier sur un serveur web, en mode strict :\n"
                     "la moindre erreur arrête la construction.")
    construire.add_argument("--profil", choices=("interne", "publique"), default="interne",
                            help="interne (par défaut) ou publique (sans les fiches internes)")
    construire.add_argument("--dossier", metavar="DOSSIER", help="dossier de sortie (par défaut : site, ou site-public)")
    construire.add_argument("--personnes", metavar="FICHIER", help="registre des personnes gardé hors du dépôt")

    servir = add("servir", cmd_serve, "sert le site sur cet ordinateur pour le consulter",
                 "Sert le site sur http://127.0.0.1:8000/ et le met à jour à chaque modification.")
    servir.add_argument("--adresse", default="127.0.0.1:8000", help="adresse et port (par défaut : 127.0.0.1:8000)")
    servir.add_argument("--profil", choices=("interne", "publique"), default="interne", help="interne ou publique")
    servir.add_argument("--personnes", metavar="FICHIER", help="registre des personnes gardé hors du dépôt")

    from .new_record import QUESTIONS, option_help

    nouvelle = add("nouvelle-fiche", cmd_new_record, "écrit une nouvelle fiche en posant les questions",
                   "Pose les questions une à une et vérifie chaque réponse avec les règles du validateur.\n"
                   "Pour les questions à choix, tapez le numéro ou le nom d'un choix de la liste.\n"
                   "Chaque section s'écrit sur plusieurs lignes et se termine par une ligne avec seulement un point « . ».\n"
                   "La fiche n'est écrite dans le dossier de son cercle, au statut « brouillon », que si le\n"
                   "validateur l'accepte. Si la saisie s'arrête avant (Ctrl+C, erreur), les réponses sont gardées\n"
                   "dans un brouillon du dossier brouillons/ (ni publié ni vérifié) : --reprendre le continue.\n"
                   "Les réponses peuvent aussi être données en options, écrites exactement comme dans une fiche.\n"
                   "Code de sortie : 0 si la fiche est écrite, 1 si un brouillon est gardé, 2 si la commande est mal écrite.")
    for question in QUESTIONS:
        nouvelle.add_argument(question.option, metavar="TEXTE", help=option_help(question))
    nouvelle.add_argument("--reprendre", metavar="BROUILLON", help="reprend un brouillon gardé dans brouillons/")
    nouvelle.add_argument("--sans-questions", action="store_true",
                          help="ne pose aucune question : toutes les réponses viennent des options (pour les scripts)")

    owners = add("codeowners", cmd_codeowners, "produit le fichier CODEOWNERS à partir des référents des cercles",
                 "Affiche (ou écrit avec --ecrire) le fichier CODEOWNERS : chaque proposition de fiche\n"
                 "demande la relecture des personnes référentes de son cercle.")
    owners.add_argument("--ecrire", action="store_true", help="écrit le fichier CODEOWNERS à la racine du dépôt")

    imprimer = add("imprimer", cmd_print, "produit tous les PDF : guide, grilles, affiche, dépliant, certificats",
                   "Produit, au format A4, le guide méthodologique complet, chaque grille, l'affiche,\n"
                   "le dépliant, un certificat de legs par fiche publiée et un blason par cercle.")
    imprimer.add_argument("--dossier", default="pdf", help="dossier de sortie (par défaut : pdf)")
    imprimer.add_argument("--profil", choices=("interne", "publique"), help="profil des certificats (par défaut : celui de mkdocs.yml)")

    bench = add("bench", cmd_bench, "mesure validation et construction sur des corpus synthétiques",
                "Génère des corpus de fiches valides (un cercle pour 25 fiches), puis mesure la validation,\n"
                "la construction, la mémoire, la taille du site et ce qu'un visiteur télécharge.")
    bench.add_argument("--tailles", type=_sizes, default="1000,5000,10000", metavar="N,N…",
                       help="nombres de fiches, séparés par des virgules")

    apparier = add("apparier", cmd_pairs, "propose des binômes à partir du recensement des volontaires",
                   "Lit le recensement des volontaires (passeurs et apprenants), note chaque binôme possible selon\n"
                   "les critères de la grille d'appariement, puis propose l'ensemble de binômes au meilleur total,\n"
                   "chaque proposition et chaque volontaire sans binôme expliqués critère par critère.\n"
                   "Écrit aussi, pour le comité, un PDF A4 et un tableur (CSV) : données personnelles, à ne pas publier.\n"
                   "Code de sortie : 0 si les binômes sont proposés, 1 si le recensement ou les poids ont des erreurs,\n"
                   "2 si la commande est mal écrite ou un fichier introuvable.")
    apparier.add_argument("--recensement", metavar="FICHIER",
                          help="recensement en YAML ou CSV (par défaut : LEGS_RECENSEMENT, sinon prive/recensement.yml)")
    apparier.add_argument("--poids", metavar="FICHIER", help="poids des critères, en YAML (voir exemples/poids.yml)")
    apparier.add_argument("--distance-max", type=_positive, metavar="KM",
                          help="distance maximale entre les sites, en kilomètres (par défaut : 50)")
    apparier.add_argument("--dossier", default="prive", metavar="DOSSIER",
                          help="dossier du PDF et du tableur (par défaut : prive, jamais publié)")
    apparier.add_argument("--sans-fichiers", action="store_true", help="affiche les propositions sans écrire le PDF ni le tableur")
    apparier.add_argument("--date", metavar="AAAA-MM-JJ", help="date de référence pour l'urgence des départs (par défaut : aujourd'hui)")

    mesurer = add("mesurer-recherche", cmd_search_quality, "mesure si la recherche trouve ce que les agents tapent",
                  "Construit le site (sans PDF), tape chaque requête de la liste dans la page de recherche\n"
                  "d'un vrai navigateur (Chromium), puis affiche le rang de la fiche attendue et la part\n"
                  "trouvée dans les cinq premiers résultats et au premier rang.")
    mesurer.add_argument("--requetes", default="tests/requetes_recherche.yml", metavar="FICHIER",
                         help="liste des requêtes et des fiches attendues (par défaut : tests/requetes_recherche.yml)")
    mesurer.add_argument("--site", metavar="DOSSIER", help="un site déjà construit, au lieu de le construire")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:
        # `legs valider | head -1`: the reader has what it wanted. Stop quietly, without a
        # traceback, and keep Python from failing again on flushing stdout at exit.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PROBLEMS


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        sys.stdout.flush()
        return EXIT_USAGE
    try:
        code = args.handler(args)
        sys.stdout.flush()  # a closed pipe is reported here, inside the handler of main
        return code
    except KeyboardInterrupt:
        return EXIT_PROBLEMS

