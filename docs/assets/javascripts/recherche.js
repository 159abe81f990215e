// The search: the kit's own interface over Pagefind's engine (pagefind.js), on every page.
//
// Pagefind's ready-made interface gives no sign of when it has finished, cannot say that an
// index failed to load, and lays results out too tall for a phone. This one keeps its state
// on the container (data-etat: chargement, recherche, resultats, aucun, vide, erreur) and on
// the list (aria-busy), announces the number of results to screen readers, and keeps the
// query in the address (?q=), so reload, back and shared links keep it.
//
// On the other pages, the header's box shows the search page in place of the page's content
// (as Material's own instant loading does), with an engine that started loading when the box
// got the cursor: no new page to load, read and start before the results.
(function () {
  "use strict";
  // The site may live under a sub-path of the intranet: everything is relative to it, found
  // from this script's own address (assets/javascripts/recherche.js), the same on every page.
  var root = new URL("../../", document.currentScript.src);
  var searchPage = new URL("recherche/", root);
  function onSearchPage() { return window.location.pathname === searchPage.pathname; }
  var PAGE_SIZE = 10;
  var LOAD_TIMEOUT_MS = 30000;
  var FILTERS = [["Type", "Nature"], ["Cercle", "Cercle"], ["Versant", "Versant"]];
  var numbers = new Intl.NumberFormat("fr-FR");
  // The page's elements, found once the page is read (start).
  var container, form, input, status, list, more, filtersBox, header;

  var engine = null; // pagefind.js, once every index lot is loaded
  var current = { token: 0, results: [], shown: 0, query: "" };

  function setState(state, query) {
    container.setAttribute("data-etat", state);
    container.setAttribute("data-requete", query || "");
    list.setAttribute("aria-busy", state === "recherche" || state === "chargement" ? "true" : "false");
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = new URL(href, root).pathname;
    a.textContent = text;
    return a;
  }

  // A short paragraph with links to browse instead of searching.
  function browseInstead(intro) {
    var p = document.createElement("p");
    p.className = "legs-recherche-page__conseil";
    p.append(intro + " Parcourez les fiches ", link("index/competences/", "par compétence"), ", ",
      link("competences/", "par cercle"), " ou demandez à ", link("index/qui-sait-faire/", "«\u202fQui sait faire\u202f?\u202f»"), ".");
    return p;
  }

  function showError() {
    setState("erreur", current.query);
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "La recherche n’a pas pu être chargée.";
    list.before(browseInstead("L’index de recherche est incomplet ou inaccessible\u202f: réessayez plus tard ou prévenez l’équipe qui publie le site."));
  }

  function withTimeout(promise) {
    return Promise.race([promise, new Promise(function (resolve, reject) {
      window.setTimeout(function () { reject(new Error("délai dépassé")); }, LOAD_TIMEOUT_MS);
    })]);
  }

  // A lot's entry file, read to know that the lot is there and whole.
  function checkLot(path) {
    return fetch(new URL(path + "/pagefind-entry.json", root)).then(function (response) {
      if (!response.ok) throw new Error(path + "\u202f: " + response.status);
      return response.json();
    });
  }

  // The engine starts (its worker, its WebAssembly, the first lot) as soon as its script is
  // here; the other lots join it once their list comes, and every lot is checked meanwhile: on
  // a large site each step costs a round trip to the server, and a missing or empty lot fails
  // the load at once instead of leaving the page searching forever.
  // (Two engines searching their share of the lots at once, one per core, were measured: the
  // second engine's script and WebAssembly cost 100 KB more for no gain at 5,000 records.)
  function load() {
    var started = import(new URL("pagefind/pagefind.js", root).href).then(function (engine) {
      return engine.options({ baseUrl: root.pathname, excerptLength: 24 })
        .then(function () { return engine.init(); })
        .then(function () { return engine; });
    });
    var lots = fetch(new URL("pagefind/lots.json", root))
      .then(function (response) { if (!response.ok) throw new Error("lots.json"); return response.json(); });
    var merged = Promise.all([started, lots]).then(function (both) {
      var engine = both[0];
      return Promise.all(both[1].map(function (lot) {
        return engine.mergeIndex(new URL(lot + "/", root).pathname, { baseUrl: root.pathname });
      })).then(function () { return engine; });
    });
    var checked = lots.then(function (names) { return Promise.all(["pagefind"].concat(names).map(checkLot)); });
    return Promise.all([merged, checked]).then(function (both) { return both[0]; });
  }

  // French elisions: « l'agent » is searched as « agent », « qu'un » as « un ».
  function clean(query) {
    return query.replace(/(^|[\s"(])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/gi, "$1").trim();
  }

  // --- The words of the index (scripts/legs/search/words.py): known words, typing errors ---
  var wordFiles = {};

  function fold(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function wordsStartingLike(folded) {
    var letter = /^[a-z]/.test(folded) ? folded[0] : "_";
    if (!wordFiles[letter]) {
      wordFiles[letter] = fetch(new URL("pagefind/mots/" + letter + ".json", root))
        .then(function (response) { return response.ok ? response.json() : []; })
        .catch(function () { return []; });
    }
    return wordFiles[letter];
  }

  // Does the typed term stand for this word of the index? The same word, the start of it
  // (still being typed), or the word give or take its ending (plural, gender, verb form).
  function sameWord(term, word) {
    if (word.indexOf(term) === 0) return true;
    if (term.indexOf(word) === 0) return term.length - word.length <= 3;
    var common = 0;
    while (common < term.length && term[common] === word[common]) common++;
    return common >= 3 && common >= Math.max(term.length, word.length) - 2;
  }

  // Edit distance with transpositions, abandoned beyond `max`.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null, previous = [], row;
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      row = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
        row.push(value);
        best = Math.min(best, value);
      }
      if (best > max) return max + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  // Is the term in the index? If not, the closest word of the index, if one is close enough.
  function checkTerm(term) {
    var folded = fold(term);
    if (folded.length <= 2) return Promise.resolve({ term: term, known: true });
    return wordsStartingLike(folded).then(function (words) {
      var max = folded.length >= 8 ? 2 : folded.length >= 5 ? 1 : 0;
      var best = null, bestDistance = max + 1, bestCount = 0;
      for (var k = 0; k < words.length; k++) {
        var word = fold(words[k][0]);
        if (sameWord(folded, word)) return { term: term, known: true };
        if (!max) continue;
        var d = distance(folded, word, max);
        if (d < bestDistance || (d === bestDistance && d <= max && words[k][1] > bestCount)) {
          best = words[k][0]; bestDistance = d; bestCount = words[k][1];
        }
      }
      return { term: term, known: false, suggestion: bestDistance <= max ? best : null };
    });
  }

  // A record that has all the words but one still comes up when none has them all.
  function allButOne(terms) {
    var searches = terms.map(function (_, skipped) {
      return engine.search(terms.filter(function (__, k) { return k !== skipped; }).join(" "), { filters: selectedFilters() });
    });
    return Promise.all(searches).then(function (founds) {
      var byId = {};
      founds.forEach(function (found) {
        found.results.forEach(function (result) {
          if (!byId[result.id] || byId[result.id].score < result.score) byId[result.id] = result;
        });
      });
      return { results: Object.values(byId).sort(function (a, b) { return b.score - a.score; }) };
    });
  }

  function note(parts) {
    var p = document.createElement("p");
    p.className = "legs-recherche-page__conseil";
    p.append.apply(p, parts);
    list.before(p);
  }

  function quoted(word) { return "«\u202f" + word + "\u202f»"; }

  function selectedFilters() {
    var chosen = {};
    filtersBox.querySelectorAll("select").forEach(function (select) {
      if (select.value) chosen[select.name] = select.value;
    });
    return chosen;
  }

  function buildFilters() {
    return engine.filters().then(function (available) {
      FILTERS.forEach(function (pair) {
        var values = Object.keys(available[pair[0]] || {}).sort(function (a, b) { return a.localeCompare(b, "fr"); });
        if (values.length < 2) return;
        var id = "legs-recherche-filtre-" + pair[0].toLowerCase();
        var label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = pair[1];
        var select = document.createElement("select");
        select.id = id;
        select.name = pair[0];
        select.add(new Option("Tous", ""));
        values.forEach(function (value) { select.add(new Option(value, value)); });
        select.addEventListener("change", function () { search(input.value, false); });
        var field = document.createElement("div");
        field.append(label, select);
        filtersBox.append(field);
      });
      filtersBox.hidden = !filtersBox.children.length;
    });
  }

  // Pagefind keeps titles and excerpts as they were written, before the pages are typeset:
  // the same typography as on the pages (scripts/legs/text/french.py), for the rules that fit a
  // line of text: the apostrophe between two letters, the narrow space before ; : ! ? » and
  // after «.
  function french(text) {
    return text.replace(/(\p{L})'(?=\p{L})/gu, "$1\u2019")
      .replace(/[ \u00a0]+([;:!?»])/g, "\u202f$1")
      .replace(/«[ \u00a0]*/g, "«\u202f");
  }

  // Pagefind's excerpt is HTML with <mark> around the words found: keep those marks and the
  // text, nothing else, whatever the indexed pages contained.
  function excerpt(html) {
    var p = document.createElement("p");
    p.className = "legs-reponse__extrait";
    var template = document.createElement("template");
    template.innerHTML = html;
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = french(node.textContent);
        p.append(mark);
      } else {
        p.append(french(node.textContent));
      }
    });
    return p;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "legs-reponse";
    var kind = (data.filters.Type || ["Page"])[0];
    var circle = (data.filters.Cercle || [])[0];
    var nature = document.createElement("p");
    nature.className = "legs-reponse__nature";
    nature.textContent = french(circle ? kind + " · " + circle : kind);
    var title = document.createElement("h2");
    title.className = "legs-reponse__titre";
    var a = document.createElement("a");
    // Only pages of this site: the engine's URLs come from the index, not from the visitor.
    var target = new URL(data.url, root);
    a.href = target.origin === root.origin && target.pathname.indexOf(root.pathname) === 0 ? target.pathname + target.hash : root.pathname;
    a.textContent = french((data.meta && data.meta.title) || target.pathname);
    title.append(a);
    li.append(title, nature, excerpt(data.excerpt || ""));
    return li;
  }

  function countText(count, query) {
    if (!count) return "Aucun résultat pour «\u202f" + query + "\u202f».";
    return numbers.format(count) + (count > 1 ? " résultats" : " résultat") + " pour «\u202f" + query + "\u202f».";
  }

  function showNext(token) {
    var slice = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    setState("recherche", current.query);
    return Promise.all(slice.map(function (result) { return result.data(); })).then(function (pages) {
      if (token !== current.token) return;
      pages.forEach(function (data) { list.append(item(data)); });
      current.shown += slice.length;
      more.hidden = current.shown >= current.results.length;
      setState("resultats", current.query);
    });
  }

  function clearResults() {
    list.replaceChildren();
    container.querySelectorAll(".legs-recherche-page__conseil").forEach(function (p) { p.remove(); });
    more.hidden = true;
  }

  function search(query, push) {
    query = query.trim();
    var token = ++current.token;
    current.query = query;
    if (header) header.value = query;
    if (push !== null) {
      var address = new URL(window.location.href);
      if (query) address.searchParams.set("q", query); else address.searchParams.delete("q");
      if (address.href !== window.location.href) window.history[push ? "pushState" : "replaceState"](null, "", address);
    }
    clearResults();
    if (!query) {
      status.textContent = "";
      setState("vide", "");
      return Promise.resolve();
    }
    setState(engine ? "recherche" : "chargement", query);
    status.textContent = "Recherche en cours…";
    var notes = [];
    // The words are checked while the engine loads: neither waits for the other.
    var words = Promise.all(clean(query).split(/\s+/).filter(Boolean).map(checkTerm));
    return Promise.all([warm(), words]).then(function (both) {
      var checked = both[1];
      var unknown = checked.filter(function (c) { return !c.known; });
      var terms = checked.map(function (c) { return c.known ? c.term : c.suggestion; }).filter(Boolean);
      var corrected = unknown.filter(function (c) { return c.suggestion; });
      var missing = unknown.filter(function (c) { return !c.suggestion; });
      if (corrected.length) {
        var better = new URL(window.location.href);
        better.searchParams.set("q", terms.join(" "));
        var a = document.createElement("a");
        a.href = better.pathname + better.search;
        a.textContent = terms.join(" ");
        notes.push(["Vouliez-vous dire «\u202f", a, "\u202f»\u202f? Voici les résultats de cette recherche."]);
      }
      if (missing.length && terms.length) {
        notes.push(["Aucune page ne contient " + missing.map(function (c) { return quoted(c.term); }).join(", ")
          + "\u202f: voici les résultats sans " + (missing.length > 1 ? "ces mots." : "ce mot.")]);
      }
      if (!terms.length) return { results: [] };
      return engine.search(terms.join(" "), { filters: selectedFilters() }).then(function (found) {
        if (found.results.length || terms.length < 2) return found;
        return allButOne(terms).then(function (some) {
          if (some.results.length) notes.push(["Aucune page ne contient tous ces mots\u202f: voici celles qui en contiennent presque tous."]);
          return some;
        });
      });
    }).then(function (found) {
      if (token !== current.token) return;
      current.results = found.results;
      current.shown = 0;
      if (!found.results.length) {
        list.before(browseInstead("Aucune page ne correspond à cette recherche. Vérifiez l’orthographe ou essayez un mot plus courant."));
        status.textContent = countText(0, query);
        setState("aucun", query);
        return;
      }
      notes.forEach(note);
      return showNext(token).then(function () {
        if (token === current.token) status.textContent = countText(found.results.length, query);
        offerFilters();
      });
    }).catch(function () {
      if (token === current.token) showError();
    });
  }

  // The engine, its worker and its WebAssembly start loading once, when a search is in sight:
  // at once on the search page, when the header's box gets the cursor elsewhere.
  var ready = null;
  function warm() {
    if (!ready) {
      ready = withTimeout(load()).then(function (pagefind) { engine = pagefind; });
      ready.catch(function () { /* shown by the search that waits for it */ });
    }
    return ready;
  }
  // The filters come after the first results, which do not need them: fewer bytes before those.
  var filtersBuilt = null;
  function offerFilters() {
    if (!filtersBuilt) filtersBuilt = warm().then(buildFilters).catch(function () { filtersBox.hidden = true; });
  }

  function queryInAddress() {
    return new URLSearchParams(window.location.search).get("q") || "";
  }

  function start() {
    container = document.getElementById("legs-recherche");
    if (!container) return;
    form = container.querySelector("form");
    input = document.getElementById("legs-recherche-requete");
    status = document.getElementById("legs-recherche-etat");
    list = document.getElementById("legs-recherche-resultats");
    more = document.getElementById("legs-recherche-plus");
    filtersBox = container.querySelector(".legs-recherche-page__filtres");
    filtersBuilt = null;
    current.token++;

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      search(input.value, true);
    });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { search("", true); input.focus(); });
    });
    more.addEventListener("click", function () {
      var first = list.children.length;
      showNext(current.token).then(function () {
        // Keyboard users land on the first new result.
        var next = list.children[first];
        if (next) next.querySelector("a").focus();
      }).catch(showError);
    });

    input.value = queryInAddress();
    if (input.value) {
      search(input.value, null);
    } else {
      setState("vide", "");
      warm().then(offerFilters, showError);
      if (document.activeElement !== header) input.focus();
    }
  }

  // --- The search page in place of another page's content ---
  // The parts of the page that Material's instant loading replaces, and the page they came from.
  var PARTS = ["container", "header-topic", "skip"];
  var shell = null;
  var origin = null;
  var coming = null; // the search page asked for and not shown yet

  function parts(doc) {
    var found = {};
    PARTS.forEach(function (name) { found[name] = doc.querySelector('[data-md-component="' + name + '"]'); });
    return found;
  }

  // The search page as served, asked once and kept: each display takes a fresh copy of it.
  function fetchShell() {
    if (!shell) {
      shell = fetch(searchPage).then(function (response) {
        if (!response.ok) throw new Error("recherche/ : " + response.status);
        return response.text();
      }).then(function (text) { return new DOMParser().parseFromString(text, "text/html"); });
      shell.catch(function () { shell = null; });
    }
    return shell;
  }

  // Puts the parts in place of the page's, then lets `then` start its work (the search) before
  // Material mounts its components (menus, table of contents, "back to top") on the new parts.
  function show(found, title, then) {
    var here = parts(document);
    PARTS.forEach(function (name) { if (here[name] && found[name]) here[name].replaceWith(found[name]); });
    document.title = title;
    then();
    if (window.document$) window.document$.next(document);
  }

  // Shows the search page in place of the page shown, for the address already set, then searches.
  function showSearchPage() {
    if (coming) return coming; // it will read the address once there
    coming = fetchShell().then(function (doc) {
      origin = { parts: parts(document), title: document.title, scroll: window.scrollY };
      var copy = parts(doc);
      PARTS.forEach(function (name) { if (copy[name]) copy[name] = document.importNode(copy[name], true); });
      // Read without script, the page's <noscript> became elements: this page has script.
      copy.container.querySelectorAll("noscript").forEach(function (element) { element.remove(); });
      show(copy, doc.title, start);
      window.scrollTo(0, 0);
    });
    coming.then(function () { coming = null; }, function () { coming = null; });
    return coming;
  }

  // Is the search page's content the one shown (loaded as such, or put in place)?
  function searchShown() { return Boolean(container && container.isConnected); }

  function searchFromHeader(event) {
    var query = header.value.trim();
    if (!query) return; // the form opens the search page, as without script
    event.preventDefault();
    if (searchShown()) {
      input.value = query;
      search(query, true);
      return;
    }
    warm();
    var address = new URL(searchPage);
    address.searchParams.set("q", query);
    // Set before the search page's parts come in: their relative links read from it.
    window.history[coming ? "replaceState" : "pushState"](null, "", address);
    showSearchPage().catch(function () { window.location.replace(address.href); });
  }

  // Back and forward between searches, and back to the page the first search started from.
  window.addEventListener("popstate", function () {
    if (onSearchPage()) {
      if (searchShown()) {
        // Not for a link to a heading of the page, which changes the address too.
        if (queryInAddress() === current.query) return;
        input.value = queryInAddress();
        search(input.value, null);
      } else {
        showSearchPage().catch(function () { window.location.reload(); });
      }
    } else if (origin && !origin.parts.container.isConnected) {
      current.token++;
      container = null;
      show(origin.parts, origin.title, function () { header.value = ""; }); // as the page had it
      window.scrollTo(0, origin.scroll);
    }
  });

  function begin() {
    header = document.getElementById("legs-recherche-champ");
    if (header && header.form) {
      // The box has the cursor: a search is likely, its engine and page start loading.
      header.addEventListener("focus", function () {
        warm();
        if (!document.getElementById("legs-recherche")) fetchShell().catch(function () {});
      }, { once: true });
      header.form.addEventListener("submit", searchFromHeader);
    }
    if (document.getElementById("legs-recherche")) start(); // which warms the engine
  }

  if (onSearchPage()) {
    // The words of the query in the address are fetched while the engine loads, for checkTerm.
    warm();
    clean(queryInAddress()).split(/\s+/).filter(Boolean)
      .map(fold).filter(function (folded) { return folded.length > 2; }).forEach(wordsStartingLike);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", begin);
  else begin();
})();
