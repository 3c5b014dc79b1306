// Installable and offline once loaded: the manifest is served, the service
// worker caches this origin's files, and a reload with the network cut still
// opens the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp } from './harness.mjs';

test('works offline after the first visit', async () => {
  const { context, page, violations, errors, close } = await launch();
  try {
    await openApp(page);
    const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json());
    assert.equal(manifest.short_name, 'Slipcheck');
    assert.equal(manifest.display, 'standalone');
    // Wait until the worker controls the page and has cached the wasm
    // (evaluate, not waitForFunction: an async predicate's Promise is truthy).
    const ready = async () => page.evaluate(async () => {
      if (!navigator.serviceWorker.controller) return false;
      for (const k of await caches.keys()) {
        const reqs = await (await caches.open(k)).keys();
        if (reqs.some((r) => /slipcheck-app-.*\.wasm$/.test(r.url)) && reqs.some((r) => r.url.endsWith('slipcheck-worker_bg.wasm'))) return true;
      }
      return false;
    });
    let ok = false;
    for (let i = 0; i < 100 && !ok; i++) {
      ok = await ready();
      if (!ok) await page.waitForTimeout(200);
    }
    assert.ok(ok, 'the service worker cached the app and its worker');
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('#app-title', { timeout: 20000 });
    await page.click('#try-sample');
    await page.waitForSelector('#file-list > li');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});
