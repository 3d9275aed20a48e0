/* Behaviour shared by every page. Pages have no inline script or event handlers (the
   Content-Security-Policy refuses them): they mark elements with data-dp-* attributes and
   this file wires them up.
   - [data-dp-print]: a button that prints the page (hidden until this script runs).
   - [data-dp-error-summary]: the error summary of a form page gets the focus, so a screen
     reader reads what to correct first.
   - window.dp.withChart(url, draw): loads Chart.js from `url` once per page, however many
     parts of the page draw charts, then calls draw(Chart). A chart script gets the url from
     its own tag: <script src="…/x.js" data-chartjs="{% static 'vendor/chartjs/chart.umd.min.js' %}" defer>. */
(function () {
  "use strict";

  var chartjs = null;
  window.dp = window.dp || {};
  window.dp.withChart = function (url, draw) {
    if (!chartjs) {
      chartjs = new Promise(function (resolve, reject) {
        if (window.Chart) { resolve(window.Chart); return; }
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () { resolve(window.Chart); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    chartjs.then(draw);
  };

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
