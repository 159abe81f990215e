// Starts Pagefind's interface on the search page and runs the query typed in the header.
(function () {
  "use strict";
  var container = document.getElementById("legs-recherche");
  if (!container || typeof PagefindUI === "undefined") return;
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var ui = new PagefindUI({
    element: "#legs-recherche",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: !query,
    translations: { placeholder: "Rechercher une fiche, un savoir-faire, un métier…" },
  });
  if (query) {
    ui.triggerSearch(query);
    var header = document.getElementById("legs-recherche-champ");
    if (header) header.value = query;
  }
})();
