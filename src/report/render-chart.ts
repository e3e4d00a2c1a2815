// Renders a vega-lite specification headlessly: vega-lite → vega → SVG text (renderer "none"), SVG → PNG with resvg.

// The renderers load on first use, so commands that draw nothing start without them.
import type { TopLevelSpec } from 'vega-lite';

/** The chart as a standalone SVG document (with xmlns), which browsers and image viewers open as is. */
export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = compile(spec).spec;
  // renderer 'none' with no loader: headless, no DOM, no network (the data is inline).
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG bytes of an SVG at `scale` × its size, on white, with the system fonts (DejaVu Sans where present). */
export async function renderSvgToPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
