/* Progress charts of the measurements section. Data: the json_script "dp-progress-data"
   (a list of chart specifications from instruments/progress.py). Every chart also has a table
   in the page, so the picture is never the only way to read the figures. */
(function () {
  "use strict";
  var CHARTJS = document.currentScript.dataset.chartjs;
  var PALETTE = ["#1a5a96", "#b35900", "#2e7d32", "#8e24aa", "#c62828", "#00695c"];
  var POINTS = ["circle", "rectRot", "triangle", "rect", "star", "crossRot"];
  var DASHES = [[], [6, 3], [2, 2], [8, 2, 2, 2], [4, 4], [1, 3]];

  var bandsPlugin = {
    id: "dpBands",
    beforeDatasetsDraw: function (chart, args, options) {
      var bands = options && options.bands;
      if (!bands || !bands.length) return;
      var ctx = chart.ctx, area = chart.chartArea, y = chart.scales.y;
      ctx.save();
      bands.forEach(function (band) {
        var top = y.getPixelForValue(band.to + 0.5 > y.max ? y.max : band.to + 0.5);
        var bottom = y.getPixelForValue(band.from - 0.5 < y.min ? y.min : band.from - 0.5);
        ctx.fillStyle = band.colour;
        ctx.fillRect(area.left, top, area.right - area.left, bottom - top);
        ctx.fillStyle = "#333";
        ctx.font = "12px sans-serif";
        ctx.textAlign = "right";
        ctx.fillText(band.label, area.right - 4, top + 14);
      });
      ctx.restore();
    }
  };

  function datasets(spec) {
    return spec.series.map(function (s, n) {
      var colour = PALETTE[n % PALETTE.length];
      return {
        label: s.label,
        data: s.values,
        borderColor: colour,
        backgroundColor: spec.kind === "line" ? colour : colour + (spec.kind === "radar" ? "33" : "cc"),
        pointStyle: POINTS[n % POINTS.length],
        pointRadius: 5,
        borderDash: spec.kind === "bar" ? [] : DASHES[n % DASHES.length],
        borderWidth: 2,
        stepped: spec.stepped ? "middle" : false,
        spanGaps: true,
        fill: spec.kind === "radar"
      };
    });
  }

  function draw(spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas || !window.Chart) return;
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var tickLabels = spec.tickLabels || {};
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduce ? false : { duration: 400 },
      plugins: {
        legend: { display: spec.series.length > 1 || spec.kind !== "line", position: "bottom" },
        dpBands: { bands: spec.bands }
      }
    };
    var valueAxis = {
      min: spec.min, max: spec.max,
      ticks: {
        stepSize: 1, precision: 0,
        callback: function (value) {
          // Long names (the ladder's rungs) only where there is room; the table has them too.
          return (this.chart.width >= 480 && tickLabels[value]) || value;
        }
      }
    };
    if (spec.kind === "radar") {
      options.scales = { r: { min: spec.min, max: spec.max, ticks: { stepSize: 2, backdropColor: "transparent" } } };
    } else if (spec.horizontal) {
      options.indexAxis = "y";
      options.scales = { x: valueAxis };
    } else {
      if (spec.max - spec.min > 10) { valueAxis.ticks.stepSize = 5; }
      options.scales = { y: valueAxis };
    }
    new window.Chart(canvas, {
      type: spec.kind,
      data: { labels: spec.labels, datasets: datasets(spec) },
      options: options,
      plugins: [bandsPlugin]
    });
  }

  function start() {
    var node = document.getElementById("dp-progress-data");
    if (!node) return;
    window.dp.withChart(CHARTJS, function () { JSON.parse(node.textContent).forEach(draw); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
