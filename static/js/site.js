// Behaviour of every page, kept out of the HTML: the Content-Security-Policy runs no inline script, no inline
// event handler, no javascript: link and no Alpine expression that needs eval (Alpine's CSP build runs only
// simple expressions; anything more is a component registered here). Loaded before Alpine, which starts after it.
(function () {
  "use strict";

  // Forms marked data-confirm ask before they are sent (deleting cannot be undone).
  document.addEventListener("submit", function (event) {
    var message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  // Buttons marked data-history-back go back a page (取消 on forms reached from several places).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-history-back]");
    if (button) { event.preventDefault(); window.history.back(); }
  });

  // Progress bars give their width as data-percent: an inline style attribute is refused by the policy,
  // a width set from script is not. Run on the first page and on every part htmx swaps in.
  function widths(root) {
    root.querySelectorAll("[data-percent]").forEach(function (bar) {
      bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.percent) || 0)) + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { widths(document); });
  document.addEventListener("htmx:load", function (event) { widths(event.target); });

  // The roster picker's new matches leave out the cadres already chosen (they stay in the chosen rows).
  document.addEventListener("htmx:afterSwap", function (event) {
    var results = event.target;
    if (results.id !== "roster-results") { return; }
    var chosen = results.parentElement.querySelector('[data-testid="roster-chosen"]');
    results.querySelectorAll("tr[data-cadre]").forEach(function (row) {
      if (chosen && chosen.querySelector('tr[data-cadre="' + row.dataset.cadre + '"]')) { row.remove(); }
    });
  });

  document.addEventListener("alpine:init", function () {
    // An organization in the tree: opens and closes; the first opening loads its children (htmx).
    window.Alpine.data("treeNode", function () {
      return {
        open: false,
        loaded: false,
        toggle: function () {
          this.open = !this.open;
          if (!this.loaded) {
            this.loaded = true;
            window.htmx.ajax("GET", this.$root.dataset.childrenUrl, { target: this.$refs.kids, swap: "innerHTML" });
          }
        },
        icon: function () { return this.open ? "bi-dash-square" : "bi-plus-square"; },
      };
    });

    // A header box that ticks every box named by its data-boxes in the same form (全选).
    window.Alpine.data("tickAll", function () {
      return {
        tick: function (event) {
          var header = event.target;
          this.$root.querySelectorAll('input[name="' + header.dataset.boxes + '"]').forEach(function (box) {
            if (!box.disabled) { box.checked = header.checked; }
          });
        },
      };
    });

    // The training-class roster picker: the server finds cadres as one types (htmx, into #roster-results); a ticked
    // match moves up to the chosen rows (x-ref="chosen") so that the next search does not take it away, and an
    // unticked chosen row goes. The header's button ticks every match shown.
    window.Alpine.data("rosterPicker", function () {
      return {
        choose: function (box) {
          var chosen = this.$refs.chosen;
          if (chosen.querySelector('input[name="cadres"][value="' + box.value + '"]')) {
            box.closest("tr").remove();  // already chosen by an earlier search
          } else {
            chosen.appendChild(box.closest("tr"));
          }
        },
        pick: function (event) {
          var box = event.target;
          if (box.name === "cadres" && box.checked) { this.choose(box); }
        },
        drop: function (event) {
          var box = event.target;
          if (box.name === "cadres" && !box.checked) { box.closest("tr").remove(); }
        },
        tickShown: function () {
          var self = this;
          this.$root.querySelectorAll('#roster-results input[name="cadres"]').forEach(function (box) {
            if (!box.disabled) { box.checked = true; self.choose(box); }
          });
        },
      };
    });
  });
})();
