// A campaign's coverage picker: the server finds organizations under the owner as one types (htmx, into
// [data-cover-results]); a ticked match moves up to the chosen list so the next search does not take it away, and an
// unticked chosen row goes. With nothing chosen the page says the campaign covers the owner's whole subtree.
(function () {
  "use strict";

  function refresh(picker) {
    var none = picker.querySelector("[data-cover-none]");
    if (none) { none.hidden = picker.querySelector("[data-cover-chosen] [data-cover]") !== null; }
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.name !== "covers") { return; }
    var picker = box.closest("[data-cover-picker]");
    if (!picker) { return; }
    var chosen = picker.querySelector("[data-cover-chosen]");
    var row = box.closest("[data-cover]");
    if (box.checked && !chosen.contains(row)) {
      if (chosen.querySelector('[data-cover="' + row.dataset.cover + '"]')) { row.remove(); } else { chosen.appendChild(row); }
    } else if (!box.checked && chosen.contains(row)) {
      row.remove();
    }
    refresh(picker);
  });

  // New matches leave out the organizations already chosen (they stay in the chosen list).
  document.addEventListener("htmx:afterSwap", function (event) {
    var results = event.target;
    if (!results.hasAttribute || !results.hasAttribute("data-cover-results")) { return; }
    var chosen = results.closest("[data-cover-picker]").querySelector("[data-cover-chosen]");
    results.querySelectorAll("[data-cover]").forEach(function (row) {
      if (chosen.querySelector('[data-cover="' + row.dataset.cover + '"]')) { row.remove(); }
    });
  });
})();
