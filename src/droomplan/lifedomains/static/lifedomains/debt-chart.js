/* The debt total over time on the case page. Data: the JSON in #ld-debt-series
   ([{date: "YYYY-MM-DD", total: 1234.5}, ...]); the same figures are in the table below the
   chart for screen readers and people who prefer numbers. */
(function () {
  "use strict";
  var CHARTJS = document.currentScript.dataset.chartjs;
  function draw() {
    var canvas = document.getElementById("ld-debt-chart");
    var source = document.getElementById("ld-debt-series");
    if (!canvas || !source || typeof window.Chart === "undefined") { return; }
    var series = JSON.parse(source.textContent);
    var lang = document.documentElement.lang || "nl";
    var day = new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", year: "numeric" });
    var month = new Intl.DateTimeFormat(lang, { month: "short", year: "numeric" });
    var euro = new Intl.NumberFormat(lang, { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
    var points = series.map(function (p) {
      var parts = p.date.split("-");
      return { x: Date.UTC(+parts[0], +parts[1] - 1, +parts[2]), y: p.total };
    });
    new window.Chart(canvas, {
      type: "line",
      data: {
        datasets: [{
          data: points,
          // Chart.js "before": a level holds until the next change date, then steps.
          stepped: "before",
          borderColor: "#7a1b4b",
          backgroundColor: "rgba(122, 27, 75, 0.12)",
          pointBackgroundColor: "#7a1b4b",
          pointRadius: 3,
          fill: true,
          borderWidth: 2
        }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: function (items) { return day.format(new Date(items[0].parsed.x)); },
              label: function (item) { return euro.format(item.parsed.y); }
            }
          }
        },
        scales: {
          x: {
            type: "linear",
            min: points[0].x,
            max: points[points.length - 1].x,
            ticks: { maxTicksLimit: 6, callback: function (value) { return month.format(new Date(value)); } }
          },
          y: {
            beginAtZero: true,
            ticks: { maxTicksLimit: 6, callback: function (value) { return euro.format(value); } }
          }
        }
      }
    });
  }
  function start() { window.dp.withChart(CHARTJS, draw); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
