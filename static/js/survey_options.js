// The question form's scale buttons: a click puts the scale's lines (标签=分值, one a line) into the options box.
(function () {
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-scale]");
    if (!button) { return; }
    var box = document.querySelector("textarea[data-options]");
    if (!box) { return; }
    box.value = button.dataset.scale;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.focus();
  });
})();
