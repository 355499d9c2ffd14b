/** `--name: #rrggbb` custom properties in a stylesheet, in order; later definitions override. */
export function cssColours(css: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const m of css.matchAll(/(--[a-z0-9-]+):\s*(#[0-9a-f]{6})\b/gi)) {
    vars.set(m[1]!, m[2]!.toLowerCase());
  }
  return vars;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/**
 * WCAG 2 contrast ratio (1..21) of two colours, each a `#rrggbb` or a custom property name
 * looked up in `vars`. Throws for a name that is not defined.
 */
export function contrastRatio(a: string, b: string, vars: Map<string, string>): number {
  const hex = (name: string) => {
    const value = name.startsWith('#') ? name : vars.get(name);
    if (!value) throw new Error(`${name} is not defined`);
    return value;
  };
  const [hi, lo] = [luminance(hex(a)), luminance(hex(b))].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** A CSS colour as the browser computes it, `rgb(r, g, b)` or `rgba(r, g, b, a)`, as #rrggbb and alpha. */
export function parseRgb(css: string): { hex: string; alpha: number } | null {
  const m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)$/.exec(css.trim());
  if (!m) return null;
  const hex = `#${[m[1], m[2], m[3]].map((v) => Number(v).toString(16).padStart(2, '0')).join('')}`;
  return { hex, alpha: m[4] === undefined ? 1 : Number(m[4]) };
}
