// This year against last year on the survey report: [data-years-chart] names a JSON script with
// {title, labels, unit, series: [{name, values}]}. The children's bars use charts.js; SVG like them, so that
// Chinese labels use the page's fonts.
(function () {
  function draw(element) {
    var spec = JSON.parse(document.getElementById(element.dataset.yearsChart).textContent);
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 110 },
      tooltip: { trigger: "axis", renderMode: "richText" },  // drawn in the chart: no HTML with style="" (CSP)
      xAxis: { type: "category", data: spec.labels, axisLabel: { interval: 0, rotate: spec.labels.length > 4 ? 30 : 0, fontSize: 11,
        // long indicator names are cut on the axis; the tooltip gives them whole
        formatter: function (label) { return label.length > 10 ? label.slice(0, 9) + "…" : label; } } },
      yAxis: { type: "value", name: spec.unit || "", min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10 - 10); }, max: 100 },
      series: spec.series.map(function (s, i) {
        return { type: "bar", name: s.name, data: s.values, itemStyle: { color: i === 0 ? "#b5121b" : "#9aa5b1" } };
      }),
    });
    element.dataset.ready = "true";
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-years-chart]").forEach(draw);
  });
})();
