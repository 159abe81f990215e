"""Hostile contributions (issue 10): files and names, code at build, review, public profile, new records.

Each hostile tree is run through `legs valider` and `legs construire`: both accept it or both
refuse it, and nothing outside the repository ever reaches the built site.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from conftest import ROOT, run_legs
from legs.cli.bench import free_port
from test_rules import repo  # noqa: F401  (fixture)

FAST = {"LEGS_PDF": "false", "LEGS_RECHERCHE": "false"}
SECRET = "legs-secret-de-la-ci-7f3a"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def _symlink(link: str, target: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        (root / link).symlink_to(target)
    return change


def _fifo(relative: str) -> Callable[[Path], None]:
    return lambda root: os.mkfifo(root / relative)


def _write(relative: str, content: bytes | str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return change


def _copy_record(relative: str) -> Callable[[Path], None]:
    source = ROOT / "competences/archives/trier-et-eliminer-les-dossiers.md"
    return lambda root: _write(relative, source.read_bytes())(root)


def _mkdir(relative: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).mkdir(parents=True)


def _edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


# (name, change, accepted, code the validator gives when it refuses)
HOSTILE_TREES = [
    ("lien-docs-vers-environ", _symlink("docs/secret.txt", "/proc/self/environ"), False, "LG106"),
    ("lien-dossier-docs", _symlink("docs/etc", "/etc"), False, "LG106"),
    ("lien-image-cercle", _symlink("competences/archives/plan.png", "/etc/passwd"), False, "LG106"),
    ("lien-fiche-cercle", _symlink("competences/archives/copie.md", "trier-et-eliminer-les-dossiers.md"), False, "LG106"),
    ("lien-dossier-cercle", _symlink("competences/lien", "archives"), False, "LG106"),
    ("lien-referentiel", _symlink("competences/referentiels/metiers-lien.yml", "/etc/passwd"), True, None),
    ("lien-suivi", lambda root: ((root / "competences/suivi.yml").unlink(), _symlink("competences/suivi.yml", "/etc/hostname")(root)), False, "LG106"),
    ("tube-docs", _fifo("docs/tube.txt"), False, "LG107"),
    ("tube-cercle", _fifo("competences/archives/tube.md"), False, "LG107"),
    ("dossier-nomme-fiche", _mkdir("competences/archives/fiche.md"), False, "LG108"),
    ("nom-fiche-accentue", _copy_record("competences/archives/Fiche Été.md"), False, "LG109"),
    ("nom-image-majuscules", _write("competences/archives/Plan Final.PNG", PNG), False, "LG109"),
    ("nom-cercle-souligne", _write("competences/Cercle_Test/index.md", "---\ntitre: x\n---\n"), False, "LG109"),
    ("sous-dossier-image", _write("competences/archives/images/plan.png", PNG), False, "LG110"),
    ("codeowners-ailleurs", _write(".github/CODEOWNERS", "* @quelquun\n"), False, "LG607"),
    ("crochet-mkdocs", _edit("mkdocs.yml", "plugins:\n", "hooks:\n  - crochet.py\nplugins:\n"), False, "LG608"),
    ("module-macros", _edit("mkdocs.yml", "      render_by_default: false\n",
                            "      render_by_default: false\n      module_name: competences/archives/macros\n"), False, "LG608"),
    ("image-bien-nommee", _write("competences/archives/plan-de-classement.png", PNG), True, None),
]


@pytest.mark.parametrize("name, change, accepted, code", HOSTILE_TREES, ids=[t[0] for t in HOSTILE_TREES])
def test_validator_and_build_agree_on_hostile_trees(kit: Path, tmp_path: Path, name, change, accepted, code) -> None:
    change(kit)
    validated = run_legs(kit, "valider")
    built = run_legs(kit, "construire", "--dossier", str(tmp_path / "site"), env={**FAST, "LEGS_TEST_SECRET": SECRET})
    assert (validated.returncode == 0) == (built.returncode == 0) == accepted, (validated.stdout, built.stdout + built.stderr)
    assert "Traceback" not in validated.stderr + built.stderr
    if code:
        assert f" {code} " in validated.stdout, validated.stdout
    site = tmp_path / "site"
    if site.exists():
        for path in site.rglob("*"):
            assert not path.is_symlink()
            if path.is_file():
                assert SECRET.encode() not in path.read_bytes(), path


def test_a_symlink_to_the_environment_is_never_published(kit: Path, tmp_path: Path) -> None:
    """docs/secret.txt -> /proc/self/environ: neither legs construire nor legs servir publishes it."""
    (kit / "docs/secret.txt").symlink_to("/proc/self/environ")
    env = {**FAST, "LEGS_TEST_SECRET": SECRET}
    built = run_legs(kit, "construire", "--dossier", str(tmp_path / "site"), env=env)
    assert built.returncode == 1 and "secret.txt" in built.stdout + built.stderr and "LG106" in built.stdout + built.stderr
    assert not (tmp_path / "site/secret.txt").exists()
    # legs servir builds the same way, into a temporary folder: it stops before serving anything.
    served = run_legs(kit, "servir", "--adresse", f"127.0.0.1:{free_port()}", env=env)
    assert served.returncode != 0 and "LG106" in served.stdout + served.stderr
    assert SECRET not in served.stdout + served.stderr


def test_the_build_refuses_links_on_its_own(kit: Path) -> None:
    """Defence in depth: the plugin checks every file MkDocs collected, without the validator."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from legs.corpus import buildguard

    (kit / "docs/secret.txt").symlink_to("/proc/self/environ")
    (kit / "docs/autres").symlink_to(kit / "competences")
    config = load_config(str(kit / "mkdocs.yml"))
    refused = buildguard.unsafe_files(get_files(config), config)
    assert any(r.startswith("secret.txt : lien symbolique") for r in refused), refused
    assert any(r.startswith("autres/") for r in refused), refused
    (kit / "docs/secret.txt").unlink()
    (kit / "docs/autres").unlink()
    config = load_config(str(kit / "mkdocs.yml"))
    assert buildguard.unsafe_files(get_files(config), config) == []


