// "A way to fix a wrong guess" for the two corrections the date-order test
// (layout.test.mjs) does not cover: the YEAR of year-less dates and the
// DECIMAL MARK. Each uploads a committed fixture (fixtures/README.md), changes
// the control in the file list as a person would, and checks that the lines
// of the re-solved case change accordingly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openApp, REPO } from './harness.mjs';

const fixture = (name) => readFileSync(join(REPO, 'tests', 'e2e', 'fixtures', name));
// "2025-06-20 · COFFEE HOUSE · -3.50 USD" → ['2025-06-20', 'COFFEE HOUSE', '-3.50', 'USD']
const lines = (page) => page.$$eval('#lonely-lines li', (ls) => ls.map((l) => {
  const [date, desc, money] = l.textContent.split(' · ');
  const [amount, currency] = money.split(' ');
  return [date, desc, amount, currency];
}).sort());

test('the year for year-less dates can be given, and the lines appear with it', async () => {
  const { page, violations, errors, close } = await launch();
  try {
    await openApp(page);
    await page.setInputFiles('#file-input', { name: 'yearless.csv', mimeType: 'text/csv', buffer: fixture('yearless.csv') });
    await page.waitForSelector('#file-list > li #layout-0-box');
    // Nothing says which year: every row is skipped, and the page says why.
    await page.waitForSelector('#file-list p.diag[data-code="csv.row_skipped"]');
    const skipped = await page.$$eval('#file-list p.diag[data-code="csv.row_skipped"]', (ps) => ps.map((p) => p.textContent));
    assert.equal(skipped.length, 3);
    assert.match(skipped[0], /the date "06\/20" in column "Date" has no year/);
    assert.equal(await page.getAttribute('#file-list > li', 'data-records'), '0');
    assert.equal(await page.$('#lonely-lines li'), null, 'no statement line before the year is known');
    assert.equal(await page.inputValue('#layout-0-year'), '');

    await page.click('#layout-0-box summary');
    await page.fill('#layout-0-year', '2025');
    await page.press('#layout-0-year', 'Tab');
    await page.waitForFunction(() => [...document.querySelectorAll('#lonely-lines li')].some((l) => l.textContent.startsWith('2025-06-20')));
    assert.deepEqual((await lines(page)).map((l) => l.slice(0, 3)), [
      ['2025-06-20', 'COFFEE HOUSE', '-3.50'],
      ['2025-07-01', 'BOOK SHOP', '-12.00'],
      ['2025-07-15', 'LUNCH BAR', '-9.00'],
    ]);
    // Re-read with the year: the file counts 3 lines and its warnings are gone.
    await page.waitForFunction(() => document.querySelector('#file-list > li')?.dataset.records === '3');
    assert.equal(await page.$('#file-list p.diag[data-code="csv.row_skipped"]'), null);
    assert.equal(await page.getAttribute('#lonely-lines', 'data-total'), '3');
    assert.equal(await page.inputValue('#layout-0-year'), '2025');
    assert.match(await page.textContent('#layout-0-box summary'), /your corrections are in force/);

    // Another year moves every line to it.
    await page.fill('#layout-0-year', '2024');
    await page.press('#layout-0-year', 'Tab');
    await page.waitForFunction(() => [...document.querySelectorAll('#lonely-lines li')].some((l) => l.textContent.startsWith('2024-06-20')));
    assert.deepEqual((await lines(page)).map((l) => l[0]), ['2024-06-20', '2024-07-01', '2024-07-15']);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});

test('the decimal mark can be corrected, and the amounts change with it', async () => {
  const { page, violations, errors, close } = await launch();
  try {
    await openApp(page);
    await page.setInputFiles('#file-input', { name: 'decimal-comma.csv', mimeType: 'text/csv', buffer: fixture('decimal-comma.csv') });
    await page.waitForSelector('#file-list > li #layout-0-box');
    await page.waitForSelector('#lonely-lines li', { state: 'attached' });
    // '-1,250' on every line: read as thousands (the reader's guess).
    assert.equal(await page.inputValue('#layout-0-decimal'), '.');
    const before = await lines(page);
    assert.deepEqual(before.map((l) => [l[0], Number(l[2]), l[3]]), [
      ['2026-03-02', -1250, 'EUR'],
      ['2026-03-05', -3500, 'EUR'],
      ['2026-03-09', -12750, 'EUR'],
    ]);

    await page.click('#layout-0-box summary');
    await page.selectOption('#layout-0-decimal', ',');
    await page.waitForFunction(() => [...document.querySelectorAll('#lonely-lines li')].some((l) => l.textContent.includes('TANKSTELLE') && !l.textContent.includes('1250')));
    const after = await lines(page);
    assert.deepEqual(after.map((l) => [l[0], l[1], Number(l[2]), l[3]]), [
      ['2026-03-02', 'TANKSTELLE NORD', -1.25, 'EUR'],
      ['2026-03-05', 'BAECKEREI SONNE', -3.5, 'EUR'],
      ['2026-03-09', 'APOTHEKE AM MARKT', -12.75, 'EUR'],
    ]);
    assert.equal(await page.inputValue('#layout-0-decimal'), ',');
    assert.equal(await page.getAttribute('#lonely-lines', 'data-total'), '3');
    assert.match(await page.textContent('#layout-0-box summary'), /your corrections are in force/);

    // Undo: back to the guess.
    await page.click('#layout-0-reset');
    await page.waitForFunction(() => [...document.querySelectorAll('#lonely-lines li')].some((l) => l.textContent.includes('-1250')));
    assert.equal(await page.inputValue('#layout-0-decimal'), '.');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});
