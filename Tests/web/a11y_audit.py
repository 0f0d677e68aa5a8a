"""A small accessibility audit run inside the page (axe-core is not installable here).

AUDIT_JS is evaluated by Playwright and returns a list of problems (empty when clean):
document language and title; unique ids; every control, link, summary and chart has an
accessible name; aria-labelledby/-describedby point at existing elements; one h1 and no
skipped heading levels; a main landmark; result areas are live regions; and WCAG 2.1 contrast
(4.5:1, 3:1 for large text) for every visible text, SVG labels included, against the
composited background. Disabled controls are exempt from contrast, as WCAG says.
"""

AUDIT_JS = r"""
() => {
  const problems = [];
  const visible = (e) => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && !e.closest('[hidden], dialog:not([open])');
  };
  const describe = (e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''} "${(e.textContent || '').trim().slice(0, 30)}"`;

  if (!document.documentElement.lang) problems.push('html element has no lang');
  if (!document.title.trim()) problems.push('document has no title');
  if (!document.querySelector('main')) problems.push('no main landmark');

  const seen = new Map();
  for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
  for (const [id, n] of seen) if (n > 1) problems.push(`id "${id}" used ${n} times`);

  for (const e of document.querySelectorAll('[aria-labelledby], [aria-describedby]')) {
    for (const attr of ['aria-labelledby', 'aria-describedby']) {
      for (const id of (e.getAttribute(attr) ?? '').split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) problems.push(`${describe(e)}: ${attr} points at missing #${id}`);
      }
    }
  }

  const textOf = (ids) => ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
  const accessibleName = (e) => {
    if (e.getAttribute('aria-label')?.trim()) return e.getAttribute('aria-label');
    if (e.getAttribute('aria-labelledby')) return textOf(e.getAttribute('aria-labelledby'));
    if (e.labels?.length) return [...e.labels].map((l) => l.textContent).join(' ');
    if (e.tagName === 'svg') return e.querySelector(':scope > title')?.textContent ?? '';
    if (['BUTTON', 'A', 'SUMMARY'].includes(e.tagName) || e.getAttribute('role') === 'button') return e.textContent;
    return e.getAttribute('title') ?? '';
  };
  const controls = 'button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"]), svg[role=img], progress';
  for (const e of document.querySelectorAll(controls)) {
    if (!accessibleName(e).trim()) problems.push(`${describe(e)} has no accessible name`);
  }

  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter((h) => !h.closest('dialog'));
  if (headings.filter((h) => h.tagName === 'H1').length !== 1) problems.push('there must be exactly one h1');
  let level = 0;
  for (const h of headings) {
    const n = Number(h.tagName[1]);
    if (n > level + 1) problems.push(`heading level skipped before ${describe(h)} (h${level} → h${n})`);
    level = n;
  }

  for (const id of ['lua-verdict', 'lua-browser-stats', 'lua-server-stats', 'stream-progress-text', 'stream-verdict', 'engine-status', 'server-status', 'receipts-list']) {
    const e = document.getElementById(id);
    if (!e?.closest('[aria-live], [role=status], [role=alert]')) problems.push(`#${id} is not in a live region`);
  }

  // Contrast (WCAG 2.1 relative luminance), against the background composited up the tree.
  const parse = (c) => {
    let m = c.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
    if (m) return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
    m = c.match(/color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)/);
    if (m) return [m[1] * 255, m[2] * 255, m[3] * 255, m[4] === undefined ? 1 : +m[4]];
    return null;
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const background = (e) => {
    const layers = [];
    for (let n = e; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] === 1) break; }
    }
    let color = [255, 255, 255, 1];
    if (!layers.length || layers.at(-1)[3] < 1) color = matchMedia('(prefers-color-scheme: dark)').matches ? [0, 0, 0, 1] : color;
    for (const layer of layers.reverse()) color = over(layer, color);
    return color;
  };
  const luminance = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const checked = new Set();
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const e = t.parentElement;
    if (!t.textContent.trim() || checked.has(e) || !visible(e)) continue;
    checked.add(e);
    if (e.closest('button:disabled, .visually-hidden, textarea, option')) continue;
    const s = getComputedStyle(e);
    let fg = parse(e.closest('svg') ? s.fill : s.color);
    if (!fg) continue;
    const bg = background(e);
    fg = over(fg, bg);
    const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
    const needed = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
    const r = ratio(fg, bg);
    if (r < needed) problems.push(`contrast ${r.toFixed(2)} < ${needed} for ${describe(e)}`);
  }
  return problems;
}
"""
