/* Charts of the outcome report (data from json_script; the tables are the text alternative)
   and a busy message while a download is being made. */
(function () {
  "use strict";
  var CHARTJS = document.currentScript.dataset.chartjs;
  var ACCENT = "#8a1c5c";
  var PALETTE = ["#8a1c5c", "#0b5394", "#1e6b30", "#7a4a00", "#5b2a86", "#a30000", "#2f6f73", "#4b4b4b"];
  var DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [], [6, 3], [2, 2], [8, 3, 2, 3]];
  var POINTS = ["circle", "rect", "triangle", "rectRot", "star", "cross", "crossRot", "dash"];

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function percent(value) { return value === null ? "–" : value.toLocaleString(document.documentElement.lang) + "%"; }

  function wrap(label, width) {
    var lines = [], line = "";
    label.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) lines.push(line);
    return lines;
  }

  function barChart() {
    var canvas = document.getElementById("dp-outcomes-chart");
    var chart = data("dp-outcomes-data");
    if (!canvas || !chart || !window.Chart) return;
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: chart.labels.map(function (l) { return wrap(l, window.innerWidth < 600 ? 16 : 40); }), datasets: [{ label: chart.label, data: chart.values, backgroundColor: ACCENT }] },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        scales: {
          x: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } },
          y: { ticks: { autoSkip: false, font: { size: window.innerWidth < 600 ? 11 : 12 } } }
        },
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (c) { return percent(c.raw); } } } }
      }
    });
  }

  function trendChart() {
    var canvas = document.getElementById("dp-outcomes-trend-chart");
    var chart = data("dp-outcomes-trend-data");
    if (!canvas || !chart || !window.Chart || canvas.dataset.drawn) return;
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: chart.labels,
        datasets: chart.series.map(function (s, i) {
          return { label: s.label, data: s.values, borderColor: PALETTE[i], backgroundColor: PALETTE[i],
                   borderDash: DASHES[i], pointStyle: POINTS[i], pointRadius: 4, spanGaps: false };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: { legend: { position: "bottom", labels: { usePointStyle: true } },
                   tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + percent(c.raw); } } } }
      }
    });
  }

  function downloads() {
    var busy = document.querySelector("[data-dp-busy]");
    document.querySelectorAll("[data-dp-download]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var token = String(Date.now());
        busy.textContent = busy.closest("[data-dp-downloads]").dataset.busyText || "…";
        var url = link.href + (link.href.indexOf("?") === -1 ? "?" : "&") + "token=" + token;
        var started = Date.now();
        var timer = window.setInterval(function () {
          if (document.cookie.indexOf("dp_download=" + token) !== -1 || Date.now() - started > 120000) {
            window.clearInterval(timer);
            busy.textContent = "";
          }
        }, 400);
        window.location.href = url;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    window.dp.withChart(CHARTJS, function () { barChart(); trendChart(); });
    downloads();
  });
  document.addEventListener("htmx:afterSettle", function () { window.dp.withChart(CHARTJS, trendChart); });
})();
