/* Scorecard: the "Print or save as PDF" button opens the browser's print dialog (the print
   stylesheet lays the page out on one A4 sheet). Without JavaScript the button stays hidden and
   the browser's own Print menu does the same. */
(function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (!button || typeof window.print !== "function") { return; }
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
