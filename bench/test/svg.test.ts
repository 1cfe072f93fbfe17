// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { renderBarChart, renderLineChart } from '../src/report/svg';

/** Every start tag of `svg`, with its attribute names. */
function tags(svg: string): { name: string; attributes: string[] }[] {
  return [...svg.matchAll(/<([a-z]+)((?:\s+[a-z-]+="[^"]*")*)\s*\/?>/g)].map((match) => ({
    name: match[1]!,
    attributes: [...match[2]!.matchAll(/([a-z-]+)="/g)].map((attribute) => attribute[1]!),
  }));
}

function expectWellFormed(svg: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.trim().endsWith('</svg>')).toBe(true);
  expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  for (const tag of tags(svg)) expect(new Set(tag.attributes).size, tag.name).toBe(tag.attributes.length);
}

describe('renderBarChart', () => {
  const chart = renderBarChart({
    title: 'ratios <&>',
    unit: 'ratio',
    reference: 1,
    series: [
      { name: 'level 1', color: '#111' },
      { name: 'level 6', color: '#222' },
    ],
    groups: [
      { label: 'a', values: [0.5, 2] },
      { label: 'b', values: [undefined, 1.25] },
    ],
  });

  it('is well-formed SVG with escaped text and no duplicate attributes', () => {
    expectWellFormed(chart);
    expect(chart).toContain('ratios &lt;&amp;&gt;');
  });

  it('draws one bar per value and n/a for a missing one', () => {
    expect(tags(chart).filter((t) => t.name === 'rect' && t.attributes.includes('y'))).toHaveLength(3 + 2);
    expect(chart).toContain('>n/a<');
  });
});

describe('renderLineChart', () => {
  it('draws one polyline per series', () => {
    const chart = renderLineChart({
      title: 'rss',
      xLabel: 'GiB',
      yLabel: 'MiB',
      series: [
        {
          name: 'x',
          color: '#111',
          points: [
            [0, 50],
            [1, 52],
          ],
        },
        {
          name: 'y',
          color: '#222',
          points: [
            [0, 51],
            [0.5, 60],
            [1, 61],
          ],
        },
      ],
    });
    expectWellFormed(chart);
    expect(tags(chart).filter((t) => t.name === 'polyline')).toHaveLength(2);
  });
});
