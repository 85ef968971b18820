// Thin helpers over the vendored Chart.js (static/vendor/chart.umd.js, loaded as a classic script).

// Colours chosen for contrast on white; the highlight marks the payer that denies most.
export const PALETTE = ["#1d4f91", "#c75b12", "#2f7d4f", "#7b3fa0", "#a61b3a", "#0f7a80", "#5c6670", "#8a6d00"];
export const BAR = "#4a6f9c";
export const HIGHLIGHT = "#a61b3a";

function library() {
  if (!window.Chart) throw new Error("the chart library did not load");
  return window.Chart;
}

const BASE = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  plugins: { legend: { labels: { boxWidth: 12, color: "#1f2933" } } },
};

// Draw (or redraw) a chart on a canvas; the previous chart on it is destroyed first.
export function draw(canvas, { type, data, options = {} }) {
  const Chart = library();
  Chart.getChart(canvas)?.destroy();
  const plugins = { ...BASE.plugins, ...(options.plugins || {}) };
  return new Chart(canvas, { type, data, options: { ...BASE, ...options, plugins } });
}

export function moneyAxis(format) {
  return { beginAtZero: true, ticks: { callback: (value) => format(value * 100) } };
}
