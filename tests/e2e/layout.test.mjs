// "A way to fix a wrong guess": a statement whose days are all ≤ 12 cannot
// tell day/month from month/day, and is read month-first. The file list shows
// what the reader guessed (column roles, date order, decimal mark, year); the
// user switches the date order and the dates shown change, and stay changed
// after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp } from './harness.mjs';

// A UK export: 1 February, 3 April, 5 June 2026.
const CSV = 'Date,Description,Amount\n01/02/2026,COFFEE HOUSE,-3.50\n03/04/2026,BOOK SHOP,-12.00\n05/06/2026,LUNCH BAR,-9.00\n';
const dates = (page) => page.$$eval('#lonely-lines li', (ls) => ls.map((l) => l.textContent.slice(0, 10)).sort());

test('the reader\'s guess is shown and a date order can be corrected', async () => {
  const { page, violations, errors, close } = await launch();
  try {
    await openApp(page);
    await page.setInputFiles('#file-input', { name: 'uk.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.waitForSelector('#file-list > li #layout-0-box');
    assert.equal(await page.getAttribute('#layout-0-box', 'data-date-order'), 'mdy', 'read month-first by default');
    // Every column's role is shown by its header.
    const roles = await page.$$eval('#layout-0-box select.role-select', (ss) => ss.map((s) => [s.labels[0].textContent, s.value]));
    assert.deepEqual(roles, [['Date', 'date'], ['Description', 'description'], ['Amount', 'amount']]);
    assert.equal(await page.inputValue('#layout-0-decimal'), '.');
    await page.waitForSelector('#lonely-lines li', { state: 'attached' });
    assert.deepEqual(await dates(page), ['2026-01-02', '2026-03-04', '2026-05-06']);

    await page.click('#layout-0-box summary');
    await page.selectOption('#layout-0-date-order', 'dmy');
    await page.waitForFunction(() => document.querySelector('#layout-0-box')?.dataset.dateOrder === 'dmy');
    await page.waitForFunction(() => [...document.querySelectorAll('#lonely-lines li')].some((l) => l.textContent.startsWith('2026-02-01')));
    assert.deepEqual(await dates(page), ['2026-02-01', '2026-04-03', '2026-06-05']);
    assert.match(await page.textContent('#layout-0-box summary'), /your corrections are in force/);

    // The correction is part of the saved case.
    let saved = null;
    for (let i = 0; i < 50 && !(saved && saved.includes('dmy')); i++) {
      await page.waitForTimeout(100);
      saved = await page.evaluate(() => new Promise((resolve) => {
        const r = indexedDB.open('slipcheck', 1);
        r.onupgradeneeded = () => r.result.createObjectStore('case');
        r.onsuccess = () => {
          const get = r.result.transaction('case', 'readonly').objectStore('case').get('current');
          get.onsuccess = () => { r.result.close(); resolve(get.result ?? null); };
          get.onerror = () => { r.result.close(); resolve(null); };
        };
        r.onerror = () => resolve(null);
      }));
    }
    await page.reload();
    await page.waitForSelector('#lonely-lines li', { state: 'attached' });
    await page.waitForFunction(() => [...document.querySelectorAll('#lonely-lines li')].some((l) => l.textContent.startsWith('2026-02-01')));
    assert.deepEqual(await dates(page), ['2026-02-01', '2026-04-03', '2026-06-05']);
    assert.equal(await page.getAttribute('#layout-0-box', 'data-date-order'), 'dmy');

    // Undo: back to the guess.
    await page.click('#layout-0-reset');
    await page.waitForFunction(() => document.querySelector('#layout-0-box')?.dataset.dateOrder === 'mdy');
    await page.waitForFunction(() => [...document.querySelectorAll('#lonely-lines li')].some((l) => l.textContent.startsWith('2026-01-02')));
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});
