/*
 * One chart of the back-office (Chart.js on a canvas), described by the server (admin/charts.ts):
 * every bar or slice opens the filtered list it counts, the canvas carries its figures as aria text,
 * and the same numbers are in a table below it.
 */
import React, { useEffect, useRef } from 'react';
import { Box, H4, Text } from '@adminjs/design-system';
import { Chart as ChartJs, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, DoughnutController, ArcElement } from 'chart.js';

ChartJs.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, DoughnutController, ArcElement);

const euro = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0, useGrouping: 'always' });
const euroCents = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR', useGrouping: 'always' });

function config(spec) {
  const cents = spec.unit === 'cents';
  const datasets = spec.datasets.map((d) => ({
    label: d.label,
    data: cents ? d.data.map((v) => v / 100) : d.data,
    backgroundColor: d.color,
    stack: d.stack,
    borderWidth: spec.kind === 'doughnut' ? 1 : 0,
  }));
  const common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    onHover: (evt, els) => { evt.native.target.style.cursor = els.length ? 'pointer' : 'default'; },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 12 } },
      tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${cents ? euroCents.format(c.raw) : c.raw}` } },
    },
  };
  if (spec.kind === 'doughnut') return { type: 'doughnut', data: { labels: spec.labels, datasets }, options: common };
  return {
    type: 'bar',
    data: { labels: spec.labels, datasets },
    options: {
      ...common,
      scales: {
        x: { stacked: !!spec.stacked, ticks: { autoSkip: true, maxRotation: 0 } },
        y: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0, callback: (v) => (cents ? euro.format(v) : v) } },
      },
      plugins: { ...common.plugins, legend: { ...common.plugins.legend, display: spec.datasets.length > 1 } },
    },
  };
}

export default function Chart({ spec, height = 260, wide = false }) {
  const canvas = useRef(null);
  useEffect(() => {
    if (!canvas.current) return undefined; // nothing to draw (e.g. no failures): the summary says so
    const chart = new ChartJs(canvas.current, {
      ...config(spec),
      options: {
        ...config(spec).options,
        onClick: (_evt, elements) => {
          const [hit] = elements;
          const href = hit && spec.datasets[hit.datasetIndex].hrefs[hit.index];
          if (href) window.location.assign(href);
        },
      },
    });
    return () => chart.destroy();
  }, [spec]);
  return (
    <Box variant="white" m="md" p="lg" style={{ flex: wide ? '1 1 100%' : '1 1 480px', minWidth: 0 }} data-testid={`chart-${spec.key}`}>
      <H4 mb="default">{spec.title}</H4>
      {spec.labels.length ? (
        <div style={{ position: 'relative', height }}>
          <canvas ref={canvas} role="img" aria-label={spec.summary} data-testid={`chart-${spec.key}-canvas`} />
        </div>
      ) : null}
      <Text variant="sm" mt="default" data-testid={`chart-${spec.key}-summary`}>{spec.summary}</Text>
      <details data-testid={`chart-${spec.key}-details`}>
        <summary style={{ cursor: 'pointer' }}>Vedi i numeri</summary>
        <table data-testid={`chart-${spec.key}-table`} style={{ borderCollapse: 'collapse', width: '100%', fontSize: 13 }}>
          <thead>
            <tr>{spec.table.head.map((h, i) => <th key={h} style={{ textAlign: i ? 'right' : 'left', padding: '2px 6px', whiteSpace: 'nowrap' }}>{h}</th>)}</tr>
          </thead>
          <tbody>
            {spec.table.rows.map((r) => (
              <tr key={r.cells[0]}>
                {r.cells.map((c, i) => (
                  <td key={i} style={{ textAlign: i ? 'right' : 'left', padding: '2px 6px', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {i === 0 && r.href ? <a href={r.href}>{c}</a> : c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </Box>
  );
}

