// A work group's leader is one of its members: the leader's select offers the cadres chosen in the member picker
// (the training roster's picker, js/site.js), and follows each choice and removal.
(function () {
  "use strict";

  function follow(select, chosen) {
    var current = select.value;
    var first = select.options[0];
    while (select.options.length > 1) { select.remove(1); }
    chosen.querySelectorAll("tr[data-cadre]").forEach(function (row) {
      var label = row.querySelector("label");
      var option = new Option(label ? label.textContent.trim() : row.dataset.cadre, row.dataset.cadre);
      select.add(option);
    });
    select.value = current;
    if (select.value !== current) { select.value = first.value; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-leader-from]").forEach(function (select) {
      var chosen = document.querySelector(select.dataset.leaderFrom);
      if (!chosen) { return; }
      new MutationObserver(function () { follow(select, chosen); }).observe(chosen, { childList: true });
    });
  });
})();
