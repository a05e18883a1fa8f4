/* The admin site's fixes for assistive technologies (templates/admin/base_site.html).
   Django's filter_horizontal widget (SelectFilter2.js) draws its search icon as a <span> with an
   aria-label but no role, a name ARIA does not allow there: the icon becomes an image. */
(function () {
  "use strict";
  function nameIcons(root) {
    root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    nameIcons(document);
    new MutationObserver(function () { nameIcons(document); })
      .observe(document.body, { childList: true, subtree: true });
  });
})();
