// The case survives a reload (IndexedDB autosave) and "forget everything on
// this device" really erases it: after forget + reload nothing comes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, screenshot } from './harness.mjs';
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
