"""Rules on the file itself: size, encoding, front matter delimiters, file types."""

from __future__ import annotations

from . import ERROR, rule

TOO_BIG = rule(
    code="LG101", name="fichier-trop-gros", severity=ERROR, applies_to="fichier",
    title="Un fichier ne dépasse pas la taille maximale (200 Ko par défaut).",
    message="le fichier pèse {size}, au-delà de la limite de {limit} : découpez-le en plusieurs fiches ou allégez les images.",
    bad="Une fiche de 350 Ko qui colle un règlement entier.",
    good="Une fiche de 8 Ko qui renvoie au règlement par son nom et ses articles.",
)
ENCODING = rule(
    code="LG102", name="encodage", severity=ERROR, applies_to="fichier",
    title="Un fichier est enregistré en UTF-8 (avec ou sans BOM, fins de ligne Windows acceptées).",
    message="cette ligne contient des caractères qui ne sont pas en UTF-8 : enregistrez le fichier en « UTF-8 » dans votre éditeur (menu Enregistrer sous).",
    bad="Un fichier enregistré en « Windows-1252 » ou « ISO-8859-1 » : « café » y devient illisible.",
    good="Le même fichier enregistré en « UTF-8 ».",
)
NO_FRONT_MATTER = rule(
    code="LG103", name="entete-absente", severity=ERROR,
    title="Une fiche ou un cercle commence par un en-tête YAML entre deux lignes « --- ».",
    message="le fichier ne commence pas par un en-tête : ajoutez en première ligne « --- », puis l'en-tête (titre, résumé…), puis une autre ligne « --- ».",
    bad="## Contexte\nJ'ai commencé directement par le texte.",
    good="---\ntitre: Préparer un dossier de consultation\n…\n---\n\n## Contexte",
)
UNCLOSED_FRONT_MATTER = rule(
    code="LG104", name="entete-non-fermee", severity=ERROR,
    title="L'en-tête YAML est fermé par une ligne « --- ».",
    message="l'en-tête ouvert par « --- » à la ligne 1 n'est jamais fermé : ajoutez une ligne « --- » après la dernière clé (par exemple après « visibilite: »).",
    bad="---\ntitre: Préparer un dossier\nvisibilite: publique\n\n## Contexte",
    good="---\ntitre: Préparer un dossier\nvisibilite: publique\n---\n\n## Contexte",
)
UNEXPECTED_FILE = rule(
    code="LG105", name="fichier-inattendu", severity=ERROR, applies_to="fichier",
    title="Le dossier competences/ ne contient que des fiches (.md), des images (.png, .jpg, .gif, .webp) et les référentiels.",
    message="« {name} » n'a pas sa place ici : seuls les fichiers .md et les images .png, .jpg, .jpeg, .gif ou .webp sont publiés ; retirez ce fichier.",
    bad="competences/archives/script.js, competences/archives/schema.svg",
    good="competences/archives/plan-de-classement.png",
)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}
