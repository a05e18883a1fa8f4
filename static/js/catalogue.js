/* Resource catalogue: update the results in place when JavaScript is on.
   Without it, the same links and form load the full page. The URL always holds the state,
   so results are shareable and the back button works (history.pushState + popstate). */
(function () {
  "use strict";
  var region = document.querySelector("[data-catalogue]");
  if (!region || !window.fetch || !window.history.pushState) { return; }
  var pending = null;

  function load(url, push) {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    region.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "X-Catalogue-Partial": "1" }, signal: pending.signal, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var focusedId = document.activeElement && document.activeElement.id;
        region.innerHTML = html;
        region.removeAttribute("aria-busy");
        if (push) { window.history.pushState({ catalogue: true }, "", url); }
        var again = focusedId && document.getElementById(focusedId);
        (again || document.getElementById("results-title")).focus({ preventScroll: !!again });
      })
      .catch(function (error) {
        if (error.name !== "AbortError") { window.location.href = url; }
      });
  }

  region.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-catalogue-link]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    load(link.href, true);
  });
  region.addEventListener("submit", function (event) {
    var form = event.target.closest("#catalogue-form");
    if (!form) { return; }
    event.preventDefault();
    var params = new URLSearchParams(new FormData(form));
    load(form.action + "?" + params.toString(), true);
  });
  region.addEventListener("change", function (event) {
    if (event.target.id === "catalogue-sort") { event.target.form.requestSubmit(); }
  });
  window.addEventListener("popstate", function () { load(window.location.href, false); });
})();
