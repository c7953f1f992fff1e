// Usage: node render-report.mjs <report.html> <screenshot.png>
// Prints JSON: every tagged element's path and text, the page text outside tagged elements, and console errors.
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [page_path, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', e => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', r => problems.push(`requestfailed: ${r.url()}`));
  page.on('request', r => { if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`); });
  await page.goto(pathToFileURL(page_path).href, { waitUntil: 'load' });
  const result = await page.evaluate(() => {
    const tagged = [...document.querySelectorAll('[data-key],[data-key-name]')].map(e => ({
      key: e.getAttribute('data-key') ?? e.getAttribute('data-key-name'),
      name: e.hasAttribute('data-key-name'),
      text: e.textContent,
      visible: !!(e.getClientRects().length),
    }));
    const clone = document.body.cloneNode(true);
    clone.querySelectorAll('[data-key],[data-key-name],style').forEach(e => e.remove());
    return { tagged, untaggedText: clone.textContent, bodyText: document.body.innerText };
  });
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ ...result, problems }));
} finally {
  await browser.close();
}
