// SPDX-License-Identifier: Apache-2.0
// Two small chart kinds written as plain SVG (no chart dependency): horizontal grouped bars with
// an optional reference line (ratio 1.0 = node:zlib), and lines over a shared x axis.

export interface Series {
  name: string;
  color: string;
}

export interface BarGroup {
  label: string;
  /** One value per series, in series order; undefined draws "n/a". */
  values: (number | undefined)[];
}

export interface BarChart {
  title: string;
  unit: string;
  series: Series[];
  groups: BarGroup[];
  reference?: number;
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: (Series & { points: [number, number][] })[];
}

const FONT_FAMILY = 'font-family="system-ui, sans-serif"';

/** Font attributes of a text element (one font-size attribute, never two). */
function font(size = 12): string {
  return `${FONT_FAMILY} font-size="${size}"`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Legend entries in rows that wrap at `width`; returns the SVG and the height it takes. */
function legend(series: Series[], x: number, y: number, width: number): { svg: string; height: number } {
  let left = x;
  let row = 0;
  const items = series.map((s) => {
    // About 7 px per character at 12 px: enough room that long names never overlap.
    const itemWidth = 36 + s.name.length * 7;
    if (left > x && left + itemWidth > x + width) {
      left = x;
      row++;
    }
    const top = y + row * 18;
    const item = `<rect x="${left}" y="${top - 10}" width="12" height="12" fill="${s.color}"/><text x="${left + 16}" y="${top}" ${font()}>${escapeXml(s.name)}</text>`;
    left += itemWidth;
    return item;
  });
  return { svg: items.join(''), height: (row + 1) * 18 };
}

/** The smallest axis end at or above `value` whose quarters are round numbers (4 grid steps). */
function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 1.2, 1.6, 2, 2.4, 3.2, 4, 6, 8, 10].map((m) => m * magnitude).find((m) => m >= value) ?? value;
}

/** Renders a horizontal grouped bar chart. */
export function renderBarChart(chart: BarChart): string {
  const labelWidth = 300;
  const plotWidth = 520;
  const bar = 12;
  const groupHeight = chart.series.length * bar + 10;
  const key = legend(chart.series, 10, 44, labelWidth + plotWidth);
  const top = 38 + key.height;
  const height = top + chart.groups.length * groupHeight + 40;
  const values = chart.groups.flatMap((g) => g.values).filter((v): v is number => v !== undefined);
  const max = niceMax(Math.max(chart.reference ?? 0, ...values, 1e-9));
  const x = (v: number) => labelWidth + (v / max) * plotWidth;
  const parts: string[] = [
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="22" ${font(15)} font-weight="bold">${escapeXml(chart.title)}</text>`,
    key.svg,
  ];
  for (let t = 0; t <= 4; t++) {
    const value = (max * t) / 4;
    parts.push(
      `<line x1="${x(value)}" y1="${top - 4}" x2="${x(value)}" y2="${height - 34}" stroke="#ddd"/>`,
      `<text x="${x(value)}" y="${height - 20}" ${font()} text-anchor="middle">${+value.toPrecision(3)}</text>`,
    );
  }
  chart.groups.forEach((group, g) => {
    const y0 = top + g * groupHeight;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y0 + groupHeight / 2}" ${font()} text-anchor="end">${escapeXml(group.label)}</text>`,
    );
    group.values.forEach((value, s) => {
      const y = y0 + s * bar;
      if (value === undefined) {
        parts.push(`<text x="${labelWidth + 4}" y="${y + bar - 2}" ${font()} fill="#999">n/a</text>`);
        return;
      }
      parts.push(
        `<rect x="${labelWidth}" y="${y}" width="${Math.max(0.5, x(value) - labelWidth)}" height="${bar - 2}" fill="${chart.series[s]!.color}"/>`,
        `<text x="${x(value) + 4}" y="${y + bar - 2}" ${font(10)}>${value >= 100 ? value.toFixed(0) : value.toFixed(2)}</text>`,
      );
    });
  });
  if (chart.reference !== undefined) {
    const rx = x(chart.reference);
    parts.push(
      `<line x1="${rx}" y1="${top - 4}" x2="${rx}" y2="${height - 34}" stroke="#c00" stroke-dasharray="4 3"/>`,
    );
  }
  parts.push(
    `<text x="${labelWidth + plotWidth / 2}" y="${height - 4}" ${font()} text-anchor="middle">${escapeXml(chart.unit)}</text>`,
  );
  const width = labelWidth + plotWidth + 60;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>\n`;
}

/** Renders lines sharing one x axis (both axes start at zero). */
export function renderLineChart(chart: LineChart): string {
  const left = 70;
  const plotWidth = 620;
  const key = legend(chart.series, 10, 44, left + plotWidth);
  const top = 38 + key.height;
  const plotHeight = 260;
  const all = chart.series.flatMap((s) => s.points);
  const maxX = niceMax(Math.max(...all.map((p) => p[0]), 1e-9));
  const maxY = niceMax(Math.max(...all.map((p) => p[1]), 1e-9));
  const px = (v: number) => left + (v / maxX) * plotWidth;
  const py = (v: number) => top + plotHeight - (v / maxY) * plotHeight;
  const parts: string[] = [
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="22" ${font(15)} font-weight="bold">${escapeXml(chart.title)}</text>`,
    key.svg,
  ];
  for (let t = 0; t <= 4; t++) {
    const vx = (maxX * t) / 4;
    const vy = (maxY * t) / 4;
    parts.push(
      `<line x1="${left}" y1="${py(vy)}" x2="${left + plotWidth}" y2="${py(vy)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${py(vy) + 4}" ${font()} text-anchor="end">${+vy.toPrecision(3)}</text>`,
      `<text x="${px(vx)}" y="${top + plotHeight + 16}" ${font()} text-anchor="middle">${+vx.toPrecision(3)}</text>`,
    );
  }
  for (const s of chart.series) {
    const path = s.points.map((p) => `${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
  }
  parts.push(
    `<text x="${left + plotWidth / 2}" y="${top + plotHeight + 34}" ${font()} text-anchor="middle">${escapeXml(chart.xLabel)}</text>`,
    `<text x="14" y="${top + plotHeight / 2}" ${font()} text-anchor="middle" transform="rotate(-90 14 ${top + plotHeight / 2})">${escapeXml(chart.yLabel)}</text>`,
  );
  const width = left + plotWidth + 30;
  const height = top + plotHeight + 44;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>\n`;
}
