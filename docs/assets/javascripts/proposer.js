// « Proposer une fiche » : checks the answers with the validator's rules (exported at build
// time into #legs-regles, nothing hard-coded here), writes the record file, keeps a draft in
// the browser, reopens an existing record. Everything happens in the browser.
// States for tests and styles: form[data-etat] = vide | erreurs | prete,
// form[data-brouillon] = aucun | enregistre | restaure | efface | indisponible,
// form[data-reprise] = faite | refusee, form[data-pret] once the script runs.
(function () {
  "use strict";
  var form = document.getElementById("legs-proposer");
  var rulesElement = document.getElementById("legs-regles");
  if (!form || !rulesElement) return;
  var rules = JSON.parse(rulesElement.textContent);
  var forge = JSON.parse(form.dataset.forge);
  var FIELDS = rules.champs;
  var M = rules.motifs;
  var RE = {
    html: new RegExp(M.html), template: new RegExp(M.gabarit), scheme: new RegExp(M.schema),
    invisible: new RegExp(M.invisibles, "g"), suspect: new RegExp(M.suspects), atx: new RegExp(M.titre),
    fence: new RegExp(M.clotures), code: new RegExp(M.code, "g"),
    links: M.liens.map(function (p) { return new RegExp(p, "gm"); })
  };
  var LISTS = { competences: true, types_savoir: true, successeurs: true };
  var CHOICES = { versant: "radio", visibilite: "radio", competences: "checkbox", types_savoir: "checkbox" };
  var MISSING = {
    cercle: "Choisissez le cercle de compétences.", titre: "Écrivez le titre de la fiche.",
    resume: "Écrivez le résumé en une phrase.", auteur: "Indiquez votre identifiant.", metier: "Choisissez votre métier.",
    versant: "Choisissez le versant.", organisation: "Choisissez votre organisation.",
    competences: "Cochez au moins une compétence.", types_savoir: "Cochez au moins une nature de savoir.",
    criticite: "Choisissez la criticité.", rarete: "Choisissez la rareté.", visibilite: "Choisissez la visibilité.",
    date_creation: "Indiquez la date de création (AAAA-MM-JJ)."
  };
  var STORE = "legs-proposer:" + location.pathname;
  var MAX_FILE = 1000000;
  var summary = document.getElementById("legs-erreurs");
  var result = document.getElementById("legs-resultat");
  var file = null;

  // --- Reading and filling the form -----------------------------------------------------

  function areas() { return Array.prototype.slice.call(form.querySelectorAll("textarea[data-section]")); }
  function chosen(name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]:checked')).map(function (i) { return i.value; });
  }
  function raw(name) {
    if (CHOICES[name]) return CHOICES[name] === "radio" ? (chosen(name)[0] || "") : chosen(name);
    var field = form.elements[name];
    var text = field ? String(field.value || "").trim() : "";
    if (!LISTS[name]) return text;
    return text.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
  }
  function readForm() {
    var meta = {};
    Object.keys(FIELDS).forEach(function (key) { meta[key] = raw(key); });
    return { cercle: raw("cercle"), meta: meta, sections: areas().map(function (a) { return a.value.replace(/\r\n?/g, "\n"); }),
             autres: form.elements.autres.value };
  }

  // A value a reopened record holds but the lists do not offer is added, marked, and kept.
  function ensureChoice(name, value) {
    var field = form.elements[name];
    if (CHOICES[name]) {
      var existing = Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]'))
        .filter(function (i) { return i.value === value; })[0];
      if (existing) return existing;
      var group = document.getElementById(name);
      var id = name + "-autre-" + group.querySelectorAll("input").length;
      var box = document.createElement("div");
      box.className = "legs-choix";
      var input = document.createElement("input");
      input.type = CHOICES[name]; input.name = name; input.id = id; input.value = value;
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = value + " (valeur inconnue de la liste)";
      box.appendChild(input); box.appendChild(label);
      group.appendChild(box);
      return input;
    }
    if (field && field.tagName === "SELECT" && value && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value + " (valeur inconnue de la liste)";
      field.appendChild(option);
    }
    return field;
  }
  function setValue(name, value) {
    if (CHOICES[name]) {
      form.querySelectorAll('input[name="' + name + '"]').forEach(function (i) { i.checked = false; });
      [].concat(value || []).forEach(function (v) { ensureChoice(name, String(v)).checked = true; });
      return;
    }
    var field = ensureChoice(name, Array.isArray(value) ? "" : String(value || ""));
    if (field) field.value = Array.isArray(value) ? value.join(", ") : String(value || "");
  }
  function fill(record) {
    setValue("cercle", record.cercle || "");
    Object.keys(FIELDS).forEach(function (key) { setValue(key, key in record.meta ? record.meta[key] : ""); });
    areas().forEach(function (area, i) { area.value = record.sections[i] || ""; });
    setLeftover(record.autres || "");
  }
  function setLeftover(text) {
    form.elements.autres.value = text;
    document.getElementById("autres-bloc").hidden = !text.trim();
  }

  // --- The rules ------------------------------------------------------------------------

  function label(id) {
    var element = document.getElementById(id);
    var text = element && element.tagName === "FIELDSET" ? element.querySelector("legend") : form.querySelector('label[for="' + id + '"]');
    return text ? text.textContent.replace(/\s*\((obligatoire|facultatif)\)\s*$/, "") : id;
  }
  // French typography, as the build applies it to the pages (legs.text.french): the script's own
  // messages get the same narrow no-break spaces and apostrophes.
  function typo(text) {
    return text.replace(/(\p{L})'(?=\p{L})/gu, "$1\u2019").replace(/[ \u00a0]+([;:!?»])/g, "\u202f$1").replace(/«[ \u00a0]*/g, "«\u202f");
  }
  function length(text) { return Array.from(text).length; } // JSON Schema counts characters, not UTF-16 units
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function checkDate(value, add) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    var day = parts && new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3]));
    if (!parts || !new RegExp(FIELDS.date_creation.pattern).test(value))
      add("« " + value + " » n'est pas une date au format AAAA-MM-JJ (par exemple 2026-03-12).");
    else if (day.getUTCFullYear() !== +parts[1] || day.getUTCMonth() !== +parts[2] - 1 || day.getUTCDate() !== +parts[3])
      add("la date « " + value + " » n'existe pas : écrivez une date réelle au format AAAA-MM-JJ.");
    else if (value > today()) add("la date « " + value + " » est dans le futur.");
  }
  function checkScalar(key, value, spec, add) {
    if (spec.enum && spec.enum.indexOf(value) < 0)
      return add("« " + value + " » n'est pas une valeur possible : choisissez dans la liste.");
    if (key === "date_creation") return checkDate(value, add);
    if (spec.pattern && !new RegExp(spec.pattern).test(value))
      return add("« " + value + " » n'a pas la forme d'un identifiant : des minuscules sans accent, des chiffres, " +
                 (spec.pattern.indexOf("._-") >= 0 ? "des points ou des tirets (par exemple « cmorel »)." : "des tirets."));
    if (spec.minLength && length(value) < spec.minLength || spec.maxLength && length(value) > spec.maxLength)
      add("le texte doit compter entre " + (spec.minLength || 1) + " et " + spec.maxLength + " caractères (il en compte " + length(value) + ").");
  }
  function checkField(key, value, add) {
    var spec = FIELDS[key];
    var empty = Array.isArray(value) ? !value.length : !value;
    if (empty) { if (spec.requis) add(null, MISSING[key] || "Remplissez « " + label(key) + " »."); return; }
    function say(message) { add(null, "« " + label(key) + " » : " + message); }
    if (spec.type !== "array") return checkScalar(key, value, spec, say);
    if (spec.minItems && value.length < spec.minItems || spec.maxItems && value.length > spec.maxItems)
      say(spec.maxItems ? "choisissez de " + (spec.minItems || 0) + " à " + spec.maxItems + " éléments (" + value.length + " choisis)."
                        : "choisissez au moins " + spec.minItems + " élément.");
    value.forEach(function (item, i) {
      if (value.indexOf(item) !== i) say("« " + item + " » est répété : gardez-le une seule fois.");
      else checkScalar(key, item, spec.items || {}, say);
    });
  }

  // Code (fenced blocks, code spans) is shown as is: the validator looks for HTML, links and
  // templates outside it only.
  function prose(text) {
    var fence = null;
    return text.split("\n").map(function (line) {
      var opening = RE.fence.exec(line);
      if (fence) { if (opening && opening[1][0] === fence[0] && opening[1].length >= fence.length) fence = null; return ""; }
      if (opening) { fence = opening[1]; return ""; }
      return line.indexOf("`") >= 0 ? line.replace(RE.code, function (m) { return " ".repeat(m.length); }) : line;
    }).join("\n");
  }
  function unescapeHtml(text) {
    var area = document.createElement("textarea"); // never attached: its content is only text
    area.innerHTML = text;
    return area.value;
  }
  function normpath(path) {
    var out = [];
    path.split("/").forEach(function (part) {
      if (part === "" || part === ".") return;
      if (part === ".." && out.length && out[out.length - 1] !== "..") out.pop();
      else out.push(part);
    });
    return out.join("/") || ".";
  }
  function linkProblem(url, base) {
    var clean = unescapeHtml(url).replace(RE.invisible, "");
    var scheme = RE.scheme.exec(clean);
    if (scheme) {
      return rules.schemas_dangereux.indexOf(scheme[1].toLowerCase()) >= 0
        ? "le lien « " + url + " » pourrait exécuter du code : supprimez-le"
        : "le lien « " + url + " » mène hors du site : citez la source en clair (par exemple « Code du patrimoine, article L213-2 »)";
    }
    if (/^(\/\/|\\\\|\/\\|\\\/)/.test(clean)) return "le lien « " + url + " » mène hors du site : citez la source en clair";
    if (/^[\/\\]/.test(clean)) return "le lien « " + url + " » commence par « / » : écrivez un chemin relatif vers une page du site";
    var path = clean.split("#")[0].split("?")[0];
    if (!path) return null;
    var decoded;
    try { decoded = decodeURIComponent(path); } catch (e) { decoded = path; }
    var joined = normpath(base.replace(/[^\/]*$/, "") + decoded.replace(/\\/g, "/"));
    if (joined === ".." || joined.indexOf("../") === 0) return "le lien « " + url + " » sort du site : écrivez un chemin vers une page du site";
    if (rules.pages.indexOf(joined) < 0) return "« " + url + " » ne mène à aucune page du site : vérifiez le nom du fichier et le dossier";
    return null;
  }
  function checkText(text, base, add) {
    var suspect = RE.suspect.exec(text.replace(/\t/g, " "));
    if (suspect) add("le caractère invisible ou de contrôle U+" + suspect[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") +
                     " n'est pas accepté : retapez le mot qui le contient.");
    var plain = prose(text);
    var tag = RE.html.exec(plain);
    if (tag) add("les balises HTML (« < ») ne sont pas acceptées : écrivez en texte simple (code " + rules.codes.html + ").");
    if (RE.template.test(plain)) add("les accolades « {{ », « {% » ou « {# » ne sont pas acceptées : elles seraient affichées telles quelles (code " + rules.codes.gabarit + ").");
    RE.links.forEach(function (pattern, index) {
      pattern.lastIndex = 0;
      var found;
      while ((found = pattern.exec(plain)) !== null) {
        if (found[0] === "") { pattern.lastIndex++; continue; }
        var problem = linkProblem(index === 3 ? "mailto:" + found[1] : found[1], base);
        if (problem) add(problem + ".");
      }
    });
  }
  function checkHeadings(text, add) {
    var fence = null;
    text.split("\n").forEach(function (line) {
      var opening = RE.fence.exec(line);
      if (fence) { if (opening && opening[1][0] === fence[0] && opening[1].length >= fence.length) fence = null; return; }
      if (opening) { fence = opening[1]; return; }
      var heading = RE.atx.exec(line);
      if (heading && heading[1].length <= 2)
        add("le titre « " + line.trim() + " » ferait une nouvelle section ou un titre de page : écrivez « ### » pour un sous-titre.");
    });
  }
  function filled(text) {
    var fence = null;
    return text.split("\n").some(function (line) {
      var opening = RE.fence.exec(line);
      if (fence || opening) { if (fence && opening && opening[1][0] === fence[0] && opening[1].length >= fence.length) fence = null; else if (!fence) fence = opening[1]; return true; }
      return line.trim() && !/^ {0,3}#{1,6}(\s|$)/.test(line);
    });
  }

  function check(record) {
    var errors = [];
    function adder(id, empty) { return function (message) { errors.push({ id: id, message: typo(message), vide: !!empty }); }; }
    if (!record.cercle) adder("cercle", true)(MISSING.cercle);
    else if (rules.cercles.indexOf(record.cercle) < 0) adder("cercle")("« " + record.cercle + " » n'est pas un cercle du site : choisissez dans la liste.");
    var base = "competences/" + (record.cercle || "cercle") + "/" + slug(record.meta.titre || "") + ".md";
    Object.keys(FIELDS).forEach(function (key) {
      var value = record.meta[key];
      checkField(key, value, function (_, message) { adder(key, Array.isArray(value) ? !value.length : !value)(message); });
      if (typeof record.meta[key] === "string" && record.meta[key])
        checkText(record.meta[key], base, function (message) { adder(key)("Dans « " + label(key) + " », " + message); });
    });
    areas().forEach(function (area, i) {
      var text = record.sections[i] || "";
      var add = adder(area.id);
      if (!filled(text)) adder(area.id, !text.trim())("La section « " + area.dataset.section + " » est vide : écrivez au moins une phrase (" + rules.aides[area.dataset.section] + ").");
      checkHeadings(text, function (m) { add("Dans « " + area.dataset.section + " », " + m); });
      checkText(text, base, function (m) { add("Dans « " + area.dataset.section + " », " + m); });
    });
    if (record.autres.trim())
      adder("autres")("Le « Texte à replacer » n'est pas vide : déplacez ce texte dans la bonne section, puis videz cette zone.");
    return errors;
  }

  // --- Showing errors, building the file ------------------------------------------------

  function showErrors(errors, heading) {
    form.querySelectorAll(".legs-erreur").forEach(function (slot) { slot.hidden = true; slot.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (field) { field.removeAttribute("aria-invalid"); });
    summary.innerHTML = "";
    if (!errors.length) { summary.hidden = true; return; }
    var title = document.createElement("h2");
    title.textContent = heading || (errors.length === 1 ? "Un point est à corriger" : errors.length + " points sont à corriger");
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

  function slug(title) {
    return title.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "") || "fiche";
  }
  // A YAML double-quoted scalar (JSON's escapes are YAML's), on one line.
  function quote(text) { return JSON.stringify(text.replace(/\s*\n\s*/g, " ")); }
  // Identifiers and list values stay plain, as contributors write them; anything else is quoted.
  function yamlValue(key, value) {
    function one(v) { return /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u.test(v) ? v : quote(v); }
    if (Array.isArray(value)) return "[" + value.map(one).join(", ") + "]";
    return ["titre", "resume", "service"].indexOf(key) >= 0 ? quote(value) : one(value);
  }
  function build(record) {
    var lines = ["---"];
    rules.ordre.forEach(function (key) {
      if (key === "statut") { lines.push("statut: brouillon"); return; }
      var value = record.meta[key];
      if (!FIELDS[key] || !value || (Array.isArray(value) && !value.length)) return;
      lines.push(key + ": " + yamlValue(key, value));
    });
    lines.push("---", "");
    rules.sections.forEach(function (title, i) { lines.push("## " + title, "", (record.sections[i] || "").trim(), ""); });
    var name = slug(record.meta.titre || "") + ".md";
    return { path: "competences/" + record.cercle + "/" + name, name: name, text: lines.join("\n") };
  }

  function state(name) { form.dataset.etat = name; }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var record = readForm();
    var errors = check(record);
    showErrors(errors);
    if (errors.length) { result.hidden = true; file = null; state("erreurs"); return; }
    file = build(record);
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
      explain.textContent = typo("« Proposer sur la forge » ouvre la page de création de fichier, déjà remplie : il vous reste à " +
        "choisir « Créer une nouvelle branche » et à valider. La personne référente du cercle recevra la demande de relecture.");
    } else if (forge.type === "gitlab") {
      copy.hidden = false;
      explain.textContent = typo("GitLab ne sait pas recevoir un fichier déjà rempli : le bouton copie le texte, puis ouvre la " +
        "page de création de fichier du dossier de votre cercle. Nommez le fichier « " + file.name + " » et collez le texte.");
    } else {
      explain.textContent = typo("Téléchargez le fichier et envoyez-le à la personne référente de votre cercle, qui le déposera pour vous.");
    }
    result.hidden = false;
    state("prete");
    result.focus();
  });

  // --- Reopening a record ---------------------------------------------------------------

  function unquote(value) {
    value = value.trim();
    if (/^".*"$/.test(value)) { try { return JSON.parse(value); } catch (e) { return null; } }
    if (/^'.*'$/.test(value)) return value.slice(1, -1).replace(/''/g, "'");
    if (/^[\[{&*!|>%@`]/.test(value)) return null;
    return value.replace(/\s+#.*$/, "");
  }
  function flowList(value) {
    var inner = value.trim().slice(1, -1).trim();
    if (!inner) return [];
    var items = inner.split(",").map(unquote);
    return items.some(function (i) { return i === null; }) ? null : items;
  }
  // The front matter the kit writes (key: value, flow or block lists, quoted or folded texts).
  // Whatever else is not guessed at: it goes to « Texte à replacer », with a message.
  function parseFront(lines, out) {
    var i = 0;
    while (i < lines.length) {
      var line = lines[i];
      var match = /^([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$/.exec(line);
      var start = i;
      i++;
      if (!line.trim()) continue;
      if (/^\s*#/.test(line)) { out.comments++; continue; }
      var block = [];
      while (i < lines.length && (/^\s+\S/.test(lines[i]) || (!lines[i].trim() && i + 1 < lines.length && /^\s+\S/.test(lines[i + 1])))) block.push(lines[i++]);
      var original = lines.slice(start, i).join("\n");
      if (!match) { out.leftover(original, "la ligne d'en-tête « " + line.trim().slice(0, 60) + " » n'est pas de la forme « clé: valeur »"); continue; }
      var key = match[1], text = (match[2] || "").trim(), value;
      if (!text && block.length && block.every(function (b) { return /^\s+-\s/.test(b) || !b.trim(); }))
        value = block.filter(function (b) { return b.trim(); }).map(function (b) { return unquote(b.replace(/^\s+-\s+/, "")); });
      else if (/^[>|][-+]?$/.test(text)) value = block.map(function (b) { return b.trim(); }).join(text[0] === ">" ? " " : "\n").trim();
      else if (/^\[.*\]$/.test(text) && !block.length) value = flowList(text);
      else if (!block.length || !/^["']/.test(text)) value = unquote([text].concat(block.map(function (b) { return b.trim(); })).join(" "));
      else value = unquote([text].concat(block.map(function (b) { return b.trim(); })).join(" "));
      if (value === null || (Array.isArray(value) && value.some(function (v) { return v === null; }))) {
        out.leftover(original, "la valeur de « " + key + " » n'a pas pu être lue : recopiez-la dans le champ");
      } else if (key in out.meta || key in out.seenReview) {
        out.leftover(original, "la clé « " + key + " » apparaît deux fois");
      } else if (FIELDS[key]) {
        out.meta[key] = LISTS[key] && !Array.isArray(value) ? String(value).split(",").map(function (s) { return s.trim(); }).filter(Boolean) : value;
      } else if (rules.revue.indexOf(key) >= 0) {
        out.seenReview[key] = value;
      } else {
        out.leftover(original, "la clé « " + key + " » n'est pas prévue dans une fiche");
      }
    }
  }
  function sectionOf(title) {
    function fold(t) { return t.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).join(" "); }
    function singular(t) { return fold(t).split(" ").map(function (w) { return w.replace(/s+$/, ""); }).join(" "); }
    var exact = title.replace(/\s+/g, " ").trim().replace(/:$/, "").trim().toLowerCase();
    var folded = fold(title);
    for (var i = 0; i < rules.sections.length; i++) if (rules.sections[i].toLowerCase() === exact) return { section: rules.sections[i], exact: true };
    if (rules.alias[folded]) return { section: rules.alias[folded], exact: false };
    for (var j = 0; j < rules.sections.length; j++) if (singular(rules.sections[j]) === singular(title)) return { section: rules.sections[j], exact: false };
    return null;
  }
  function parseRecord(text) {
    var out = { cercle: "", meta: {}, sections: [], autres: [], problems: [], seenReview: {}, comments: 0 };
    out.leftover = function (original, why) { out.autres.push(original); out.problems.push(why); };
    var lines = text.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n").split("\n");
    var body = lines;
    if (lines[0].trim() === "---") {
      var end = lines.indexOf("---", 1);
      if (end < 0) end = lines.indexOf("...", 1);
      if (end < 0) { out.problems.push("l'en-tête commence par « --- » mais ne se termine pas par une ligne « --- »"); end = 0; }
      else { parseFront(lines.slice(1, end), out); body = lines.slice(end + 1); }
    } else {
      out.problems.push("le texte ne commence pas par un en-tête « --- » : seules les sections ont été reprises");
    }
    var current = null, seen = [], fence = null, texts = {};
    body.forEach(function (line) {
      var opening = RE.fence.exec(line);
      var heading = !fence && !opening && RE.atx.exec(line);
      if (opening) fence = fence ? (opening[1][0] === fence[0] && opening[1].length >= fence.length ? null : fence) : opening[1];
      if (heading && heading[1].length <= 2) {
        var title = (heading[2] || "").trim();
        var found = heading[1].length === 2 && sectionOf(title);
        if (!found) {
          current = { leftover: [line] };
          out.autres.push(current.leftover);
          out.problems.push(heading[1].length === 1
            ? "le titre « " + line.trim() + " » ferait un second titre de page : le titre vient du champ « Titre »"
            : "« ## " + title + " » n'est pas une section de fiche : les sections sont " + rules.sections.join(", "));
          return;
        }
        if (!found.exact) out.problems.push("le titre « ## " + title + " » désigne la section « " + found.section + " » : son texte y a été placé");
        if (seen.indexOf(found.section) >= 0) out.problems.push("la section « " + found.section + " » apparaissait deux fois : les deux textes ont été regroupés");
        else if (seen.length && rules.sections.indexOf(found.section) < rules.sections.indexOf(seen[seen.length - 1]))
          out.problems.push("la section « " + found.section + " » était placée après « " + seen[seen.length - 1] + " » : les sections ont été remises dans l'ordre");
        seen.push(found.section);
        current = { section: found.section };
        texts[found.section] = texts[found.section] ? texts[found.section] + "\n\n" : "";
        return;
      }
      if (current && current.leftover) current.leftover.push(line);
      else if (current) texts[current.section] += line + "\n";
      else if (line.trim()) { current = { leftover: [line] }; out.autres.push(current.leftover); out.problems.push("du texte précède la première section"); }
    });
    out.sections = rules.sections.map(function (s) { return (texts[s] || "").trim(); });
    rules.sections.forEach(function (s) { if (seen.indexOf(s) < 0) out.problems.push("la section « " + s + " » manque dans la fiche reprise"); });
    out.autres = out.autres.map(function (part) { return Array.isArray(part) ? part.join("\n").trim() : part; }).join("\n\n").trim();
    if (out.comments) out.problems.push(out.comments === 1 ? "une ligne de commentaire (« # ») de l'en-tête n'a pas été reprise"
                                        : out.comments + " lignes de commentaire (« # ») de l'en-tête n'ont pas été reprises");
    if (out.seenReview.statut && out.seenReview.statut !== "brouillon")
      out.problems.push("la fiche était au statut « " + out.seenReview.statut + " » : le fichier produit sera au statut « brouillon », pour une nouvelle relecture" +
                        (out.seenReview.relecteur || out.seenReview.date_relecture ? " (sans relecteur ni date de relecture)" : ""));
    return out;
  }

  var reopenReport = document.getElementById("legs-reprise-bilan");
  function report(title, items, refused) {
    reopenReport.innerHTML = "";
    var p = document.createElement("p");
    p.textContent = typo(title);
    reopenReport.appendChild(p);
    if (items.length) {
      var list = document.createElement("ul");
      items.forEach(function (text) { var li = document.createElement("li"); li.textContent = typo(text.charAt(0).toUpperCase() + text.slice(1) + "."); list.appendChild(li); });
      reopenReport.appendChild(list);
    }
    form.dataset.reprise = refused ? "refusee" : "faite";
    reopenReport.focus();
  }
  // Reopening replaces the fields: what they held is kept until the next reopening, one click away.
  var before = null;
  var undo = document.getElementById("legs-reprise-annuler");
  function hasContent() {
    return areas().some(function (a) { return a.value.trim(); }) || !!raw("titre") || !!raw("resume");
  }
  undo.addEventListener("click", function () {
    if (!before) return;
    apply(before);
    before = null;
    undo.parentNode.hidden = true;
    save();
    report("Le formulaire a retrouvé le texte d'avant la reprise.", [], false);
  });
  function reopen(text) {
    if (!/^\s*---\s*\n/.test(text.replace(/\r\n?/g, "\n")) && !/^\s*#{1,2}\s/m.test(text)) {
      report("Ce texte ne ressemble pas à une fiche (ni en-tête « --- », ni titre « ## ») : le formulaire n'a pas été modifié.", [], true);
      return;
    }
    var record = parseRecord(text);
    record.cercle = raw("cercle");
    before = hasContent() ? snapshot() : null;
    fill(record);
    save();
    var errors = check(readForm());
    showErrors([]);
    state("vide");
    result.hidden = true;
    // What the record holds that is wrong; fields it leaves empty are only counted.
    var empty = errors.filter(function (e) { return e.vide; }).length;
    var items = record.problems.concat(errors.filter(function (e) { return !e.vide; }).map(function (e) { return e.message.replace(/\.$/, ""); }));
    if (empty) items.push(empty === 1 ? "un champ reste à remplir" : empty + " champs restent à remplir");
    report(items.length ? "Le formulaire a été rempli avec la fiche. " + items.length + (items.length === 1 ? " point est à revoir :" : " points sont à revoir :")
                        : "Le formulaire a été rempli avec la fiche : vérifiez-la, puis produisez le fichier.", items, false);
    form.dataset.reprisePoints = String(items.length);
    undo.parentNode.hidden = !before;
  }
  document.getElementById("legs-reprise-bouton").addEventListener("click", function () {
    reopen(document.getElementById("legs-reprise-texte").value);
  });
  document.getElementById("legs-reprise-fichier").addEventListener("change", function (event) {
    var chosenFile = event.target.files && event.target.files[0];
    if (!chosenFile) return;
    if (chosenFile.size > MAX_FILE) { report("Ce fichier est trop gros pour une fiche (plus d'un million de caractères) : le formulaire n'a pas été modifié.", [], true); return; }
    var reader = new FileReader();
    reader.onload = function () {
      document.getElementById("legs-reprise-texte").value = String(reader.result);
      reopen(String(reader.result));
    };
    reader.onerror = function () { report("Le fichier n'a pas pu être lu : enregistrez-le en texte (UTF-8) et réessayez.", [], true); };
    reader.readAsText(chosenFile, "utf-8");
  });

  // --- The draft, kept in this browser as it is typed -----------------------------------

  var draftBox = document.getElementById("legs-brouillon");
  var draftText = document.getElementById("legs-brouillon-texte");
  function snapshot() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.id && (el.tagName === "TEXTAREA" || el.tagName === "SELECT" || (el.tagName === "INPUT" && el.type === "text"))) values[el.id] = el.value;
    });
    var choices = {};
    Object.keys(CHOICES).forEach(function (name) { choices[name] = chosen(name); });
    return { version: 1, date: new Date().toISOString(), cercle: raw("cercle"), valeurs: values, choix: choices };
  }
  function save() {
    try {
      localStorage.setItem(STORE, JSON.stringify(snapshot()));
      form.dataset.brouillon = "enregistre";
    } catch (e) {
      form.dataset.brouillon = "indisponible";
      draftText.textContent = typo("Votre navigateur n'enregistre pas de brouillon : gardez une copie de vos textes ailleurs avant de quitter la page.");
      draftBox.querySelector("button").parentNode.hidden = true;
      draftBox.hidden = false;
    }
  }
  function apply(stored) {
    Object.keys(stored.valeurs).forEach(function (id) {
      var el = document.getElementById(id);
      if (!el || !form.contains(el)) return;
      if (el.tagName === "SELECT") ensureChoice(el.name, String(stored.valeurs[id]));
      el.value = String(stored.valeurs[id]);
    });
    Object.keys(CHOICES).forEach(function (name) { setValue(name, (stored.choix || {})[name] || []); });
    setLeftover(form.elements.autres.value);
  }
  function restore() {
    var stored;
    try { stored = JSON.parse(localStorage.getItem(STORE) || "null"); } catch (e) { stored = null; }
    if (!stored || stored.version !== 1 || typeof stored.valeurs !== "object") return false;
    apply(stored);
    var when = new Date(stored.date);
    draftText.textContent = typo("Votre brouillon " + (isNaN(when) ? "" : "du " + when.toLocaleDateString("fr-FR") + " à " +
      when.toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" }) + " ") +
      "a été rétabli : il est enregistré dans ce navigateur seulement, à mesure que vous écrivez.");
    draftBox.hidden = false;
    form.dataset.brouillon = "restaure";
    return true;
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  document.getElementById("legs-brouillon-effacer").addEventListener("click", function () {
    try { localStorage.removeItem(STORE); } catch (e) { /* nothing stored */ }
    form.reset();
    setLeftover("");
    form.elements.date_creation.value = today();
    showErrors([]);
    result.hidden = true;
    file = null;
    state("vide");
    draftBox.hidden = true;
    form.dataset.brouillon = "efface";
    document.getElementById("titre").focus();
  });

  // --- Download and forge ---------------------------------------------------------------

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
    var target = forge.url + "/-/new/" + encodeURIComponent(forge.branche) + "/competences/" + encodeURIComponent(raw("cercle"));
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

  if (!restore()) { form.dataset.brouillon = "aucun"; form.elements.date_creation.value = today(); }
  state("vide");
  form.dataset.pret = "oui";
  // A test hook and a help for maintainers: the file the form would write, errors or not.
  window.legsProposer = { texte: function () { return build(readForm()).text; }, erreurs: function () { return check(readForm()); } };
})();
