// Bill editor: says what the chosen word of each provision means beside its control, and moves
// the keyboard focus to the errors, or to the preview after "Preview changes" (beside the form
// on a wide screen, below it on a phone). Every page works without it: the server renders the
// explanation of each chosen word, the errors at their fields and the preview.
(function () {
  "use strict";
  var choices = document.querySelectorAll("select.word-choice");
  Array.prototype.forEach.call(choices, function (select) {
    select.addEventListener("change", function () {
      var hint = document.getElementById("hint_" + select.id.replace(/^change_/, ""));
      var option = select.options[select.selectedIndex];
      if (hint && option) { hint.textContent = option.getAttribute("data-explain") || ""; }
      var row = select.closest(".provision");
      if (row) { row.classList.toggle("chosen", select.value !== ""); }
    });
  });
  var errors = document.getElementById("errors");
  var preview = document.getElementById("preview");
  if (errors) {
    errors.focus();
  } else if (preview && preview.getAttribute("data-focus") === "yes") {
    // Beside the form (sticky, wide screens) it is already in view: focus it where it is.
    var beside = getComputedStyle(preview).position === "sticky";
    preview.focus({ preventScroll: beside });
    if (!beside) { preview.scrollIntoView({ block: "start" }); }
  }
})();
