// Bar charts for the statistics dashboard: each [data-chart] element names a JSON script with
// {title, labels, values, urls, unit, decimals}; clicking a bar opens its records. SVG so that Chinese labels use the
// page's fonts and the charts print sharply.
(function () {
  // Labels turn when the longest would not fit under its bar (a Chinese character is about 12 px wide).
  function labelsCollide(element, labels) {
    var longest = Math.max.apply(null, labels.map(function (label) { return String(label).length; }));
    return longest * 12 > (element.clientWidth - 64) / labels.length * 0.9;
  }

  function draw(element) {
    var spec = JSON.parse(document.getElementById(element.dataset.chart).textContent);
    if (!spec.values.length) {  // nothing to count (e.g. no findings): say so rather than draw empty axes
      element.textContent = element.dataset.empty;
      element.className += " d-flex align-items-center justify-content-center text-body-secondary";
      element.dataset.ready = "true";
      return;
    }
    // scores keep their decimals on the bars (60.00, as in the table); counts and money are grouped in thousands
    var shown = function (value) {
      if (spec.decimals != null) { return Number(value).toFixed(spec.decimals); }
      return value >= 1000 ? Math.round(value).toLocaleString("zh-CN") : value;
    };
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 16, top: 24, bottom: 72 },
      // richText: the tooltip is drawn in the chart itself; the HTML one is markup with style="" attributes, which
      // the Content-Security-Policy refuses (style-src without unsafe-inline).
      tooltip: { trigger: "axis", valueFormatter: shown, renderMode: "richText" },
      xAxis: { type: "category", data: spec.labels, axisLabel: { interval: 0, rotate: labelsCollide(element, spec.labels) ? 30 : 0 } },
      yAxis: { type: "value", name: spec.unit || "", minInterval: spec.unit === "元" || spec.unit === "%" ? 0 : 1 },
      series: [{
        type: "bar", data: spec.values, itemStyle: { color: "#b5121b" },
        label: {
          show: spec.labels.length <= 12, position: "top", fontSize: 10,
          formatter: function (p) { return shown(p.value); },
        },
      }],
    });
    chart.on("click", function (params) {
      var url = spec.urls[params.dataIndex];
      if (url) { window.location.href = url; }
    });
    element.dataset.ready = "true";
    window.addEventListener("resize", function () { chart.resize(); });
    window.addEventListener("beforeprint", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
