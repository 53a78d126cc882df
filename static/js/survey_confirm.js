// Forms marked data-confirm ask before they are sent (deleting a question cannot be undone).
(function () {
  document.addEventListener("submit", function (event) {
    var message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
