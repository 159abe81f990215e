// The search page: the kit's own interface over Pagefind's engine (pagefind.js).
//
// Pagefind's ready-made interface gives no sign of when it has finished, cannot say that an
// index failed to load, and lays results out too tall for a phone. This one keeps its state
// on the container (data-etat: chargement, recherche, resultats, aucun, vide, erreur) and on
// the list (aria-busy), announces the number of results to screen readers, and keeps the
// query in the address (?q=), so reload, back and shared links keep it.
(function () {
  "use strict";
  var container = document.getElementById("legs-recherche");
  if (!container) return;
  var form = container.querySelector("form");
  var input = document.getElementById("legs-recherche-requete");
  var status = document.getElementById("legs-recherche-etat");
  var list = document.getElementById("legs-recherche-resultats");
  var more = document.getElementById("legs-recherche-plus");
  var filtersBox = container.querySelector(".legs-recherche-page__filtres");
  var header = document.getElementById("legs-recherche-champ");
  // The site may live under a sub-path of the intranet: everything is relative to it.
  var root = new URL("..", window.location.href);
  var PAGE_SIZE = 10;
  var LOAD_TIMEOUT_MS = 30000;
  var FILTERS = [["Type", "Nature"], ["Cercle", "Cercle"], ["Versant", "Versant"]];
  var numbers = new Intl.NumberFormat("fr-FR");

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
      link("competences/", "par cercle"), " ou demandez à ", link("index/qui-sait-faire/", "« Qui sait faire ? »"), ".");
    return p;
  }

  function showError() {
    setState("erreur", current.query);
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "La recherche n'a pas pu être chargée.";
    list.before(browseInstead("L'index de recherche est incomplet ou inaccessible : réessayez plus tard ou prévenez l'équipe qui publie le site."));
  }

  function withTimeout(promise) {
    return Promise.race([promise, new Promise(function (resolve, reject) {
      window.setTimeout(function () { reject(new Error("délai dépassé")); }, LOAD_TIMEOUT_MS);
    })]);
  }

  // Every lot must be there and readable before the engine merges it: a missing or empty
  // lot would otherwise leave the page searching forever.
  function checkLot(path) {
    return fetch(new URL(path + "/pagefind-entry.json", root)).then(function (response) {
      if (!response.ok) throw new Error(path + " : " + response.status);
      return response.json();
    });
  }

  function load() {
    return fetch(new URL("pagefind/lots.json", root))
      .then(function (response) { if (!response.ok) throw new Error("lots.json"); return response.json(); })
      .then(function (lots) {
        return Promise.all(["pagefind"].concat(lots).map(checkLot)).then(function () {
          return import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
            return pagefind.options({ baseUrl: root.pathname, excerptLength: 24 })
              .then(function () {
                return lots.reduce(function (done, lot) {
                  return done.then(function () {
                    return pagefind.mergeIndex(new URL(lot + "/", root).pathname, { baseUrl: root.pathname });
                  });
                }, Promise.resolve());
              })
              .then(function () { return pagefind.init(); })
              .then(function () { return pagefind; });
          });
        });
      });
  }

  // French elisions: « l'agent » is searched as « agent », « qu'un » as « un ».
  function clean(query) {
    return query.replace(/(^|[\s"(])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/gi, "$1").trim();
  }

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
        mark.textContent = node.textContent;
        p.append(mark);
      } else {
        p.append(node.textContent);
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
    nature.textContent = circle ? kind + " · " + circle : kind;
    var title = document.createElement("h2");
    title.className = "legs-reponse__titre";
    var a = document.createElement("a");
    // Only pages of this site: the engine's URLs come from the index, not from the visitor.
    var target = new URL(data.url, root);
    a.href = target.origin === root.origin && target.pathname.indexOf(root.pathname) === 0 ? target.pathname + target.hash : root.pathname;
    a.textContent = (data.meta && data.meta.title) || target.pathname;
    title.append(a);
    li.append(title, nature, excerpt(data.excerpt || ""));
    return li;
  }

  function countText(count, query) {
    if (!count) return "Aucun résultat pour « " + query + " ».";
    return numbers.format(count) + (count > 1 ? " résultats" : " résultat") + " pour « " + query + " ».";
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
    return ready.then(function () {
      return engine.search(clean(query), { filters: selectedFilters() });
    }).then(function (found) {
      if (token !== current.token) return;
      current.results = found.results;
      current.shown = 0;
      if (!found.results.length) {
        list.before(browseInstead("Aucune page ne contient ces mots. Vérifiez l'orthographe ou essayez un mot plus courant."));
        status.textContent = countText(0, query);
        setState("aucun", query);
        return;
      }
      return showNext(token).then(function () {
        if (token === current.token) status.textContent = countText(found.results.length, query);
      });
    }).catch(function () {
      if (token === current.token) showError();
    });
  }

  var ready = withTimeout(load()).then(function (pagefind) {
    engine = pagefind;
    // The filters come after the first results: they are not needed to show them.
    window.setTimeout(function () { buildFilters().catch(function () { filtersBox.hidden = true; }); });
  });
  ready.catch(function () { /* shown by the search that waits for it */ });

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
  window.addEventListener("popstate", function () {
    input.value = new URLSearchParams(window.location.search).get("q") || "";
    search(input.value, null);
  });

  input.value = new URLSearchParams(window.location.search).get("q") || "";
  if (input.value) {
    search(input.value, null);
  } else {
    setState("vide", "");
    ready.catch(showError);
    input.focus();
  }
})();
