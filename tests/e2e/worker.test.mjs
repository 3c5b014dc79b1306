// Big files go to the web worker: the page stays responsive, a progress bar
// shows, and Cancel really stops the job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp } from './harness.mjs';

/** A card CSV export of `n` purchases (Chase's column layout). */
function bigCsv(n) {
  const rows = ['Transaction Date,Post Date,Description,Category,Type,Amount,Memo'];
  for (let i = 0; i < n; i++) {
    const d = String(1 + (i % 28)).padStart(2, '0');
    rows.push(`03/${d}/2026,03/${d}/2026,SHOP NUMBER ${i} SAN FRANCISCO CA,Shopping,Sale,-${(1 + (i % 500)).toFixed(2)},`);
  }
  return Buffer.from(rows.join('\n') + '\n');
}

test('a big statement is read by the worker with a progress bar; cancel stops a job', async () => {
  const { page, violations, errors, close } = await launch();
  try {
    await openApp(page);
    // Record whether the progress bar ever appeared.
    await page.evaluate(() => {
      window.__sawProgress = false;
      new MutationObserver(() => { if (document.querySelector('#progress progress')) window.__sawProgress = true; })
        .observe(document.body, { childList: true, subtree: true });
    });
    const n = 20000;
    const csv = bigCsv(n);
    assert.ok(csv.length > 512 * 1024, 'big enough for the worker');
    await page.setInputFiles('#file-input', { name: 'big.csv', mimeType: 'text/csv', buffer: csv });
    await page.waitForSelector('#file-list > li', { timeout: 60000 });
    assert.equal(await page.getAttribute('#file-list > li', 'data-records'), String(n));
    assert.equal(await page.evaluate(() => window.__sawProgress), true, 'a progress bar was shown');
    await page.waitForSelector('#progress', { state: 'detached', timeout: 60000 });

    // Start a bigger job and cancel it: nothing is added, the page answers at once.
    await page.click('#clear-files');
    await page.waitForSelector('#file-list', { state: 'detached' });
    await page.setInputFiles('#file-input', { name: 'huge.csv', mimeType: 'text/csv', buffer: bigCsv(200000) });
    await page.waitForSelector('#cancel-job');
    const t0 = Date.now();
    assert.equal(await page.evaluate(() => 1 + 1), 2);
    assert.ok(Date.now() - t0 < 1000, 'the page is not frozen while the worker reads');
    await page.click('#cancel-job');
    await page.waitForSelector('#progress', { state: 'detached' });
    await page.waitForTimeout(500);
    assert.equal(await page.locator('#file-list > li').count(), 0, 'the cancelled file was not added');
    // The fresh worker takes the next job.
    await page.setInputFiles('#file-input', { name: 'big.csv', mimeType: 'text/csv', buffer: csv });
    await page.waitForSelector('#file-list > li', { timeout: 60000 });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});
