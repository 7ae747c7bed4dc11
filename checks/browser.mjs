// Browser checks for `invoke check` (browser.py): axe-core and layout in Debian's Chromium.
//
//   node browser.mjs CONFIG.json  ->  prints {results: [...]} as JSON on stdout
//
// CONFIG: {chromium, pages: [{name, url}], widths, schemes, axeTags, screenshots, allowedHost}.
// playwright-core only drives the browser: it never downloads one (executablePath is Debian's).
// launch() gives every run a fresh temporary profile (its own --user-data-dir).
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
mkdirSync(config.screenshots, { recursive: true });

const browser = await chromium.launch({
  executablePath: config.chromium,
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // Nothing but the local server can be reached, whatever a page asks for.
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  ],
});

// Elements that stick out past the right edge of the viewport, innermost first (at most 3).
function overflowing() {
  const width = document.documentElement.clientWidth;
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += `#${el.id}`;
    if (el.classList.length) name += '.' + [...el.classList].join('.');
    return name;
  };
  const inScroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && !inScroller(el);
  });
  const leaves = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
  return leaves.slice(0, 3).map((el) => `${describe(el)} reaches ${Math.round(el.getBoundingClientRect().right)}px`);
}

const results = [];
for (const scheme of config.schemes) {
  for (const width of config.widths) {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      colorScheme: scheme,
      reducedMotion: 'reduce',
    });
    for (const page_ of config.pages) {
      const page = await context.newPage();
      const failed = [];
      const external = [];
      await page.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.protocol === 'data:' || url.hostname === config.allowedHost) return route.continue();
        external.push(route.request().url());
        return route.abort();
      });
      page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
      page.on('requestfailed', (r) => {
        if (!external.includes(r.url())) failed.push(`${r.failure()?.errorText} ${r.url()}`);
      });
      const result = { page: page_.name, url: page_.url, scheme, width };
      try {
        await page.goto(page_.url, { waitUntil: 'load' });
        const layout = async () => page.evaluate(() => ({
          scrollWidth: document.scrollingElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        result.closed = await layout();
        result.closed.culprits = result.closed.scrollWidth > result.closed.clientWidth ? await page.evaluate(overflowing) : [];
        // Folded callouts: check what the reader sees once they open them, too.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
        result.open = await layout();
        result.open.culprits = result.open.scrollWidth > result.open.clientWidth ? await page.evaluate(overflowing) : [];
        const shot = `${page_.name}-${width}-${scheme}.png`;
        await page.screenshot({ path: join(config.screenshots, shot), fullPage: true });
        result.screenshot = shot;
        await page.evaluate(axeSource);
        result.violations = await page.evaluate(async (tags) => {
          const run = await window.axe.run(document, {
            runOnly: { type: 'tag', values: tags },
            resultTypes: ['violations'],
          });
          return run.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary || '').split('\n').slice(1, 2).join(' ').trim() })),
          }));
        }, config.axeTags);
      } catch (error) {
        result.error = String(error).split('\n')[0];
      }
      result.failed = failed;
      result.external = external;
      results.push(result);
      await page.close();
    }
    await context.close();
  }
}
await browser.close();
process.stdout.write(JSON.stringify({ results }));
