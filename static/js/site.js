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

    // The training-class roster picker: filter rows by text and age; the header box ticks the rows shown.
    window.Alpine.data("rosterPicker", function () {
      return {
        q: "",
        young: false,
        shown: function (row) {
          var query = this.q.trim();
          return (!query || row.dataset.text.includes(query)) && (!this.young || Number(row.dataset.age) <= 35);
        },
        tickShown: function (event) {
          var self = this;
          var checked = event.target.checked;
          this.$root.querySelectorAll("tr[data-text]").forEach(function (row) {
            var box = row.querySelector("input[name=cadres]");
            if (box && !box.disabled && self.shown(row)) { box.checked = checked; }
          });
        },
      };
    });
  });
})();
