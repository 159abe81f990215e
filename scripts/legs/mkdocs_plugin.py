"""The thin glue between the content model and MkDocs.

The plugin loads and checks the content once, adds the generated pages, keeps record pages
out of the navigation (Material renders the navigation on every page, so thousands of
records there would make the build quadratic) and gives templates what their cards need.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section

from . import corpus as corpus_module
from . import formatters, pages, views
from .rules.files import IMAGE_SUFFIXES
from .settings import Settings
from .untrusted import UntrustedContent

log = logging.getLogger("mkdocs.plugins.legs")


class LegsConfig(base.Config):
    competences = c.Type(str, default="competences")
    personnes = c.Type(str, default="competences/personnes.yml")
    profil = c.Choice(("interne", "publique"), default="interne")
    branche = c.Type(str, default="main")
    taille_max_octets = c.Type(int, default=200_000)


class LegsPlugin(BasePlugin[LegsConfig]):
    supports_multiple_instances = False

    def on_config(self, config):
        root = Path(config.config_file_path).parent
        docs_dir = Path(config.docs_dir).relative_to(root.resolve()).as_posix() if Path(config.docs_dir).is_absolute() else config.docs_dir
        self.settings = Settings.from_options(root, dict(self.config), config.repo_url or "", docs_dir)
        self.corpus = corpus_module.load(self.settings)
        if self.corpus.errors:
            raise PluginError("Le contenu contient des erreurs ; corrigez-les (ou lancez « legs valider ») :\n"
                              + formatters.text(self.corpus.errors, len(self.corpus.records)))
        for problem in self.corpus.problems:
            log.info("%s:%s: %s %s", problem.path, problem.line, problem.code, problem.message)
        self.generated = {page.src_uri: page for page in pages.all_pages(self.corpus)}
        self.current_untrusted: str | None = None
        built = set(self.generated)
        config.markdown_extensions.append(
            UntrustedContent(lambda: self.current_untrusted, lambda uri: uri in built or not uri.startswith("competences/")))
        config.extra["legs"] = views.summary(self.corpus)
        return config

    def on_files(self, files: Files, config) -> Files:
        for page in self.generated.values():
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.UNDEFINED if page.in_nav or page.kind == "listing" else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.content, inclusion=inclusion))
        root = self.settings.competences_dir
        for circle_id in self.corpus.circles:
            for image in sorted((root / circle_id).iterdir()):
                if image.suffix.lower() in IMAGE_SUFFIXES:
                    files.append(File.generated(config, f"competences/{circle_id}/{image.name}", abs_src_path=str(image)))
        return files

    def on_nav(self, nav: Navigation, config, files: Files) -> Navigation:
        """Put the circles, and only them, under the « Cercles » section of the navigation."""
        circles = [files.get_file_from_path(f"competences/{cid}/index.md").page for cid in
                   sorted(self.corpus.circles, key=lambda cid: self.corpus.circles[cid].title)]
        for item in nav.items:
            if isinstance(item, Section) and any(getattr(child, "file", None) and child.file.src_uri == "competences/index.md" for child in item.children):
                for page in circles:
                    page.parent = item
                item.children.extend(circles)
        nav.pages = [p for p in nav.pages if p not in circles] + circles
        return nav

    @event_priority(100)  # before mkdocs-macros, which must never see contributed text
    def on_page_markdown(self, markdown: str, page, config, files):
        generated = self.generated.get(page.file.src_uri)
        self.current_untrusted = page.file.src_uri if generated is not None and generated.untrusted else None
        if generated is not None and generated.untrusted:
            page.meta["render_macros"] = False
            self._set_edit_url(page, generated)
        return markdown

    def _set_edit_url(self, page, generated: pages.GeneratedPage) -> None:
        """Point « Modifier cette page » at the contributed file itself, in competences/."""
        item = self.corpus.records.get(generated.key) if generated.kind == "record" else self.corpus.circles.get(generated.key)
        if item is None or not self.settings.repo_url or self._edit_prefix is None:
            return
        page.edit_url = urljoin(self.settings.repo_url + "/", self._edit_prefix + self.settings.rel(item.path))

    def on_pre_build(self, config) -> None:
        # edit_uri names the docs folder (« edit/main/docs/ »); contributed files live beside it.
        edit_uri = config.edit_uri
        docs = Path(config.docs_dir).name + "/"
        self._edit_prefix = None if not edit_uri else edit_uri[: -len(docs)] if edit_uri.endswith(docs) else edit_uri

    def on_page_context(self, context, page, config, nav):
        generated = self.generated.get(page.file.src_uri)
        if generated is not None and generated.kind == "record":
            context["fiche"] = views.record_card(self.corpus, self.corpus.records[generated.key], page.file.src_uri)
        elif generated is not None and generated.kind == "circle":
            context["cercle"] = views.circle_card(self.corpus, self.corpus.circles[generated.key], page.file.src_uri)
        return context

    def on_post_page(self, output: str, page, config) -> str:
        self.current_untrusted = None
        return output
