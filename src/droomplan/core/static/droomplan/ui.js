/* Behaviour shared by every page. Pages have no inline script or event handlers (the
   Content-Security-Policy refuses them): they mark elements with data-dp-* attributes and
   this file wires them up.
   - [data-dp-print]: a button that prints the page (hidden until this script runs).
   - [data-dp-error-summary]: the error summary of a form page gets the focus, so a screen
     reader reads what to correct first. */
(function () {
  "use strict";

  function start() {
    document.querySelectorAll("[data-dp-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    var summary = document.querySelector("[data-dp-error-summary]");
    if (summary) { summary.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
