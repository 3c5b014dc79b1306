// Adding files the ways a person does: the picker with a real statement export
// and its receipts (scenario case-009), pasted SMS text, and fixing a wrong
// guess by reading a file as another format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openApp, screenshot, REPO } from './harness.mjs';

const CASE = join(REPO, 'crates/core/tests/data/scenarios/public/case-009');
const STATEMENT = 'Chase0625_Activity20251203.CSV';

test('upload a statement and receipts, paste an SMS, override a format', async () => {
  const { page, violations, errors, close } = await launch();
  try {
    await openApp(page);
    const receipts = readdirSync(CASE).filter((f) => /^r\d+\.txt$/.test(f)).sort();
    const stmt = readFileSync(join(CASE, STATEMENT));
    // Every non-empty line after the header is one transaction.
    const lines = stmt.toString('utf8').split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;
    await page.setInputFiles('#file-input', [
      { name: STATEMENT, mimeType: 'text/csv', buffer: stmt },
      ...receipts.map((r) => ({ name: r, mimeType: 'text/plain', buffer: readFileSync(join(CASE, r)) })),
    ]);
    await page.waitForFunction((n) => document.querySelectorAll('#file-list > li').length === n, receipts.length + 1);
    const row = (name) => page.locator(`#file-list > li:has(.name:text-is("${name}"))`);
    assert.equal(await row(STATEMENT).getAttribute('data-kind'), 'statement');
    assert.equal(await row(STATEMENT).getAttribute('data-records'), String(lines));
    assert.equal(await row(STATEMENT).locator('.records').textContent(), `${lines} records read`);
    // r01.txt is a POS card slip (JOE'S DINER, SALE, APPROVED).
    assert.equal(await row('r01.txt').getAttribute('data-kind'), 'receipt');
    // Each file says what it was taken for and whether it read cleanly, in
    // words; a file that was not recognised says so and what to do.
    for (const name of [STATEMENT, ...receipts]) {
      assert.equal(await row(name).locator('.diag-ok, .diagnostics').count(), 1, name);
      if ((await row(name).getAttribute('data-kind')) === 'unknown') {
        assert.match(await row(name).locator('.diagnostics').textContent(), /Problem: .*not recognised.* — /, name);
      }
    }
    await screenshot(page, 'upload-1280x800');

    // Each pairing shows the slip's own lines its fields were read from
    // (r01.txt: the TOTAL line 21 gave the total, the VISA line the card).
    const pair = page.locator('#pairs li.pair[data-receipt="r01.txt"]');
    await pair.waitFor();
    await pair.locator('.receipt-source summary').click();
    const total = pair.locator('.receipt-source li[data-line="21"]');
    assert.match(await total.textContent(), /line 21 "?TOTAL\s+\$155\.19"? → .*Total/);
    const card = await pair.locator('.receipt-source').textContent();
    assert.match(card, /VISA\s+\*{12}0625/, 'the card line, as printed (already masked on the slip)');

    // Paste a bank SMS notice.
    await page.fill('#paste-text', '【招商银行】您尾号5290的信用卡03月02日14:05在星巴克消费人民币88.50元。');
    await page.click('#paste-add');
    await page.waitForSelector('#file-list > li:has(.name:text-is("pasted-1.txt"))');
    assert.equal(await row('pasted-1.txt').getAttribute('data-kind'), 'receipt');
    assert.equal(await page.inputValue('#paste-text'), '', 'the box empties after adding');

    // Wrong guess? Read the statement as receipt text, see it change, and back.
    const select = row(STATEMENT).locator('select.format-select');
    await select.selectOption('receipt-text');
    await page.waitForFunction((n) => [...document.querySelectorAll('#file-list > li')].some((li) => li.querySelector('.name').textContent === n && li.dataset.kind === 'receipt'), STATEMENT);
    assert.match(await row(STATEMENT).locator('.overridden').textContent(), /you chose this; it was recognised as CSV/);
    await select.selectOption('csv');
    await page.waitForFunction((n) => [...document.querySelectorAll('#file-list > li')].some((li) => li.querySelector('.name').textContent === n && li.dataset.kind === 'statement'), STATEMENT);
    assert.equal(await row(STATEMENT).getAttribute('data-records'), String(lines));
    assert.equal(await row(STATEMENT).locator('.overridden').count(), 0);

    // Remove one file.
    await row('pasted-1.txt').locator('button.remove').click();
    await page.waitForFunction((n) => document.querySelectorAll('#file-list > li').length === n, receipts.length + 1);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});