def test_names_get_a_french_error_with_the_name_to_use(kit: Path) -> None:
    _copy_record("competences/archives/Fiche Été.md")(kit)
    _mkdir("competences/archives/brouillons.md")(kit)
    out = run_legs(kit, "valider").stdout
    assert "competences/archives/Fiche Été.md:1: LG109" in out and "renommez-le « fiche-ete.md »" in out
    assert "competences/archives/brouillons.md:1: LG108" in out and "« brouillons-md »" in out


def test_a_symlink_named_on_the_command_line_is_refused_not_followed(kit: Path, tmp_path: Path) -> None:
    outside = tmp_path / "ailleurs.md"
    outside.write_bytes((ROOT / "competences/archives/trier-et-eliminer-les-dossiers.md").read_bytes())
    (kit / "competences/archives/lien.md").symlink_to(outside)
    result = run_legs(kit, "valider", "competences/archives/lien.md")
    assert result.returncode == 1 and "competences/archives/lien.md:1: LG106" in result.stdout
    result = run_legs(kit, "valider", str(outside))
    assert result.returncode == 1 and "LG111" in result.stdout


# --- No contributed code at build ---------------------------------------------------------

SIDE_EFFECT = """from pathlib import Path
Path({marker!r}).write_text("le code contribué a tourné")


def define_env(env):
    Path({marker!r}).write_text("le code contribué a tourné")
"""


