/* The business case: cumulative costs and returns as a line chart (data from json_script; the
   table under it is the text version). */
(function () {
  "use strict";
  var CHARTJS = document.currentScript.dataset.chartjs;

  function draw() {
    var canvas = document.getElementById("dp-bc-chart");
    var node = document.getElementById("dp-bc-data");
    if (!canvas || !node || !window.Chart) return;
    var chart = JSON.parse(node.textContent);
    var euro = function (v) { return "€ " + Number(v).toLocaleString(document.documentElement.lang); };
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: chart.labels,
        datasets: [
          { label: chart.costs_label, data: chart.costs, borderColor: "#a30000", backgroundColor: "#a30000", borderDash: [6, 3], pointStyle: "rect" },
          { label: chart.returns_label, data: chart.returns, borderColor: "#1e6b30", backgroundColor: "#1e6b30", pointStyle: "circle" }
        ]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { ticks: { callback: euro } } },
        plugins: { legend: { position: "bottom", labels: { usePointStyle: true } },
                   tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + euro(c.raw); } } } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { window.dp.withChart(CHARTJS, draw); });
})();
