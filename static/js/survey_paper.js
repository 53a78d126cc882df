// Paper questionnaire entry (纸质问卷录入): the teller's hands stay on the keyboard.
// Enter moves to the next input (on the last one it saves); a valid digit typed into a single-choice
// question moves on by itself. The server checks everything again: this only saves keystrokes.
(function () {
  "use strict";

  function validSingle(input) {
    var max = parseInt(input.dataset.max, 10);
    var value = input.value.trim();
    return /^[1-9]$/.test(value) && parseInt(value, 10) <= max;
  }

  function focusOn(input) {
    input.focus();
    if (input.select && input.tagName === "INPUT") {
      input.select();
    }
  }

  function setUp(form) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll("[data-entry]"));
    if (!inputs.length) {
      return;
    }
    var start = form.querySelector(".is-invalid") || form.querySelector("[autofocus]") || inputs[0];
    focusOn(start);

    // On the last input Enter saves; a digit there only moves to the save button, so a slip can be seen.
    function moveOn(from, byEnter) {
      var index = inputs.indexOf(from);
      if (index === inputs.length - 1) {
        if (byEnter) {
          form.requestSubmit();
        } else {
          form.querySelector("button").focus();
        }
      } else {
        focusOn(inputs[index + 1]);
      }
    }

    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || inputs.indexOf(event.target) < 0 || event.isComposing) {
        return;
      }
      event.preventDefault();
      moveOn(event.target, true);
    });

    form.addEventListener("input", function (event) {
      var input = event.target;
      if (input.dataset.kind !== "single") {
        return;
      }
      if (input.value.trim() === "") {
        input.classList.remove("is-invalid");
        return;
      }
      var auto = parseInt(input.dataset.max, 10) <= 9;  // ten options and more need Enter
      if (validSingle(input)) {
        input.classList.remove("is-invalid");
        if (auto) {
          moveOn(input, false);
        }
      } else if (auto) {
        input.classList.add("is-invalid");
      }
    });
    // The browser's autofocus comes before these handlers; until this mark Enter would submit the form as is.
    form.dataset.entryReady = "true";
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-paper-form]"), setUp);
  });
})();
