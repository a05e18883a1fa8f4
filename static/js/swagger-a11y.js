/* Swagger UI's fixes for assistive technologies (templates/drf_spectacular/swagger_ui.html).
   Each operation's summary is a <button> that holds a deep link to the operation, a control inside
   a control that a keyboard or screen reader cannot use: the inner link loses its href (the
   button expands the operation and Swagger UI writes the same address as it does). */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || !window.MutationObserver) { return; }
  function unnest() {
    root.querySelectorAll(".opblock-summary-control a[href]").forEach(function (link) {
      link.removeAttribute("href");
    });
  }
  unnest();
  new MutationObserver(unnest).observe(root, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["href"],
  });
})();
