// The dashboard's charts (Chart.js), fed one point per overview and keeping a rolling window.
import { CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";
import { byId } from "../shared/dom.js";
import type { Overview } from "./overview.js";

Chart.register(CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip, Filler);

/** How many points each chart keeps: two minutes at one overview a second and a half. */
export const WindowPoints = 80;

const colours = ["#c8102e", "#0b5394", "#2e7d32", "#6a1b9a"];

/** A chart: its canvas, the unit of its axis, and its lines, each read from one overview. */
interface ChartSpec {
  id: string;
  unit: string;
  series: [label: string, read: (overview: Overview) => number][];
}

const specs: ChartSpec[] = [
  { id: "chart-throughput", unit: "/s", series: [["events/s", (o) => o.eventsPerSecond], ["acks/s", (o) => o.acksPerSecond]] },
  { id: "chart-readers", unit: "", series: [["readers", (o) => o.connections], ["subscriptions", (o) => o.subscriptions]] },
  { id: "chart-fanout", unit: "ms", series: [["p50", (o) => o.fanOutMs.p50], ["p99", (o) => o.fanOutMs.p99]] },
  { id: "chart-delivery", unit: "ms", series: [["p50", (o) => o.deliveryMs.p50], ["p99", (o) => o.deliveryMs.p99]] },
];

export interface Charts {
  /** Adds the overview as the newest point of every chart. */
  add(overview: Overview): void;
}

export function createCharts(): Charts {
  const charts = specs.map((spec) => {
    /** The x axis: the time of each point, shared by the chart's lines. */
    const labels: string[] = [];
    const chart = new Chart<"line", number[], string>(byId(spec.id, HTMLCanvasElement), {
      type: "line",
      data: {
        labels,
        datasets: spec.series.map(([label], i) => ({
          label,
          data: [],
          borderColor: colours[i],
          backgroundColor: colours[i] + "22",
          borderWidth: 2,
          pointRadius: 0,
          tension: 0.25,
          fill: i === 0,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { ticks: { maxTicksLimit: 6, autoSkip: true } },
          y: { beginAtZero: true, ticks: { callback: (value) => `${value}${spec.unit ? " " + spec.unit : ""}` } },
        },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
      },
    });
    return { spec, chart, labels };
  });

  return {
    add(overview) {
      const label = new Date(overview.checkedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
      for (const { spec, chart, labels } of charts) {
        labels.push(label);
        spec.series.forEach(([, read], i) => chart.data.datasets[i].data.push(read(overview)));
        if (labels.length > WindowPoints) {
          labels.shift();
          for (const dataset of chart.data.datasets) dataset.data.shift();
        }
        chart.update("none");
      }
    },
  };
}
