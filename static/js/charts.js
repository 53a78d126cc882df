// Bar charts for the statistics dashboard: each [data-chart] element names a JSON script with
// {title, labels, values, urls, unit, decimals}; clicking a bar opens its records. SVG so that Chinese labels use the
// page's fonts and the charts print sharply.
(function () {
  // Text widths for laying out labels (an ideograph at 12 px is about 12 px wide, a digit or Latin letter about 7).
  function textWidth(text, size) {
    var width = 0;
    String(text).split("").forEach(function (ch) { width += ch.charCodeAt(0) > 0x2e80 ? size : size * 0.6; });
    return width;
  }

  // How the category labels fit under their bars without overlapping: straight when the longest fits its slot;
  // otherwise turned (45°, or 90° when even that is too tight) and cut to a length with "…" (the tooltip and the
  // records keep the full name); when bars are narrower than a line of text, only every n-th label is shown.
  function categoryLayout(slot, labels) {
    var longest = Math.max.apply(null, labels.map(function (label) { return textWidth(label, 12); }));
    if (longest <= slot * 0.9) { return { rotate: 0, interval: 0, cut: 0 }; }
    var rotate = slot >= 24 ? 45 : 90;
    var every = slot >= 16 ? 0 : Math.ceil(16 / slot) - 1;  // a turned label takes a line's height of the axis
    return { rotate: rotate, interval: every, cut: 8 };
  }

  function cut(label, length) {
    var text = String(label);
    return length && text.length > length ? text.slice(0, length - 1) + "…" : text;
  }

  // Money on top of bars in 万 past ten thousand (as offices write it), so that twelve months fit side by side.
  function compact(value, unit) {
    if (unit === "元" && Math.abs(value) >= 10000) {
      return (value / 10000).toFixed(Math.abs(value) >= 1000000 ? 0 : 1) + "万";
    }
    return null;
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
    var slot = Math.max(1, (element.clientWidth - 72) / spec.labels.length);
    var layout = categoryLayout(slot, spec.labels);
    var reach = textWidth(cut(spec.labels[0], layout.cut), 12);
    var onBar = function (value) { return compact(value, spec.unit) || shown(value); };
    var widest = Math.max.apply(null, spec.values.map(function (value) { return textWidth(onBar(value), 10); }));
    // the figure on top of each bar: level when it fits the bar's slot, upright when the bar is wide enough for a
    // line of text, otherwise left to the tooltip (never drawn over its neighbour)
    var barLabel = widest <= slot * 0.95 ? { rotate: 0, top: 24 }
      : slot >= 14 ? { rotate: 90, top: 24 + widest } : null;
    chart.setOption({
      animation: false,
      // a label turned 45° reaches left of its bar: the first one must not leave the chart
      grid: { left: layout.rotate === 45 ? Math.max(8, reach * 0.71 - slot / 2 - 24) : 8, right: 16,
              top: barLabel ? barLabel.top : 24, bottom: 8, containLabel: true },
      // richText: the tooltip is drawn in the chart itself; the HTML one is markup with style="" attributes, which
      // the Content-Security-Policy refuses (style-src without unsafe-inline).
      tooltip: { trigger: "axis", valueFormatter: shown, renderMode: "richText" },
      xAxis: {
        type: "category", data: spec.labels,
        axisLabel: {
          interval: layout.interval, rotate: layout.rotate, hideOverlap: true,
          formatter: function (label) { return cut(label, layout.cut); },
        },
      },
      // the unit stands left of the axis line, clear of the first bar's figure
      yAxis: { type: "value", name: spec.unit || "", nameTextStyle: { align: "right" },
               minInterval: spec.unit === "元" || spec.unit === "%" ? 0 : 1 },
      series: [{
        type: "bar", data: spec.values, itemStyle: { color: "#b5121b" },
        label: {
          show: !!barLabel, position: "top", fontSize: 10, color: "#333", distance: 4,
          rotate: barLabel ? barLabel.rotate : 0, align: barLabel && barLabel.rotate ? "left" : "center",
          verticalAlign: barLabel && barLabel.rotate ? "middle" : "bottom",
          formatter: function (p) { return onBar(p.value); },
        },
        labelLayout: { hideOverlap: true },
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
