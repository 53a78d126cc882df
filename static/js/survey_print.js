// The slips page's print button (no inline script: the pages keep scripts in static files).
(function () {
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });
})();
