// The case survives a reload (IndexedDB autosave) and "forget everything on
// this device" really erases it: after forget + reload nothing comes back.
// Uploaded files are kept as raw bytes: they must survive any number of
// reloads, not just the first (a restore must not erase what it restores).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openApp, screenshot, REPO } from './harness.mjs';
import { importCase } from './case.fixture.mjs';

/** What the app stored in IndexedDB, or null. */
const stored = (page) => page.evaluate(() => new Promise((resolve) => {
  const r = indexedDB.open('slipcheck', 1);
  r.onupgradeneeded = () => r.result.createObjectStore('case');
  r.onsuccess = () => {
    const db = r.result;
    const get = db.transaction('case', 'readonly').objectStore('case').get('current');
    get.onsuccess = () => { db.close(); resolve(get.result ?? null); };
    get.onerror = () => { db.close(); resolve(null); };
  };
  r.onerror = () => resolve(null);
}));

test('reload restores the case; forget erases it for good', async () => {
  const { page, violations, errors, close } = await launch();
  try {
    await openApp(page);
    await importCase(page);
    await page.waitForSelector('#findings li.finding[data-kind="tip_changed"]');
    // A decision and a tick, which must come back too.
    await page.click('#pairs li.pair[data-receipt="blue-bottle.txt"] button.unpair');
    await page.locator('#findings li.finding[data-kind="tip_changed"] .checklist input').first().check();
    await page.waitForFunction(() => true);
    let saved = null;
    for (let i = 0; i < 50 && !(saved && saved.includes('blue-bottle.txt') && saved.includes('|0')); i++) {
      await page.waitForTimeout(100);
      saved = await stored(page);
    }
    assert.ok(saved, 'the case was autosaved');
    assert.equal(JSON.parse(saved).files.length, 5);

    await page.reload();
    await page.waitForSelector('#app-title');
    await page.waitForSelector('#notice');
    assert.equal(await page.textContent('#notice'), 'Your case was restored from this device.');
    // The worker re-reads the case; the page shows it when it answers.
    await page.waitForFunction(() => document.querySelectorAll('#file-list > li').length === 5);
    await page.waitForSelector('#forbidden li[data-receipt="blue-bottle.txt"]');
    assert.equal(await page.locator('#forbidden li[data-receipt="blue-bottle.txt"]').count(), 1, 'the unpairing survived');
    assert.equal(await page.locator('#findings li.finding[data-kind="tip_changed"] .checklist input').first().isChecked(), true, 'the tick survived');
    await screenshot(page, 'restored-1280x800');

    // Forget: two steps, then nothing is left.
    await page.click('#forget');
    await page.click('#forget-confirm');
    await page.waitForFunction(() => document.querySelector('#notice')?.textContent === 'Everything was erased from this device.');
    assert.equal(await page.locator('#file-list > li').count(), 0);
    await page.waitForTimeout(300);
    assert.equal(await stored(page), null, 'IndexedDB holds nothing');

    await page.reload();
    await page.waitForSelector('#app-title');
    await page.waitForTimeout(500);
    assert.equal(await page.locator('#file-list > li').count(), 0, 'nothing restored after forget + reload');
    assert.equal(await page.locator('#notice').count(), 0);
    assert.equal(await page.textContent('.empty'), 'No files yet.');
    assert.equal(await stored(page), null);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});

/** The keys the app keeps in IndexedDB. */
const keys = (page) => page.evaluate(() => new Promise((resolve) => {
  const r = indexedDB.open('slipcheck', 1);
  r.onupgradeneeded = () => r.result.createObjectStore('case');
  r.onsuccess = () => {
    const db = r.result;
    const q = db.transaction('case', 'readonly').objectStore('case').getAllKeys();
    q.onsuccess = () => { db.close(); resolve(q.result.map(String).sort()); };
    q.onerror = () => { db.close(); resolve([]); };
  };
  r.onerror = () => resolve([]);
}));

test('uploaded files survive reload after reload', async () => {
  const { page, violations, errors, close } = await launch();
  const dir = join(REPO, 'crates/core/tests/data/scenarios/public/case-009');
  const stmt = 'Chase0625_Activity20251203.CSV';
  const records = readFileSync(join(dir, stmt), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;
  try {
    await openApp(page);
    await page.setInputFiles('#file-input', [
      { name: stmt, mimeType: 'text/csv', buffer: readFileSync(join(dir, stmt)) },
      { name: 'r01.txt', mimeType: 'text/plain', buffer: readFileSync(join(dir, 'r01.txt')) },
    ]);
    await page.waitForFunction(() => document.querySelectorAll('#file-list > li').length === 2);
    const want = ['current', `file:${stmt}`, 'file:r01.txt'];
    for (let i = 0; i < 50 && JSON.stringify(await keys(page)) !== JSON.stringify(want); i++) await page.waitForTimeout(100);
    assert.deepEqual(await keys(page), want, 'the case and both raw files are kept');
    for (const round of [1, 2, 3]) {
      await page.reload();
      await page.waitForSelector('#app-title');
      await page.waitForFunction(() => document.querySelectorAll('#file-list > li').length === 2, null, { timeout: 30000 });
      const row = page.locator(`#file-list > li:has(.name:text-is("${stmt}"))`);
      assert.equal(await row.getAttribute('data-records'), String(records), `round ${round}: the statement was read again`);
      await page.waitForTimeout(300);
      assert.deepEqual(await keys(page), want, `round ${round}: the raw files are still on the device`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});
