// casetrail supervision dashboard: draws the charts the server embedded (#chart-data) with ECharts;
// a click on a bar, slice or point opens the cases behind it. The tables below hold the same figures.
(function () {
  "use strict";
  var COLOR = "#1f5fa8";

  function axes(c) {
    return {
      grid: { containLabel: true, left: 8, right: 16, top: 32, bottom: 8 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: c.labels, axisLabel: { interval: 0, rotate: c.labels.length > 4 ? 30 : 0 } },
      yAxis: { type: "value", name: c.axis, minInterval: 1 },
    };
  }

  function option(c) {
    var base = { animation: false, color: [COLOR, "#c2410c", "#15803d", "#7c3aed", "#b45309", "#0e7490"] };
    if (c.kind === "pie") {
      return Object.assign(base, {
        tooltip: { trigger: "item", formatter: "{b}：{c}件（{d}%）" },
        legend: { bottom: 0, type: "scroll" },
        series: [{
          type: "pie", name: c.axis, radius: ["30%", "62%"], top: 0, bottom: 28,
          data: c.labels.map(function (label, i) { return { name: label, value: c.values[i] }; }),
        }],
      });
    }
    var series = { type: c.kind, name: c.axis, data: c.values };
    if (c.kind === "line") { series.symbolSize = 8; series.label = { show: true, position: "top" }; }
    else { series.barMaxWidth = 48; series.label = { show: true, position: "top" }; }
    return Object.assign(base, axes(c), { series: [series] });
  }

  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || typeof echarts === "undefined") return;
    JSON.parse(source.textContent).forEach(function (c) {
      var el = document.getElementById("chart-" + c.key);
      if (!el) return;
      el.textContent = "";  // the fallback note stays only where no chart could be drawn
      var chart = echarts.init(el, null, { renderer: "canvas", locale: "ZH" });
      chart.setOption(option(c));
      chart.on("click", function (p) {
        var link = c.links[p.dataIndex];
        if (link) window.location.assign(link);
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  draw();
})();
