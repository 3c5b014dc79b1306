// Accessibility measured: axe-core (pinned in package.json, loaded from
// node_modules, so offline) on the first screen, the review, the findings,
// the letter and merchant mode, in English and Chinese; any violation of
// colour contrast, labels, button names or image alternatives fails. Focus
// must be visible on every control reached with Tab, and merchant mode's
// touch targets are at least 44 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openApp } from './harness.mjs';
import { importCase } from './case.fixture.mjs';

const AXE = readFileSync(join(import.meta.dirname, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const RULES = ['color-contrast', 'label', 'button-name', 'image-alt', 'input-button-name', 'select-name', 'link-name', 'aria-input-field-name'];

/** Runs axe on the page; returns "rule: target — summary" lines. */
async function axe(page, within = 'body') {
  // evaluate() runs outside the page's CSP, like a devtools console.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const res = await page.evaluate(async ([within, rules]) => {
    const r = await window.axe.run(document.querySelector(within), { runOnly: { type: 'rule', values: rules }, resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`));
  }, [within, RULES]);
  return res;
}

/** Tabs through the page; returns the controls whose focus shows no outline or ring. */
async function unfocusable(page, steps = 60) {
  const bad = [];
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      // A visually hidden file input shows its focus on the label after it.
      const shown = el.classList.contains('visually-hidden-file') ? el.nextElementSibling : el;
      const s = getComputedStyle(shown);
      const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none');
      return { id: el.id || el.tagName + '.' + el.className, ring };
    });
    if (r && !r.ring) bad.push(r.id);
  }
  return [...new Set(bad)];
}

for (const lang of ['en', 'zh']) {
  test(`axe finds nothing on the main screens (${lang})`, { timeout: 180000 }, async () => {
    const { page, violations, errors, close } = await launch();
    try {
      await openApp(page);
      await page.click(`#lang-${lang}`);
      const found = [];
      const check = async (screen, within) => {
        for (const v of await axe(page, within)) found.push(`[${screen}] ${v}`);
      };
      await check('first screen');
      assert.deepEqual(await unfocusable(page, 25), [], 'focus is visible on the first screen');

      await importCase(page);
      await page.waitForSelector('#findings li.finding');
      await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
      await check('review', '#review');
      await check('findings', '#findings-section');
      await page.click('#findings li.finding button.open-letter');
      await page.waitForSelector('#letter-text');
      await check('letter', '#letter');
      assert.deepEqual(await unfocusable(page, 80), [], 'focus is visible through the case');

      await page.click('#mode-merchant');
      await page.waitForSelector('#merchant');
      await page.setInputFiles('#merchant-file', { name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(
        '交易日期,交易时间,交易类型,卡号,交易金额,授权码,参考号,凭证号\n2026-03-02,09:15:02,消费,622848******1234,88.50,A1B2C3,603021234567,000101\n') });
      await page.waitForSelector('#export-loaded');
      await page.fill('#m-last4', '1234');
      await page.click('#m-search');
      await page.waitForSelector('#lifecycle');
      await page.fill('#code-input', '05');
      await page.click('#code-lookup');
      await page.waitForSelector('#code-result');
      await check('merchant');
      assert.deepEqual(await unfocusable(page, 30), [], 'focus is visible in merchant mode');
      assert.deepEqual(found, [], found.join('\n'));

      // Touch targets in merchant mode: every control at least 44 × 44 px.
      const small = await page.$$eval('#merchant button, #merchant select, #merchant input:not(.visually-hidden-file), #merchant label.button', (els) =>
        els.map((e) => {
          // A checkbox is tapped through its whole labelled row.
          const target = e.type === 'checkbox' ? e.closest('li') || e : e;
          const r = target.getBoundingClientRect();
          return { id: e.id || e.textContent.trim().slice(0, 20) || e.type, w: r.width, h: r.height };
        }).filter((r) => r.w > 0 && (r.h < 44 || r.w < 44)));
      assert.deepEqual(small, [], 'touch targets of at least 44 px');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
    assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
  });
}
