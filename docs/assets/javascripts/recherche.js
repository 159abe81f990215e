// Starts Pagefind's interface on the search page and runs the query typed in the header.
(function () {
  "use strict";
  var container = document.getElementById("legs-recherche");
  if (!container || typeof PagefindUI === "undefined") return;
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var ui = new PagefindUI({
    element: "#legs-recherche",
    // The site may live under a sub-path of the intranet: results are relative to it.
    baseUrl: new URL("..", window.location.href).pathname,
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
})();
