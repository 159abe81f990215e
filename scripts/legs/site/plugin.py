"""The thin glue between the content model and MkDocs.

The plugin loads and checks the content once, adds the generated pages, keeps record pages
out of the navigation (Material renders the navigation on every page, so thousands of
records there would make the build quadratic) and gives templates what their cards need.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urljoin

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section

from .. import corpus as corpus_module
from .. import printing, search
from ..content import look, paths
from ..content.settings import Settings
from ..corpus import buildguard, forms, validate
from ..incremental import cache, output
from ..pages import catalogue, contribution, printed, views
from ..pages import steering as steering_pages
from ..pages.common import GeneratedPage
from ..search import process
from ..text import formatters, markup
from . import engine, messages, prerender, preview, shared
from .untrusted import UntrustedContent

log = logging.getLogger("mkdocs.plugins.legs")
REUSED_TEMPLATE = "legs/reprise-du-cache.html"
# The kit's code that renders pages: the whole legs package, not only its site glue.
KIT_CODE = Path(__file__).resolve().parents[1]


class LegsConfig(base.Config):
    competences = c.Type(str, default="competences")
    personnes = c.Type(str, default="competences/personnes.yml")
    profil = c.Choice(("interne", "publique"), default="interne")
    branche = c.Type(str, default="main")
    taille_max_octets = c.Type(int, default=200_000)
    recherche = c.Type(bool, default=True)
    # Pages per search index lot (see search/index.py).
    recherche_lot = c.Type(int, default=search.LOT_SIZE)
    pdf = c.Type(bool, default=True)
    # Reuse the record pages and index lots of earlier builds (.cache/construction, incremental/cache.py).
    cache = c.Type(bool, default=True)
    # Beyond this many circles, the menu lists only the circles' index page: Material renders
    # the whole menu on every page, so a long menu would make every page heavy.
    cercles_dans_menu = c.Type(int, default=30)


class LegsPlugin(BasePlugin[LegsConfig]):
    supports_multiple_instances = False
    command = "build"
    prerenderer: prerender.Prerenderer | None = None
    # `legs servir`: what the last full build left, to render a saved record alone (site/preview.py).
    served: preview.Served | None = None
    # One-off builds: the site's folder of the last build, kept in place (incremental/output.py).
    site: output.SiteFolder | None = None
    # One-off builds: the process that builds the search index (search/process.py).
    index_process: process.IndexerProcess | None = None

    def on_startup(self, command: str, dirty: bool) -> None:
        # Worker processes are forked only for one-off builds, not by the live-reloading server.
        self.command = command
        messages.install()
        # Forked now, while this process is small; the preview keeps its index at hand.
        self.index_process = (process.IndexerProcess() if command == "build" and self.config.recherche and process.available()
                              else None)

    def on_shutdown(self) -> None:
        self._stop_index_process()

    def _stop_index_process(self) -> None:
        if self.index_process is not None:
            self.index_process.close()
            self.index_process = None

    # First of all plugins: mkdocs-macros imports its module in its own on_config.
    @event_priority(100)
    def on_config(self, config):
        refused = buildguard.check_loaded_config(config)
        if refused:
            raise PluginError("La construction n'exécute que le code du kit ; retirez de mkdocs.yml :\n- " + "\n- ".join(refused))
        buildguard.pin_macros(config)
        if not config.use_directory_urls:  # the templates and generated lists link pages by their folder
            text = Path(config.config_file_path).read_text(encoding="utf-8")
            raise PluginError(formatters.text_line(validate.directory_urls_problem(text)))
        for name in ("repo_url", "site_url"):
            # Printed in links on every page: a javascript: or data: address would run there.
            if config[name] and not markup.http_url(config[name]):
                raise PluginError(f"« {name} » doit être une adresse http:// ou https:// (valeur reçue : {config[name]!r}).")
        # The organisation's name, logo and colours (extra.organisation): checked, then applied.
        try:
            self.look = look.load(config.extra, Path(config.docs_dir))
        except look.LookError as error:
            raise PluginError(str(error)) from None
        if self.look.logo:
            config.theme["logo"] = self.look.logo
        config.extra["legs_organisation"] = {"nom": self.look.name, "palette": self.look.palette}
        if look.CSS_URI not in config.extra_css:
            config.extra_css.append(look.CSS_URI)
        root = Path(config.config_file_path).parent
        docs_dir = Path(config.docs_dir).relative_to(root.resolve()).as_posix() if Path(config.docs_dir).is_absolute() else config.docs_dir
        self.settings = Settings.from_options(root, dict(self.config), config.repo_url or "", docs_dir)
        self.corpus = corpus_module.load(self.settings, parallel=self.command != "serve")
        if self.corpus.errors:
            raise PluginError("Le contenu contient des erreurs ; corrigez-les (ou lancez « legs valider ») :\n"
                              + formatters.text(self.corpus.errors, len(self.corpus.records)))
        for problem in self.corpus.problems:
            log.info("%s", formatters.text_line(problem))
        steering, problems = steering_pages.steering_pages(self.corpus)
        if problems:
            raise PluginError("Le fichier de suivi ou le registre des binômes contient des erreurs :\n" + formatters.text(problems, 1))
        form = contribution.form_page(self.corpus, contribution.forge_settings(config.extra, config.repo_url or ""))
        self.forms, problems = forms.load_forms(self.settings.docs_dir, self.settings.rel)
        if problems:
            raise PluginError("Les grilles contiennent des erreurs :\n" + formatters.text(problems, len(self.forms)))
        for_print = [printed.form_page(f) for f in self.forms] + [printed.forms_index(self.forms),
                                                                  printed.recognition_page(self.corpus)]
        content_pages = catalogue.all_pages(self.corpus, drafts=self.command == "serve")  # drafts: in the preview only
        self.generated = {page.src_uri: page for page in content_pages + steering + [form] + for_print}
        self.current_untrusted: str | None = None
        built = set(self.generated)
        config.markdown_extensions.append(
            UntrustedContent(lambda: self.current_untrusted, lambda uri: uri in built or not uri.startswith("competences/")))
        config.extra["legs"] = views.summary(self.corpus)
        self._open_cache(config, root)
        return config

    def _open_cache(self, config, root: Path) -> None:
        self.reuse = self.lot_store = None
        if not self.config.cache:
            return
        folder = root / cache.FOLDER / self.settings.profile
        custom = Path(config.theme.custom_dir) if config.theme.custom_dir else root / "overrides"
        build_key = cache.digest(
            cache.code_fingerprint(KIT_CODE, custom), Path(config.config_file_path).read_bytes(),
            dict(self.config), config.extra, [config.site_url, config.repo_url, config.edit_uri, config.use_directory_urls],
            self.command)
        self.reuse = cache.PageReuse(cache.Store(folder / "pages"), build_key)
        self.lot_store = cache.Store(folder / "recherche")

    def on_files(self, files: Files, config) -> Files:
        if self.site is not None:  # MkDocs has emptied the site's folder by now
            self.site.take_back()
        for page in self.generated.values():
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)
            # Records stay out of the navigation; on_nav places the pages that name an anchor.
            listed_by_us = page.kind == "record" or page.nav_after is not None
            inclusion = InclusionLevel.NOT_IN_NAV if listed_by_us else InclusionLevel.UNDEFINED
            added = File.generated(config, page.src_uri, content=page.content, inclusion=inclusion)
            files.append(added)
            site_page = prerender.PrerenderedPage(None, added, config)  # MkDocs' Page sets added.page
            site_page.own_html = not page.untrusted
        existing = files.get_file_from_path(look.CSS_URI)
        if existing is not None:  # the generated style sheet wins over a file of the same name
            files.remove(existing)
        files.append(File.generated(config, look.CSS_URI, content=self.look.css()))
        for uri, content in {**catalogue.schema_files(), **steering_pages.export_files(self.corpus)}.items():
            files.append(File.generated(config, uri, content=content))
        # Only the images the validator kept (regular files, safe names); on the public site, only
        # those a public page links to: an image used only by internal records stays internal.
        public = self.settings.profile == "publique"
        for circle_id in self.corpus.circles:
            for image in self.corpus.images.get(circle_id, ()):
                uri = f"competences/{circle_id}/{image.name}"
                if not public or uri in self.corpus.public_targets:
                    files.append(File.generated(config, uri, abs_src_path=str(image)))
        # Defence in depth: MkDocs copies every file of docs/, following symbolic links.
        refused = buildguard.unsafe_files(files, config)
        if refused:
            raise PluginError("Ces fichiers ne sont pas des fichiers ordinaires du dépôt et ne seront pas publiés ; "
                              "retirez-les (ou lancez « legs valider ») :\n- " + "\n- ".join(refused))
        return files

    def on_nav(self, nav: Navigation, config, files: Files) -> Navigation:
        """List generated pages (circles, internal pages) in the section of their anchor page."""
        sections = {child.file.src_uri: item for item in _sections(nav.items)
                    for child in item.children if getattr(child, "file", None)}
        added = []
        self.circles_listed = circles_listed = len(self.corpus.circles) <= self.config.cercles_dans_menu
        for generated in sorted(self.generated.values(), key=lambda g: _nav_order(g, self.corpus)):
            section = sections.get(generated.nav_after or "")
            if section is None or (generated.kind == "circle" and not circles_listed):
                continue
            page = files.get_file_from_path(generated.src_uri).page
            page.parent = section
            section.children.append(page)
            added.append(page)
        nav.pages = [p for p in nav.pages if p not in added] + added
        self.nav = nav
        self.record_uris = {uri for uri, g in self.generated.items() if g.kind == "record"}
        if self.reuse is not None:
            # A record page shows its text and card; its links reach other files.
            site_key = cache.digest(sorted(f.src_uri for f in files))
            self.reuse.plan({uri: (g.content, self._card(g)) for uri, g in self.generated.items()}, site_key)
        if self.indexer is not None:  # before any page is indexed: lots of equal size
            self.indexer.plan(len(files.documentation_pages()))
            if self.index_process is not None:  # one-off builds: see on_startup
                self.indexer = self.index_process.start(self.indexer)
        self._start_prerendering(config, files)
        return nav

    def _start_prerendering(self, config, files: Files) -> None:
        if self.command == "serve" or not prerender.Prerenderer.available(len(self.corpus.records)):
            return
        reusable = self.reuse.reusable if self.reuse is not None else set()
        generated = [f.page for f in files.documentation_pages()
                     if isinstance(f.page, prerender.PrerenderedPage) and f.src_uri not in reusable]
        self.prerenderer = prerender.Prerenderer(generated, config, files)

    @event_priority(100)  # before mkdocs-macros, which must never see contributed text
    def on_page_markdown(self, markdown: str, page, config, files):
        generated = self.generated.get(page.file.src_uri)
        self.current_untrusted = page.file.src_uri if generated is not None and generated.untrusted else None
        if generated is not None and generated.untrusted:
            page.meta["render_macros"] = False
            self._set_edit_url(page, generated)
        if generated is not None:  # contributed titles: Material prints them unescaped
            markup.page_meta(page.meta)
        if generated is not None and self.reuse is not None:
            page.reused = self.reuse.take(page.file.src_uri)
            if page.reused is not None:
                page.legs_template = page.meta.get("template")
                page.meta["template"] = REUSED_TEMPLATE
        return markdown

    def _set_edit_url(self, page, generated: GeneratedPage) -> None:
        """Point « Modifier cette page » at the contributed file itself, in competences/."""
        item = self.corpus.records.get(generated.key) if generated.kind == "record" else self.corpus.circles.get(generated.key)
        if item is None or not self.settings.repo_url or self._edit_prefix is None:
            return
        # The file's path is percent-encoded: a name cannot leave the href attribute nor the forge.
        page.edit_url = urljoin(self.settings.repo_url + "/", self._edit_prefix + markup.site_url(self.settings.rel(item.path)))

    def on_pre_build(self, config) -> None:
        # One-off builds only: the preview builds in a folder of its own, every time.
        self.site = None
        if self.reuse is not None and self.command == "build":
            self.site = output.SiteFolder(self.reuse.store.folder.parent, Path(config.site_dir))
            self.site.set_aside()
        self.indexer = (search.Indexer(Path(config.site_dir), self.config.recherche_lot, self.lot_store,
                                       keep=self.command == "serve", site=self.site,
                                       cached=cache.FragmentReader(self.reuse.store) if self.reuse is not None else None)
                        if self.config.recherche else None)
        self.warnings = cache.WarningCounter()
        logging.getLogger(engine.NAME).addHandler(self.warnings)
        # edit_uri names the docs folder (« edit/main/docs/ »); contributed files live beside it.
        edit_uri = config.edit_uri
        docs = Path(config.docs_dir).name + "/"
        self._edit_prefix = None if not edit_uri else edit_uri[: -len(docs)] if edit_uri.endswith(docs) else edit_uri

    def on_env(self, env, config, files):
        if self.prerenderer is not None:  # every page has been converted by now
            self.prerenderer.close()
            self.prerenderer = None
        if self.reuse is not None:
            self._check_reused_menus(config, files)
        circle_uris = {uri for uri, g in self.generated.items() if g.kind == "circle"}
        self.shared = shared.SharedParts(self.record_uris, circle_uris, self.circles_listed)
        env.globals["legs_cache"] = self.shared
        env.globals["legs_shared_key"] = self.shared.shared_key
        env.globals["legs_toc_key"] = self.shared.toc_key
        # A page taken from the build cache: its HTML is already written (on_post_page).
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({REUSED_TEMPLATE: ""}), env.loader])
        self._files, self._env = files, env  # for the preview (on_post_build)
        return env

    def _check_reused_menus(self, config, files: Files) -> None:
        """Every page's title is known now, hence the menu around record pages: a page kept with
        another menu is converted after all, and rendered as usual."""
        self.reuse.menu = cache.digest(_nav_outline(self.nav.items))
        for file in files.documentation_pages():
            page = file.page
            if getattr(page, "reused", None) is None or self.reuse.same_menu(page.reused):
                continue
            page.reused = None
            if page.legs_template is None:
                del page.meta["template"]
            else:
                page.meta["template"] = page.legs_template
            page.render(config, files)
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)

    def on_page_context(self, context, page, config, nav):
        generated = self.generated.get(page.file.src_uri)
        if generated is not None and getattr(page, "reused", None) is None:
            context.update(self._card(generated))
        return context

    def _card(self, generated: GeneratedPage) -> dict:
        """What a generated page's template shows besides its Markdown: a record's or a circle's card."""
        if generated.kind == "record":
            return {"fiche": views.record_card(self.corpus, self.corpus.records[generated.key], generated.src_uri)}
        if generated.kind == "circle":
            return {"cercle": views.circle_card(self.corpus, self.corpus.circles[generated.key], generated.src_uri)}
        return {}

    @event_priority(-100)  # last: the site's folder is complete
    def on_post_build(self, config) -> None:
        if self.config.pdf:
            printing.build_all(self.corpus, self.forms, Path(config.site_dir) / printed.PDF_DIR,
                               self.settings.root / paths.PDF_CACHE)
        if self.indexer is not None:
            self.indexer.finish()
        logging.getLogger(engine.NAME).removeHandler(self.warnings)
        # A build that warned keeps nothing new: a strict build that failed must fail again.
        kept = self.warnings.count == 0
        # The indexer keeps its lots or not itself (`end`), in its own process for a one-off build.
        stores = [self.reuse] if self.indexer is not None else [self.reuse, self.lot_store]
        for store in stores:
            if store is not None:
                store.commit() if kept else store.discard()
        if self.indexer is not None:
            self.indexer.end(kept)
            self.index_process = None  # it has stopped
        if self.site is not None:
            self.site.finish(remember=kept)
            self.site = None
        if kept and self.command == "serve":
            self.served = preview.Served(self, config, self._files, self.nav, self._env, self.indexer)
        if self.reuse is not None:
            log.info("Pages reprises de la construction précédente : %d sur %d (fiches : %d sur %d).",
                     len(self.reuse.taken), len(self.reuse.keys), len(self.reuse.taken & self.record_uris), len(self.record_uris))
        self.indexer = None

    def on_post_page(self, output: str, page, config) -> str:
        self.current_untrusted = None
        if getattr(page, "reused", None) is not None:
            page.reused = None
            if self.indexer is not None and (digest := self.reuse.index_digest(page.file.src_uri)) is not None:
                # Read only if its lot is indexed again.
                self.indexer.add_cached(page.url, self.reuse.fragment_place(page.file.src_uri), digest)
            if self.site is not None:
                key = self.reuse.output_key(page.file.src_uri)
                if self.site.keeps(page.file.dest_uri, key, page.file.src_uri):
                    return ""  # the file written by the last build is this page: MkDocs skips it
                self.site.wrote(page.file.dest_uri, key)
            return self.reuse.html(page.file.src_uri)
        # Indexed as written: Pagefind keeps « l’agent » as one word but splits « l'agent »,
        # which is what people type.
        fragment = search.Indexer.marked_part(output)
        digest = None if fragment is None else search.page_digest(page.url, fragment)
        if self.indexer is not None and fragment is not None:
            self.indexer.add_fragment(page.url, fragment, digest)
        final = self.shared.typeset(output)  # typography of the whole page, as in the PDFs
        if self.reuse is not None:
            links = page.links_to_anchors
            self.reuse.keep(page.file.src_uri, final, fragment, digest, page._title_from_render, page.present_anchor_ids,
                            None if links is None else {target.src_uri: value for target, value in links.items()})
            if self.site is not None and page.file.src_uri in self.reuse.keys:
                self.site.wrote(page.file.dest_uri, self.reuse.output_key(page.file.src_uri))
        return final

    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        return self.shared.typeset(output_content) if template_name.endswith(".html") else output_content

    def on_serve(self, server, config, builder):
        """The preview follows everything the site is made of, not only docs/ (MkDocs' default):
        circles, records and images, vocabularies, the tracking file, the people registry
        (which may live outside the repository) and the kit's templates."""
        watched = {self.settings.competences_dir, self.settings.people_file, Path(config.theme.custom_dir or "")}
        watched = [p for p in watched if str(p) not in ("", ".") and p.exists()]
        for path in sorted(str(p) for p in watched):
            server.watch(path)
        # A saved record's page is rendered alone when nothing else changed.
        roots = [*watched, Path(config.docs_dir), Path(config.config_file_path), *map(Path, config.watch)]
        server.builder = preview.Preview(self, server.builder, roots)
        return server

    def on_build_error(self, error) -> None:
        self.served = None
        if self.prerenderer is not None:
            self.prerenderer.close()
            self.prerenderer = None
        if getattr(self, "indexer", None) is not None:
            self.indexer.close()
            self.indexer = None
        self._stop_index_process()
        if getattr(self, "reuse", None) is not None:
            self.reuse.discard()
        if getattr(self, "site", None) is not None:
            self.site.abandon()
            self.site = None
        if getattr(self, "warnings", None) is not None:
            logging.getLogger(engine.NAME).removeHandler(self.warnings)


def _sections(items):
    for item in items:
        if isinstance(item, Section):
            yield item
            yield from _sections(item.children)


def _nav_outline(items) -> list:
    """What the menu shows: titles, addresses and sections, in order."""
    return [[getattr(item, "title", None), getattr(item, "url", None), _nav_outline(getattr(item, "children", None) or [])]
            for item in items]


def _nav_order(generated: GeneratedPage, corpus) -> tuple:
    circle = corpus.circles.get(generated.key) if generated.kind == "circle" else None
    return (generated.nav_after or "", circle.title if circle else generated.src_uri)
