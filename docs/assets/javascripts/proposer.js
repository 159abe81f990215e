// « Proposer une fiche » : checks the answers, writes the record file, offers to download it
// or to open the forge's « new file » page. Everything happens in the browser.
(function () {
  "use strict";
  var form = document.getElementById("legs-proposer");
  if (!form) return;
  var forge = JSON.parse(form.dataset.forge);
  var limits = JSON.parse(form.dataset.limites);
  var summary = document.getElementById("legs-erreurs");
  var result = document.getElementById("legs-resultat");
  var ID = /^[a-z0-9]+([._-][a-z0-9]+)*$/;
  var FORBIDDEN = [
    [/<\s*[a-zA-Z\/!?]/, "les balises HTML (« < ») ne sont pas acceptées : écrivez en texte simple"],
    [/https?:\/\/|www\./i, "les liens vers d'autres sites ne sont pas acceptés : citez la source en clair"],
    [/\{[{%#]/, "les accolades « {{ » ou « {% » ne sont pas acceptées"],
  ];
  var file = null;

  function value(name) {
    var field = form.elements[name];
    return field ? String(field.value || "").trim() : "";
  }
  function checked(name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]:checked')).map(function (i) { return i.value; });
  }
  function radio(name) { return checked(name)[0] || ""; }
  function slug(title) {
    return title.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "") || "fiche";
  }
  function quote(text) {
    return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, " ") + '"';
  }
  function list(items) { return "[" + items.join(", ") + "]"; }
  function today() { return new Date().toISOString().slice(0, 10); }

  function check() {
    var errors = [];
    function add(id, message) { errors.push({ id: id, message: message }); }
    if (!value("cercle")) add("cercle", "Choisissez le cercle de compétences.");
    var titre = value("titre");
    if (!titre) add("titre", "Écrivez le titre de la fiche.");
    else if (titre.length < limits.titre.minLength || titre.length > limits.titre.maxLength)
      add("titre", "Le titre doit compter entre " + limits.titre.minLength + " et " + limits.titre.maxLength + " caractères.");
    var resume = value("resume");
    if (!resume) add("resume", "Écrivez le résumé en une phrase.");
    else if (resume.length < limits.resume.minLength || resume.length > limits.resume.maxLength)
      add("resume", "Le résumé doit compter entre " + limits.resume.minLength + " et " + limits.resume.maxLength + " caractères.");
    var auteur = value("auteur");
    if (!auteur) add("auteur", "Indiquez votre identifiant.");
    else if (!ID.test(auteur)) add("auteur", "L'identifiant ne contient que des minuscules sans accent, des chiffres, des points ou des tirets (par exemple « cmorel »).");
    if (!value("metier")) add("metier", "Choisissez votre métier.");
    if (!radio("versant")) add("versant", "Choisissez le versant.");
    if (!value("organisation")) add("organisation", "Choisissez votre organisation.");
    var competences = checked("competences");
    if (competences.length < limits.competences.minItems || competences.length > limits.competences.maxItems)
      add("competences", "Cochez de " + limits.competences.minItems + " à " + limits.competences.maxItems + " compétences.");
    if (!checked("types_savoir").length) add("types_savoir", "Cochez au moins une nature de savoir.");
    if (!value("criticite")) add("criticite", "Choisissez la criticité.");
    if (!value("rarete")) add("rarete", "Choisissez la rareté.");
    if (!radio("visibilite")) add("visibilite", "Choisissez la visibilité.");
    var successeurs = value("successeurs").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    if (successeurs.some(function (s) { return !ID.test(s); }))
      add("successeurs", "Les successeurs sont des identifiants séparés par des virgules (par exemple « kleclerc, imarchand »).");
    form.querySelectorAll("textarea[data-section]").forEach(function (area) {
      var text = area.value.trim();
      if (!text) add(area.id, "La section « " + area.dataset.section + " » est vide : écrivez au moins une phrase.");
    });
    ["titre", "resume", "service"].concat(Array.prototype.map.call(form.querySelectorAll("textarea"), function (a) { return a.id; }))
      .forEach(function (id) {
        var text = (form.elements[id] || {}).value || "";
        FORBIDDEN.forEach(function (rule) {
          if (rule[0].test(text)) add(id, "Dans « " + label(id) + " », " + rule[1] + ".");
        });
      });
    return errors;
  }

  function label(id) {
    var element = document.getElementById(id);
    var text = element && element.tagName === "FIELDSET" ? element.querySelector("legend") : form.querySelector('label[for="' + id + '"]');
    return text ? text.textContent.replace(/\s*\((obligatoire|facultatif)\)\s*$/, "") : id;
  }

  function show(errors) {
    form.querySelectorAll(".legs-erreur").forEach(function (slot) { slot.hidden = true; slot.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (field) { field.removeAttribute("aria-invalid"); });
    summary.innerHTML = "";
    if (!errors.length) { summary.hidden = true; return; }
    var title = document.createElement("h2");
    title.textContent = errors.length === 1 ? "Un point est à corriger" : errors.length + " points sont à corriger";
    var items = document.createElement("ul");
    errors.forEach(function (error) {
      var slot = document.getElementById(error.id + "-erreur");
      if (slot) { slot.textContent = (slot.textContent ? slot.textContent + " " : "") + error.message; slot.hidden = false; }
      var field = document.getElementById(error.id);
      if (field) field.setAttribute("aria-invalid", "true");
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + error.id;
      link.textContent = error.message;
      item.appendChild(link);
      items.appendChild(item);
    });
    summary.appendChild(title);
    summary.appendChild(items);
    summary.hidden = false;
    summary.focus();
  }

  function build() {
    var lines = ["---",
      "titre: " + quote(value("titre")),
      "resume: " + quote(value("resume")),
      "auteur: " + value("auteur"),
      "metier: " + value("metier"),
      "versant: " + radio("versant"),
      "organisation: " + value("organisation")];
    if (value("service")) lines.push("service: " + quote(value("service")));
    lines.push("competences: " + list(checked("competences")),
      "types_savoir: " + list(checked("types_savoir")),
      "criticite: " + value("criticite"),
      "rarete: " + quote(value("rarete")),
      "statut: brouillon",
      "date_creation: " + today());
    var successeurs = value("successeurs").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    if (successeurs.length) lines.push("successeurs: " + list(successeurs));
    lines.push("visibilite: " + radio("visibilite"), "---", "");
    form.querySelectorAll("textarea[data-section]").forEach(function (area) {
      lines.push("## " + area.dataset.section, "", area.value.trim().replace(/\r\n/g, "\n"), "");
    });
    return { path: "competences/" + value("cercle") + "/" + slug(value("titre")) + ".md", name: slug(value("titre")) + ".md",
             text: lines.join("\n") };
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var errors = check();
    show(errors);
    if (errors.length) { result.hidden = true; file = null; return; }
    file = build();
    document.getElementById("legs-chemin").textContent = file.path;
    document.getElementById("legs-apercu").textContent = file.text;
    var link = document.getElementById("legs-forge");
    var copy = document.getElementById("legs-copier");
    var explain = document.getElementById("legs-explication");
    link.hidden = copy.hidden = true;
    if (forge.type === "github" || forge.type === "gitea") {
      link.href = forge.url + "/new/" + encodeURIComponent(forge.branche) + "?filename=" + encodeURIComponent(file.path) +
        "&value=" + encodeURIComponent(file.text);
      link.hidden = false;
      explain.textContent = "« Proposer sur la forge » ouvre la page de création de fichier, déjà remplie : il vous reste à " +
        "choisir « Créer une nouvelle branche » et à valider. Votre référent·e recevra la demande de relecture.";
    } else if (forge.type === "gitlab") {
      copy.hidden = false;
      explain.textContent = "GitLab ne sait pas recevoir un fichier déjà rempli : le bouton copie le texte, puis ouvre la " +
        "page de création de fichier du dossier de votre cercle. Nommez le fichier « " + file.name + " » et collez le texte.";
    } else {
      explain.textContent = "Téléchargez le fichier et envoyez-le à votre référent·e, qui le déposera pour vous.";
    }
    result.hidden = false;
    result.focus();
  });

  document.getElementById("legs-telecharger").addEventListener("click", function () {
    if (!file) return;
    var url = URL.createObjectURL(new Blob([file.text], { type: "text/markdown;charset=utf-8" }));
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = file.name;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });

  document.getElementById("legs-copier").addEventListener("click", function () {
    if (!file) return;
    var target = forge.url + "/-/new/" + encodeURIComponent(forge.branche) + "/competences/" + encodeURIComponent(value("cercle"));
    function open() { window.open(target, "_blank", "noopener"); }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(file.text).then(open, fallback);
    } else { fallback(); }
    function fallback() {
      var area = document.createElement("textarea");
      area.value = file.text;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
      open();
    }
  });
})();
