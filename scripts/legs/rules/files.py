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

# Names: circle folders, record and image stems follow paths.SLUG (README, CONTRIBUTING).
SYMLINK = rule(
    code="LG106", name="lien-symbolique", severity=ERROR, applies_to="fichier",
    title="Le kit ne lit que des fichiers ordinaires du dépôt : aucun lien symbolique dans competences/ ni dans docs/.",
    message="« {name} » est un lien symbolique : le kit ne lit que des fichiers ordinaires du dépôt ; remplacez le lien par le fichier lui-même, ou retirez-le.",
    bad="competences/archives/plan.png -> /etc/passwd\ndocs/secret.txt -> /proc/self/environ",
    good="competences/archives/plan.png (le fichier lui-même, ajouté au dépôt)",
)
SPECIAL_FILE = rule(
    code="LG107", name="fichier-special", severity=ERROR, applies_to="fichier",
    title="Le dépôt ne contient, dans competences/ et docs/, que des fichiers ordinaires et des dossiers.",
    message="« {name} » n'est pas un fichier ordinaire (tube nommé, périphérique ou socket) : retirez-le du dépôt.",
    bad="competences/archives/tube (créé par « mkfifo »)",
    good="competences/archives/trier-les-dossiers.md",
)
FOLDER_NAMED_LIKE_FILE = rule(
    code="LG108", name="dossier-nom-de-fichier", severity=ERROR, applies_to="fichier",
    title="Un dossier ne porte pas le nom d'un fichier (.md, .yml, image).",
    message="« {name} » est un dossier, alors qu'un fichier est attendu sous ce nom : retirez ce dossier, ou renommez-le « {suggestion} ».",
    bad="competences/archives/fiche.md/ (un dossier)",
    good="competences/archives/fiche.md (un fichier)",
)
BAD_NAME = rule(
    code="LG109", name="nom-non-conforme", severity=ERROR, applies_to="fichier",
    title="Les dossiers des cercles, les fiches et les images sont nommés en minuscules sans accent, chiffres et tirets (modèle ^[a-z0-9]+(-[a-z0-9]+)*$).",
    message="le nom « {name} » ne suit pas le modèle des noms (minuscules sans accent, chiffres, mots séparés par un seul tiret) : renommez-le « {suggestion} ».",
    bad="competences/archives/Fiche Été.md\ncompetences/Commande_Publique/",
    good="competences/archives/fiche-ete.md\ncompetences/commande-publique/",
)
SUBFOLDER = rule(
    code="LG110", name="sous-dossier", severity=ERROR, applies_to="fichier",
    title="Le dossier d'un cercle ne contient pas de sous-dossier : fiches et images sont placées directement dedans.",
    message="« {name} » est un sous-dossier du cercle : le site ne publie que les fichiers placés directement dans « {circle} » ; déplacez-y ses fichiers et retirez le sous-dossier.",
    bad="competences/archives/images/plan.png",
    good="competences/archives/plan.png",
)
OUTSIDE_REPOSITORY = rule(
    code="LG111", name="hors-du-depot", severity=ERROR, applies_to="fichier",
    title="Les fichiers vérifiés et publiés sont dans le dépôt.",
    message="« {name} » est en dehors du dépôt : le kit ne lit que les fichiers du dépôt ; placez la fiche dans le dossier de son cercle, sous competences/.",
    bad="legs valider /tmp/fiche.md",
    good="legs valider competences/archives/fiche.md",
)
