// Issue 2's end-to-end check: load the app, upload two files, switch to
// Chinese, screenshot — with no request leaving 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openApp, screenshot, REPO } from './harness.mjs';

const SCEN = join(REPO, 'crates/core/tests/data/scenarios/public');

test('upload two files, see their kinds, switch to Chinese', async () => {
  const { page, violations, errors, close } = await launch();
  try {
    await openApp(page);
    const statement = readFileSync(join(SCEN, 'case-004/BankofAmerica_CreditCard.qif'));
    const receipt = readFileSync(join(SCEN, 'case-004/r02.txt'));
    await page.setInputFiles('#file-input', [
      { name: 'BankofAmerica_CreditCard.qif', mimeType: 'application/octet-stream', buffer: statement },
      { name: 'r02.txt', mimeType: 'text/plain', buffer: receipt },
    ]);
    const rows = page.locator('#file-list li');
    await rows.nth(1).waitFor({ timeout: 10000 });
    const items = await rows.evaluateAll((lis) =>
      lis.map((li) => ({ name: li.querySelector('.name').textContent, kind: li.dataset.kind })));
    items.sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(items, [
      { name: 'BankofAmerica_CreditCard.qif', kind: 'statement' },
      { name: 'r02.txt', kind: 'receipt' },
    ]);
    assert.match(await rows.first().locator('.size').textContent(), /\d+(\.\d)? (B|KB)/);

    await page.click('#lang-zh');
    await page.waitForFunction(() => document.querySelector('#add-heading')?.textContent === '添加账单和签购单');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await rows.first().locator('.kind').textContent(), '账单');
    await screenshot(page, 'foundation-zh-1280x800');
    assert.deepEqual(errors, [], 'no uncaught page errors');
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});
