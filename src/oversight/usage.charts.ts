import type { EChartsOption } from 'echarts';
import type { UsageReport } from './usage.service.js';

/** GOV.UK palette colours, in an order that keeps neighbours distinguishable. */
const COLOURS = ['#1d70b8', '#f47738', '#00703c', '#4c2c92', '#d4351c', '#28a197', '#912b88', '#505a5f', '#b58840', '#003078'];

const weekLabel = (monday: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(new Date(`${monday}T00:00:00Z`));

type Echarts = typeof import('echarts');

/** Renders an ECharts option to an SVG document on the server (no browser, no animation). */
function svgOf(echarts: Echarts, option: EChartsOption, height = 320): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 760, height });
  try {
    chart.setOption({
      animation: false,
      color: COLOURS,
      textStyle: { fontFamily: 'Arial, sans-serif', fontSize: 13, color: '#0b0c0c' },
      grid: { left: 56, right: 24, top: 56, bottom: 40 },
      legend: { top: 8, type: 'plain', textStyle: { fontSize: 13 } },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * The usage page's charts as SVG documents, drawn by Apache ECharts' server-side renderer. The page
 * shows each as an image beside the table that holds the same figures (the accessible alternative).
 */
export async function usageCharts(report: UsageReport): Promise<{ messages: string; activity: string; replies: string }> {
  // Loaded on the first chart drawn: ECharts is some 40 MB resident, which every other page, every import
  // and every command would otherwise carry.
  const echarts = await import('echarts');
  const labels = report.weeks.map(weekLabel);
  const staff = report.people.filter((p) => p.staffId !== null && p.total.messages > 0);
  const messages = svgOf(echarts, {
    xAxis: { type: 'category', data: labels, name: 'Week starting', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: 'Messages sent', minInterval: 1 },
    series: staff.map((p) => ({ name: p.name, type: 'bar', stack: 'messages', data: report.weeks.map((w) => p.byWeek[w]!.messages) })),
  });
  const per = (field: 'firstContacts' | 'warnings' | 'blocks' | 'reports') => report.weeks.map((w) => report.weekTotals[w]![field]);
  const activity = svgOf(echarts, {
    xAxis: { type: 'category', data: labels, name: 'Week starting', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: 'Count', minInterval: 1 },
    series: [
      { name: 'First contacts', type: 'bar', data: per('firstContacts') },
      { name: 'Warnings overridden', type: 'bar', data: per('warnings') },
      { name: 'Blocked attempts', type: 'bar', data: per('blocks') },
      { name: 'Reports', type: 'bar', data: per('reports') },
    ],
  });
  const replies = svgOf(echarts, {
    xAxis: { type: 'category', data: labels, name: 'Week starting', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: 'Minutes' },
    series: [
      {
        name: 'Median time to reply (minutes)',
        type: 'line',
        connectNulls: false,
        symbolSize: 8,
        data: report.weeks.map((w) => {
          const s = report.weekTotals[w]!.medianReplySeconds;
          return s === null ? null : Math.round((s / 60) * 10) / 10;
        }),
      },
    ],
  });
  return { messages, activity, replies };
}

/** An SVG document as an image address, so the page's strict Content-Security-Policy needs no exception. */
export const svgDataUri = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
