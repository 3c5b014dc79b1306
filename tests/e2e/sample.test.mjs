// The first screen and "Try a sample case", at desktop and tablet sizes, and
// the language default taken from the browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, screenshot } from './harness.mjs';

for (const [w, h] of [[1280, 800], [768, 1024]]) {
  test(`sample case at ${w}×${h}`, async () => {
    const { page, violations, errors, close } = await launch({ viewport: { width: w, height: h } });
    try {
      await openApp(page);
      await screenshot(page, `start-${w}x${h}`);
      await page.click('#try-sample');
      await page.waitForSelector('#file-list > li');
      const files = await page.$$eval('#file-list > li', (ls) => ls.map((l) => [l.querySelector('.name').textContent, l.dataset.kind]));
      assert.deepEqual(files.map((f) => f[1]), ['statement', 'receipt', 'receipt', 'receipt', 'receipt']);
      // static/sample/statement.csv has six lines after its header.
      assert.equal(await page.getAttribute('#file-list > li:first-child', 'data-records'), '6');
      // The sample is looked at as of 2026-03-20, whatever today is.
      assert.equal(await page.inputValue('#as-of'), '2026-03-20');
      assert.ok(await page.isVisible('#review-heading'));
      // The sample's story: Whole Foods posted twice, the Tartine tip raised
      // after signing (72.00 + 10.80 written, 98.40 posted), Acme's refund missing.
      await page.waitForSelector('#findings li.finding');
      const kinds = await page.$$eval('#findings li.finding', (ls) => ls.map((l) => l.dataset.kind));
      for (const k of ['duplicate_charge', 'tip_changed', 'refund_missing']) assert.ok(kinds.includes(k), `${k} in ${kinds}`);
      assert.equal(await page.textContent('#findings li.finding[data-kind="tip_changed"] .money'), '15.60 USD');
      assert.ok((await page.locator('#pairs li.pair').count()) >= 3, 'the slips are paired with their lines');
      await screenshot(page, `sample-${w}x${h}`);
      assert.ok(await page.evaluate((w) => document.documentElement.scrollWidth <= w, w), 'no sideways scrolling');
      // Keyboard: Tab reaches the sample button and focus is visible.
      await page.reload();
      await page.waitForSelector('#try-sample');
      let focused = '';
      for (let i = 0; i < 25 && focused !== 'try-sample'; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement?.id ?? '');
      }
      assert.equal(focused, 'try-sample', 'reachable by keyboard');
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none', 'focus is visible');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
    assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
  });
}

test('a Chinese browser opens in Chinese', async () => {
  const { page, violations, close } = await launch({ locale: 'zh-CN' });
  try {
    await openApp(page);
    await page.waitForFunction(() => document.querySelector('#add-heading')?.textContent === '添加账单和签购单');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await page.textContent('#try-sample'), '试用示例案例');
    await screenshot(page, 'start-zh-768x1024');
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});
