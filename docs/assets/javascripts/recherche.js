// Starts Pagefind's interface on the search page and runs the query typed in the header.
(function () {
  "use strict";
  var container = document.getElementById("legs-recherche");
  if (!container || typeof PagefindUI === "undefined") return;
  var query = new URLSearchParams(window.location.search).get("q") || "";
  // The site may live under a sub-path of the intranet: everything is relative to it.
  var root = new URL("..", window.location.href);

  function start(lots) {
    var ui = new PagefindUI({
      element: "#legs-recherche",
      baseUrl: root.pathname,
      mergeIndex: lots.map(function (lot) {
        return { bundlePath: new URL(lot + "/", root).pathname };
      }),
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      autofocus: !query,
      translations: { placeholder: "Rechercher une fiche, un savoir-faire, un métier…" },
      // French elisions: « l'agent » is searched as « agent », « qu'un » as « un ».
      processTerm: function (term) {
        return term.replace(/(^|[\s"(])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/gi, "$1");
      },
    });
    if (query) {
      ui.triggerSearch(query);
      var header = document.getElementById("legs-recherche-champ");
      if (header) header.value = query;
    }
  }

  // Large sites have their index in several lots (see scripts/legs/search.py): merge them.
  fetch(new URL("pagefind/lots.json", root))
    .then(function (response) { return response.ok ? response.json() : []; })
    .catch(function () { return []; })
    .then(start);
})();
