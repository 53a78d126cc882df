// Stacked bar charts (e.g. an assessment round's grades per township): each [data-stacked-chart] element names a
// JSON script with {title, labels, series: [{name, values}], unit}. SVG, a legend above, the tooltip drawn in the
// chart (richText: the Content-Security-Policy refuses the HTML tooltip's inline styles).
(function () {
  var COLORS = ["#b5121b", "#e0793a", "#f2c14e", "#7a9e7e", "#5b7fa6", "#8a8a8a"];
  function draw(element) {
    var spec = JSON.parse(document.getElementById(element.dataset.stackedChart).textContent);
    var chart = echarts.init(element, null, { renderer: "svg" });
    var turned = spec.labels.length * 14 > element.clientWidth / 2;
    chart.setOption({
      animation: false,
      color: COLORS,
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", renderMode: "richText" },
      xAxis: {
        type: "category", data: spec.labels,
        axisLabel: { interval: 0, rotate: turned ? 45 : 0, hideOverlap: true,
                     formatter: function (label) { return label.length > 8 ? label.slice(0, 7) + "…" : label; } },
      },
      yAxis: { type: "value", name: spec.unit || "", nameTextStyle: { align: "right" }, minInterval: 1 },
      series: spec.series.map(function (s) {
        return { type: "bar", stack: "total", name: s.name, data: s.values };
      }),
    });
    element.dataset.ready = "true";
    window.addEventListener("resize", function () { chart.resize(); });
    window.addEventListener("beforeprint", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-stacked-chart]").forEach(draw);
  });
})();