def test_contributed_python_never_runs_at_build(kit: Path, tmp_path: Path) -> None:
    marker = tmp_path / "a-tourne.txt"
    for name in ("main.py", "jinja2.py", "markdown.py", "yaml.py"):
        (kit / name).write_text(SIDE_EFFECT.format(marker=str(marker)), encoding="utf-8")
    (kit / "main").mkdir()
    (kit / "main/__init__.py").write_text(SIDE_EFFECT.format(marker=str(marker)), encoding="utf-8")
    # The installed command, as CI runs it, from the root of the repository.
    legs = Path(sys.executable).with_name("legs")
    result = subprocess.run([str(legs), "construire", "--dossier", str(tmp_path / "site")], cwd=kit, capture_output=True,
                            text=True, env={**os.environ, **FAST}, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not marker.exists()


@pytest.mark.parametrize("setting", [
    "hooks:\n  - crochet.py\n",
    "INHERIT: competences/archives/config.yml\n",
    "extra_templates:\n  - page.html\n",
])
def test_mkdocs_settings_that_load_code_are_refused_before_anything_runs(kit: Path, tmp_path: Path, setting: str) -> None:
    marker = tmp_path / "a-tourne.txt"
    (kit / "crochet.py").write_text(SIDE_EFFECT.format(marker=str(marker)), encoding="utf-8")
    (kit / "competences/archives/config.yml").write_text("site_name: x\n", encoding="utf-8")
    _edit("mkdocs.yml", "plugins:\n", setting + "plugins:\n")(kit)
    built = run_legs(kit, "construire", "--dossier", str(tmp_path / "site"), env=FAST)
    assert built.returncode == 1 and "n'exécute que le code du kit" in built.stderr, built.stderr
    assert not marker.exists()
    assert "LG608" in run_legs(kit, "valider").stdout


@pytest.mark.parametrize("option", ["module_name: competences/archives/macros", "include_dir: competences",
                                    "include_yaml:\n        - competences/personnes.yml", "modules:\n        - os",
                                    "j2_extensions:\n        - jinja2.ext.do"])
def test_macros_options_are_pinned(kit: Path, tmp_path: Path, option: str) -> None:
    _edit("mkdocs.yml", "      render_by_default: false\n", f"      render_by_default: false\n      {option}\n")(kit)
    result = run_legs(kit, "valider")
    assert result.returncode == 1 and "LG608" in result.stdout and "greffon macros" in result.stdout
    built = run_legs(kit, "construire", "--dossier", str(tmp_path / "site"), env=FAST)
    assert built.returncode == 1


def test_the_plugin_refuses_unpinned_code_when_mkdocs_runs_alone(kit: Path, tmp_path: Path) -> None:
    marker = tmp_path / "a-tourne.txt"
    (kit / "competences/archives/macros.py").write_text(SIDE_EFFECT.format(marker=str(marker)), encoding="utf-8")
    _edit("mkdocs.yml", "      render_by_default: false\n",
          "      render_by_default: false\n      module_name: competences/archives/macros\n")(kit)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(kit / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, env={**os.environ, **FAST}, cwd=tmp_path, timeout=600)
    assert result.returncode != 0 and "module_name" in result.stderr
    assert not marker.exists()


# --- A review that cannot be bypassed ------------------------------------------------------

def test_codeowners_gives_everything_to_coordination_and_circles_to_their_referents(repo: Path) -> None:  # noqa: F811
    run_legs(repo, "codeowners", "--ecrire", check=True)
    lines = [line for line in (repo / "CODEOWNERS").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    team = "@exemple-administration/coordination-legs"
    assert lines[0] == f"* {team}"
    assert lines.index("/competences/essai/ @sophie-laurent") < lines.index(f"/competences/essai/index.md {team}")
    for owned in ("/competences/referentiels/", "/competences/personnes.yml", "/CODEOWNERS", "/.github/", "/.gitlab-ci.yml",
                  "/mkdocs.yml", "/overrides/", "/scripts/", "/docs/", "/main.py"):
        assert f"{owned} {team}" in lines[lines.index(f"/competences/essai/index.md {team}"):], owned


def test_a_new_circle_needs_the_coordination_and_a_new_codeowners(repo: Path) -> None:  # noqa: F811
    run_legs(repo, "codeowners", "--ecrire", check=True)
    index = (repo / "competences/essai/index.md").read_text(encoding="utf-8")
    # The author opens a circle of their own and names themselves its référent.
    _write("competences/mon-cercle/index.md", index.replace("referents: [slaurent]", "referents: [aleroux]"))(repo)
    result = run_legs(repo, "valider")
    assert result.returncode == 1 and "CODEOWNERS:1: LG606" in result.stdout
    run_legs(repo, "codeowners", "--ecrire", check=True)
    text = (repo / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/competences/mon-cercle/index.md @exemple-administration/coordination-legs" in text


def test_maintainers_lines_are_kept_and_ignored_by_the_check(repo: Path) -> None:  # noqa: F811
    run_legs(repo, "codeowners", "--ecrire", check=True)
    target = repo / "CODEOWNERS"
    target.write_text("# Nos lignes\n/LISEZMOI.txt @mainteneur\n" + target.read_text(encoding="utf-8") + "/docs/kit/ @com\n",
                      encoding="utf-8")
    assert run_legs(repo, "valider").returncode == 0
    _edit("competences/essai/index.md", "referents: [slaurent]", "referents: [slaurent, aleroux]")(repo)
    run_legs(repo, "codeowners", "--ecrire", check=True)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Nos lignes\n/LISEZMOI.txt @mainteneur\n") and text.endswith("/docs/kit/ @com\n")
    assert "/competences/essai/ @sophie-laurent @anne-leroux" in text
    assert run_legs(repo, "valider").returncode == 0


def test_the_coordination_team_is_required(repo: Path) -> None:  # noqa: F811
    _edit("competences/referentiels/referents.yml", "coordination:\n  - \"@exemple-administration/coordination-legs\"\n", "")(repo)
    result = run_legs(repo, "valider")
    assert result.returncode == 1 and "competences/referentiels/referents.yml" in result.stdout and "coordination" in result.stdout


# --- Public profile --------------------------------------------------------------------------

def test_the_public_site_copies_only_images_of_public_pages(kit: Path, tmp_path: Path) -> None:
    circle = kit / "competences/commande-publique"
    for name in ("plan-public.png", "plan-interne.png", "orphelin.png", "plan-du-cercle.png"):
        (circle / name).write_bytes(PNG)
    _edit("competences/commande-publique/analyser-les-offres-sans-contentieux.md", "## Contexte\n",
          "## Contexte\n\n![Plan des offres](plan-public.png)\n")(kit)
    _edit("competences/commande-publique/suivre-l-execution-financiere.md", "## Contexte\n",
          "## Contexte\n\n![Plan interne](plan-interne.png)\n")(kit)
    index = circle / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n![Plan du cercle](plan-du-cercle.png)\n", encoding="utf-8")
    public = tmp_path / "publique"
    run_legs(kit, "construire", "--profil", "publique", "--dossier", str(public), env=FAST, check=True)
    copied = {p.name for p in (public / "competences/commande-publique").glob("*.png")}
    assert copied == {"plan-public.png", "plan-du-cercle.png"}
    internal = tmp_path / "interne"
    run_legs(kit, "construire", "--dossier", str(internal), env=FAST, check=True)
    assert {"plan-public.png", "plan-interne.png"} <= {p.name for p in (internal / "competences/commande-publique").glob("*.png")}


# --- legs nouvelle-fiche ---------------------------------------------------------------------

def _new_record(repo: Path, circle: str, title: str = "Préparer le versement annuel") -> subprocess.CompletedProcess:
    from test_contribution import ANSWERS

    answers = {**ANSWERS, "--cercle": circle, "--titre": title}
    args = [part for option, value in answers.items() for part in (option, value)]
    return run_legs(repo, "nouvelle-fiche", "--sans-questions", *args)


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


@pytest.mark.parametrize("circle", ["../x", "/tmp", "essai/../../x", "nouveau", "lien", "Essai", "essai/", "."])
def test_new_record_writes_only_into_an_existing_circle(repo: Path, tmp_path: Path, circle: str) -> None:  # noqa: F811
    (repo / "competences/lien").symlink_to(repo / "competences/essai")
    before = _tree(tmp_path)
    result = _new_record(repo, circle)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "n'est pas un cercle" in result.stderr and "parmi : essai" in result.stderr
    assert _tree(tmp_path) == before
    assert not any(p.name.startswith("preparer") for p in Path("/tmp").glob("preparer*.md"))


def test_new_record_never_overwrites_nor_follows_a_link(repo: Path, tmp_path: Path) -> None:  # noqa: F811
    result = _new_record(repo, "essai", "Fiche Été : « tri » / élimination")
    assert result.returncode == 0, result.stdout + result.stderr
    written = repo / "competences/essai/fiche-ete-tri-elimination.md"
    text = written.read_text(encoding="utf-8")
    again = _new_record(repo, "essai", "Fiche Été : « tri » / élimination")
    assert again.returncode == 2 and "existe déjà" in again.stderr
    assert written.read_text(encoding="utf-8") == text
    outside = tmp_path / "hors-du-depot.md"
    (repo / "competences/essai/piege.md").symlink_to(outside)
    trapped = _new_record(repo, "essai", "Piège")
    assert trapped.returncode == 2 and not outside.exists()
