/**
 * The dashboard at /dashboard: the coverage matrix as a heat map (target groups × level and area)
 * and offers per 100 000 inhabitants per Land as a bar chart, from one POST /graphql. ECharts is
 * bundled into the gateway's own assets; nothing is loaded from elsewhere.
 */
import '../ui/page.css';
import './dashboard.css';
import { BarChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { DASHBOARD_QUERY, type DashboardData } from '../operations';
import { CSV_TYPE, datedFilename, downloadText } from '../ui/download';
import {
  barCsv,
  barRows,
  formatRate,
  GERMAN_NUMBER,
  heatmapCsv,
  heatmapModel,
  LEVEL_LABELS,
  standText,
  type BarRow,
  type HeatmapModel,
} from './charts';

echarts.use([
  HeatmapChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  VisualMapComponent,
  LegendComponent,
  SVGRenderer,
]);

const GRAPHQL_URL = new URL('graphql', document.baseURI).toString();
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';

function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the page`);
  return found as T;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface GraphQLAnswer {
  data?: DashboardData | null;
  errors?: { message: string; extensions?: { code?: string; serviceName?: string } }[];
}

async function load(): Promise<GraphQLAnswer> {
  const response = await fetch(GRAPHQL_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: DASHBOARD_QUERY, operationName: 'Dashboard' }),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as GraphQLAnswer;
  } catch {
    throw new Error(`Der Hub antwortete mit HTTP ${response.status} ohne JSON.`);
  }
}

function drawHeatmap(container: HTMLElement, model: HeatmapModel): echarts.EChartsType {
  const chart = echarts.init(container, null, { renderer: 'svg', locale: 'EN' });
  const gap = '#f6d5cf';
  chart.setOption({
    textStyle: { fontFamily: FONT },
    animation: false,
    tooltip: {
      position: 'top',
      formatter: (params: unknown) => {
        const [x, y, count] = (params as { value: [number, number, number] }).value;
        const row = model.rows[y];
        const column = model.columns[x];
        if (!row || !column) return '';
        return (
          `<b>${escapeHtml(row.label)}</b><br/>${LEVEL_LABELS[column.level]} · ${escapeHtml(column.areaLabel)}<br/>` +
          (count === 0 ? 'keine Angebote (Lücke)' : `${count} ${count === 1 ? 'Angebot' : 'Angebote'}`)
        );
      },
    },
    grid: { left: 420, right: 16, top: 64, bottom: 72 },
    xAxis: {
      type: 'category',
      position: 'top',
      data: model.columns.map((c) => `${LEVEL_LABELS[c.level]}\n${c.areaLabel}`),
      splitArea: { show: true },
      axisTick: { show: false },
      axisLabel: { interval: 0, width: 96, overflow: 'break', fontSize: 12, lineHeight: 15, color: '#1f2933' },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: model.rows.map((r) => r.label),
      splitArea: { show: true },
      axisTick: { show: false },
      axisLabel: { width: 404, overflow: 'truncate', fontSize: 12, color: '#1f2933' },
    },
    visualMap: {
      type: 'piecewise',
      orient: 'horizontal',
      left: 'center',
      bottom: 8,
      itemWidth: 18,
      itemHeight: 12,
      textStyle: { fontSize: 12 },
      pieces: [
        { value: 0, label: 'keine Angebote (Lücke)', color: gap },
        { min: 1, max: 2, label: '1–2', color: '#c6dbef' },
        { min: 3, max: 5, label: '3–5', color: '#6baed6' },
        { min: 6, max: 10, label: '6–10', color: '#2171b5' },
        { min: 11, label: 'mehr als 10', color: '#08306b' },
      ],
    },
    series: [
      {
        name: 'Angebote',
        type: 'heatmap',
        data: model.values,
        label: {
          show: true,
          fontSize: 11,
          // Light figures on the two dark shades, dark ones elsewhere.
          formatter: (params: unknown) => {
            const count = (params as { value: [number, number, number] }).value[2];
            return `{${count >= 6 ? 'light' : 'dark'}|${count}}`;
          },
          rich: { light: { color: '#ffffff', fontSize: 11 }, dark: { color: '#1f2933', fontSize: 11 } },
        },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#1f2933', borderWidth: 1 } },
      },
    ],
  });
  return chart;
}

function drawBars(container: HTMLElement, rows: readonly BarRow[]): echarts.EChartsType {
  const chart = echarts.init(container, null, { renderer: 'svg', locale: 'EN' });
  chart.setOption({
    textStyle: { fontFamily: FONT },
    animation: false,
    legend: { top: 0, left: 'center', data: ['Angebote je 100 000 Einwohner'] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const index = (params as { dataIndex: number }[])[0]?.dataIndex ?? -1;
        const row = rows[index];
        if (!row) return '';
        return (
          `<b>${escapeHtml(row.name)}</b><br/>${formatRate(row.per100k)} Angebote je 100 000 Einwohner<br/>` +
          `${GERMAN_NUMBER.format(row.offers)} Angebote · ${GERMAN_NUMBER.format(row.population)} Einwohner`
        );
      },
    },
    grid: { left: 190, right: 56, top: 36, bottom: 28 },
    xAxis: {
      type: 'value',
      axisLabel: { formatter: (value: number) => formatRate(value) },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisTick: { show: false },
      axisLabel: { fontSize: 12, color: '#1f2933' },
    },
    series: [
      {
        name: 'Angebote je 100 000 Einwohner',
        type: 'bar',
        data: rows.map((r) => r.per100k),
        itemStyle: { color: '#2171b5' },
        barMaxWidth: 22,
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          formatter: (params: unknown) => formatRate((params as { value: number }).value),
        },
      },
    ],
  });
  return chart;
}

/** Marks a chart drawn (the browser test waits for it): data-state and the number of data points. */
function markRendered(chart: echarts.EChartsType, container: HTMLElement, points: number): void {
  const done = () => {
    container.dataset['state'] = 'rendered';
    container.dataset['points'] = String(points);
  };
  chart.on('finished', done);
  // 'finished' fires once the first frame is drawn; with nothing to animate it may have already.
  requestAnimationFrame(() => requestAnimationFrame(done));
}

function showProblem(message: string, state: 'unavailable' | 'error'): void {
  const box = element('problem');
  box.hidden = false;
  box.textContent = message;
  document.body.dataset['state'] = state;
}

async function main(): Promise<void> {
  const heatmapBox = element('coverage-heatmap');
  const barsBox = element('per-capita-bars');
  let answer: GraphQLAnswer;
  try {
    answer = await load();
  } catch (error) {
    showProblem(`Der Hub ist nicht erreichbar: ${(error as Error).message}`, 'error');
    return;
  }
  const data = answer.data;
  if (!data) {
    const first = answer.errors?.[0];
    const missing = answer.errors?.some((e) =>
      /Cannot query field "(coverageMatrix|offersPerCapita|analyticsStatus)"/.test(e.message),
    );
    showProblem(
      missing
        ? 'Die Auswertungen (Subgraph „analytics“) sind in diesem Hub nicht verfügbar.'
        : `Der Hub meldet einen Fehler: ${first?.extensions?.code ? `${first.extensions.code}: ` : ''}${first?.message ?? 'unbekannt'}`,
      missing ? 'unavailable' : 'error',
    );
    return;
  }
  if (answer.errors?.length) {
    showProblem(`Teilweise unvollständig: ${answer.errors.map((e) => e.message).join('; ')}`, 'error');
  }

  element('stand').textContent = standText(data.analyticsStatus.syncedAt);
  if (data.analyticsStatus.lastError) {
    element('stand-warning').textContent = `Letzter Abgleich fehlgeschlagen: ${data.analyticsStatus.lastError}`;
  }

  const model = heatmapModel(data);
  element('coverage-summary').textContent =
    `${GERMAN_NUMBER.format(data.coverageMatrix.total)} Angebote · ${model.rows.length} Zielgruppen × ` +
    `${model.columns.length} Kombinationen aus Ebene und Handlungsfeld · ${model.gaps} Lücken`;
  heatmapBox.style.height = `${model.rows.length * 32 + 150}px`;
  const heatmap = drawHeatmap(heatmapBox, model);
  markRendered(heatmap, heatmapBox, model.values.length);
  element('coverage-csv').addEventListener('click', () =>
    downloadText(datedFilename('abdeckung', 'csv'), heatmapCsv(model), CSV_TYPE),
  );

  const rows = barRows(data);
  barsBox.style.height = `${rows.length * 30 + 80}px`;
  const bars = drawBars(barsBox, rows);
  markRendered(bars, barsBox, rows.length);
  element('per-capita-csv').addEventListener('click', () =>
    downloadText(datedFilename('angebote-je-100000-einwohner', 'csv'), barCsv(rows), CSV_TYPE),
  );
  for (const id of ['coverage-csv', 'per-capita-csv']) element<HTMLButtonElement>(id).disabled = false;

  window.addEventListener('resize', () => {
    heatmap.resize();
    bars.resize();
  });
  document.body.dataset['state'] = document.body.dataset['state'] ?? 'rendered';
}

void main().catch((error: unknown) => showProblem(`Fehler beim Zeichnen: ${String(error)}`, 'error'));
