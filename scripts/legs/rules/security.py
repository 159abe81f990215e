"""Rules that keep contributed pages harmless: no HTML, no script, nothing from elsewhere."""

from __future__ import annotations

from typing import Iterator

from .. import links
from ..problems import Problem
from . import ERROR, WARNING, rule

RAW_HTML = rule(
    code="LG501", name="html-interdit", severity=ERROR, applies_to="fiche, cercle",
    title="Le texte ne contient pas de HTML brut (balises < >).",
    message="la balise « {snippet} » n'est pas acceptée : écrivez en Markdown (**gras**, listes, tableaux) ; pour montrer un chevron, mettez-le entre accents graves `<`.",
    bad="Pensez à <b>signer</b> le registre.<br>",
    good="Pensez à **signer** le registre.",
)
DANGEROUS_LINK = rule(
    code="LG502", name="lien-dangereux", severity=ERROR, applies_to="fiche, cercle",
    title="Aucun lien « javascript: », « data: » ou « vbscript: ».",
    message="ce lien « {url} » pourrait exécuter du code : supprimez-le ; un lien mène à une autre page du site.",
    bad="[Cliquez ici](javascript:alert(1))",
    good="[La fiche sur le tri](tri-des-dossiers.md)",
)
EXTERNAL_LINK = rule(
    code="LG503", name="lien-externe", severity=ERROR, applies_to="fiche, cercle",
    title="Aucun lien vers un autre site : le site doit fonctionner sur un intranet coupé d'internet.",
    message="le lien « {url} » mène hors du site : citez la source en clair (par exemple « Code du patrimoine, article L213-2 ») ou joignez le document au dossier du cercle.",
    bad="[Code de la commande publique](https://www.legifrance.gouv.fr/…)",
    good="Code de la commande publique, articles R2152-1 à R2152-5",
)
OUTSIDE_LINK = rule(
    code="LG504", name="lien-hors-site", severity=ERROR, applies_to="fiche, cercle",
    title="Les liens relatifs restent à l'intérieur du site et ne commencent pas par « / ».",
    message="le lien « {url} » sort du site ou commence par « / » : écrivez un chemin relatif vers une page du site, par exemple « ../archives/index.md ».",
    bad="[Le règlement](../../../etc/passwd) ou [Accueil](/index.md)",
    good="[Le cercle Archives](../archives/index.md)",
)
EXTERNAL_IMAGE = rule(
    code="LG505", name="image-externe", severity=ERROR, applies_to="fiche, cercle",
    title="Les images sont dans le dépôt, jamais chargées depuis un autre site.",
    message="l'image « {url} » vient d'un autre site : enregistrez-la dans le dossier du cercle et écrivez ![description](nom-du-fichier.png).",
    bad="![Plan](https://exemple.fr/plan.png)",
    good="![Plan de classement du service](plan-de-classement.png)",
)
RENDER_MACROS = rule(
    code="LG506", name="render-macros-interdit", severity=ERROR, applies_to="fiche, cercle",
    title="L'en-tête ne contient pas la clé « render_macros » : une fiche n'est jamais interprétée comme un gabarit.",
    message="la clé « render_macros » n'est pas permise dans une fiche ou un cercle : supprimez cette ligne.",
    bad="render_macros: true",
    good="(pas de ligne render_macros)",
)
TEMPLATE_SYNTAX = rule(
    code="LG507", name="syntaxe-gabarit", severity=WARNING, applies_to="fiche, cercle",
    title="Le texte ne contient pas de syntaxe de gabarit (« {{ », « {% »), qui serait affichée telle quelle.",
    message="« {{{{ » ou « {{% » sera affiché tel quel, sans être interprété : retirez-le si ce n'était pas voulu.",
    bad="Le montant est {{ montant }} euros.",
    good="Le montant est de 40 000 euros hors taxes.",
)


def check_body(ctx, rel: str, src_uri: str, scan) -> Iterator[Problem]:
    for line, snippet in scan.html:
        yield RAW_HTML.at(rel, line, snippet=snippet)
    for link in scan.links:
        target = links.classify(link.url, src_uri)
        if target.kind == "dangerous":
            yield DANGEROUS_LINK.at(rel, link.line, url=link.url[:60])
        elif target.kind == "external":
            yield (EXTERNAL_IMAGE if link.image else EXTERNAL_LINK).at(rel, link.line, url=link.url[:80])
        elif target.kind in ("outside", "absolute"):
            yield OUTSIDE_LINK.at(rel, link.line, url=link.url[:80])
    for line in scan.templates:
        yield TEMPLATE_SYNTAX.at(rel, line)
