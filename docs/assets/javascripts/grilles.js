/* Grid pages: what a person types is kept in this browser only (localStorage), restored on
   reload, never sent anywhere. Without this script the page stays a plain printable form. */
(function () {
  "use strict";
  const PREFIX = "legs-grille:";

  function storage() {
    try { return window.localStorage; } catch (error) { return null; } // blocked by the browser's settings
  }

  function fit(field) {
    // Textareas grow with their text, so that printing the page shows all of it.
    if (field.tagName === "TEXTAREA") {
      field.style.height = "auto";
      field.style.height = field.scrollHeight + 2 + "px";
    }
  }

  function setUp(grid) {
    const store = storage();
    const id = grid.dataset.grille;
    const fields = Array.from(grid.querySelectorAll("input, textarea"));
    const key = (field) => PREFIX + id + ":" + field.name;
    const status = grid.querySelector(".grille-etat");
    const tools = grid.querySelector(".grille-outils");

    function save(field) {
      if (!store) return;
      try {
        if (field.type === "radio") {
          store.setItem(key(field), field.value);
        } else if (field.type === "checkbox") {
          if (field.checked) store.setItem(key(field), "1"); else store.removeItem(key(field));
        } else if (field.value === "") {
          store.removeItem(key(field));
        } else {
          store.setItem(key(field), field.value);
        }
      } catch (error) {
        if (status) status.textContent = "Le navigateur n'a pas pu garder vos réponses : imprimez la grille avant de fermer la page.";
      }
    }

    let restored = 0;
    for (const field of fields) {
      const value = store ? store.getItem(key(field)) : null;
      if (value !== null) {
        if (field.type === "radio") field.checked = field.value === value;
        else if (field.type === "checkbox") field.checked = value === "1";
        else field.value = value;
        restored += 1;
      }
      fit(field);
    }
    grid.addEventListener("input", (event) => { save(event.target); fit(event.target); });
    grid.addEventListener("change", (event) => save(event.target));

    grid.querySelector('[data-action="imprimer"]').addEventListener("click", () => window.print());
    grid.querySelector('[data-action="effacer"]').addEventListener("click", () => {
      if (!window.confirm("Effacer toutes vos réponses à cette grille ? Elles ne pourront pas être retrouvées.")) return;
      for (const field of fields) {
        if (field.type === "radio" || field.type === "checkbox") field.checked = false; else field.value = "";
        if (store) store.removeItem(key(field));
        fit(field);
      }
      if (status) status.textContent = "Vos réponses ont été effacées.";
    });
    if (status && restored) status.textContent = "Vos réponses précédentes ont été reprises.";
    if (!store && status) status.textContent = "Ce navigateur ne garde pas les réponses : imprimez la grille avant de fermer la page.";
    if (tools) tools.hidden = false;
    grid.dataset.etat = "pret";
  }

  function start() { document.querySelectorAll(".grille--ecran[data-grille]").forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
