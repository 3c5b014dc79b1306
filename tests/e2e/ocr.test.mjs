// Photos read by OCR inside the app: a slip photo rendered in the browser
// (text drawn on a canvas, turned, noised and JPEG-compressed like a phone
// photo) goes through the file input; the OCR worker downloads its weights
// from 127.0.0.1 with a visible progress, reads the photo, and the receipt's
// total, date and last 4 show on the page. A field is corrected (with the
// photo crop it came from on show) and the case re-solves with it. After a
// reload, a second photo (a SROIE scan) is read without downloading the
// weights again: they come from the Cache API, and the first photo's
// correction form and crops are back (the picture is kept on the device).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openApp, screenshot, REPO } from './harness.mjs';

const SROIE = join(REPO, 'crates/core/tests/data/public/image');
const WEIGHTS = /\/models\/(ppocrv5_det\.onnx|ppocrv5_rec\.onnx|ppocr_keys_v5\.txt)$/;
const OCR_TIMEOUT = 240000;

/** Renders a POS slip photo in the page; returns its JPEG bytes. */
async function renderSlip(page) {
  const b64 = await page.evaluate(async () => {
    const lines = [
      ["JOE'S DINER", 30],
      ['123 MAIN ST SPRINGFIELD', 22],
      ['MID:000123456789 TID:00012345', 22],
      ['SALE', 28],
      ['VISA ************1234', 24],
      ['DATE:2025/05/01 TIME:19:58:33', 22],
      ['AUTH CODE:0A12B3', 22],
      ['SUBTOTAL USD 38.00', 24],
      ['TIP USD 4.50', 24],
      ['TOTAL USD 42.50', 30],
      ['APPROVED', 26],
      ['CARDHOLDER COPY', 22],
    ];
    const c = new OffscreenCanvas(620, 760);
    const g = c.getContext('2d');
    g.fillStyle = '#8a8f96'; // the table the slip lies on
    g.fillRect(0, 0, c.width, c.height);
    g.translate(310, 380);
    g.rotate((2.5 * Math.PI) / 180);
    g.translate(-250, -350);
    g.fillStyle = '#f4f1ea'; // thermal paper
    g.fillRect(0, 0, 500, 700);
    g.fillStyle = '#2b2b2b';
    let y = 50;
    for (const [text, size] of lines) {
      g.font = `${size}px "DejaVu Sans Mono", monospace`;
      g.fillText(text, 24, y);
      y += size + 26;
    }
    // Sensor noise, deterministic.
    g.setTransform(1, 0, 0, 1, 0, 0);
    const img = g.getImageData(0, 0, c.width, c.height);
    let s = 12345;
    for (let i = 0; i < img.data.length; i += 4) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      const n = ((s >> 16) % 25) - 12;
      for (let k = 0; k < 3; k++) img.data[i + k] = Math.max(0, Math.min(255, img.data[i + k] + n));
    }
    g.putImageData(img, 0, 0);
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    return btoa(bin);
  });
  return Buffer.from(b64, 'base64');
}

/** Records, in the page, every OCR status the app shows. */
async function watchStatus(page) {
  await page.evaluate(() => {
    window.__ocr = { states: [], maxLoaded: 0, total: 0 };
    new MutationObserver(() => {
      const el = document.querySelector('#ocr-status');
      if (!el) return;
      const st = el.dataset.state;
      if (window.__ocr.states[window.__ocr.states.length - 1] !== st) window.__ocr.states.push(st);
      const p = document.querySelector('#ocr-progress');
      if (st === 'downloading' && p) {
        window.__ocr.maxLoaded = Math.max(window.__ocr.maxLoaded, Number(p.value));
        window.__ocr.total = Number(p.max);
      }
    }).observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
  });
}

const field = (page, file, name) => page.locator(`.photo-check[data-file="${file}"] [name="${name}"]`);

async function waitRead(page, file) {
  await page.waitForFunction(
    (f) => {
      const s = document.querySelector('#ocr-status');
      if (s && s.dataset.state === 'failed') throw new Error(s.textContent);
      return [...document.querySelectorAll('#file-list > li .name')].some((n) => n.textContent === f)
        && document.querySelector(`.photo-check[data-file="${f}"]`);
    },
    file,
    { timeout: OCR_TIMEOUT, polling: 250 },
  );
}

test('a slip photo is read on the device, shown, corrected; weights load once and come from the cache after', async () => {
  const { page, requests, violations, errors, close } = await launch();
  try {
    await openApp(page);
    // Nothing of the OCR engine loads until a photo is added.
    assert.equal(requests.filter((u) => /ocr-worker|\/models\//.test(u)).length, 0, 'no OCR download before a photo');
    await watchStatus(page);
    const slip = await renderSlip(page);
    const t0 = Date.now();
    await page.setInputFiles('#file-input', { name: 'slip.jpg', mimeType: 'image/jpeg', buffer: slip });
    await waitRead(page, 'slip.jpg');
    const firstMs = Date.now() - t0;
    const row = page.locator('#file-list > li:has(.name:text-is("slip.jpg"))');
    assert.equal(await row.getAttribute('data-kind'), 'receipt');
    assert.equal(await row.getAttribute('data-format'), 'receipt-image');
    assert.equal(await row.getAttribute('data-records'), '1');

    // What was read, as the correction form shows it.
    assert.equal(await field(page, 'slip.jpg', 'total').inputValue(), '42.50');
    assert.equal(await field(page, 'slip.jpg', 'date').inputValue(), '2025-05-01');
    assert.equal(await field(page, 'slip.jpg', 'card_last4').inputValue(), '1234');
    // …and the case has it: the review lists the receipt with its total and card.
    await page.waitForFunction(() => /42\.50/.test(document.querySelector('#review')?.textContent || ''));
    const review = await page.locator('#review').textContent();
    assert.match(review, /2025-05-01/);
    assert.match(review, /•••• 1234/);

    // The weights came from this server, with a visible progress, once.
    const status = await page.evaluate(() => window.__ocr);
    assert.ok(status.states.includes('downloading'), `progress shown: ${status.states}`);
    assert.ok(status.states.includes('reading'), `"reading photo" shown: ${status.states}`);
    assert.ok(status.total > 15e6 && status.maxLoaded === status.total, `bytes loaded/total: ${status.maxLoaded}/${status.total}`);
    // (Playwright may report a worker's request twice: count files, not events.)
    const weightReqs = [...new Set(requests.filter((u) => WEIGHTS.test(u)))];
    assert.equal(weightReqs.length, 3, `the three weight files: ${weightReqs}`);
    for (const u of weightReqs) assert.equal(new URL(u).hostname, '127.0.0.1');
    const ocrMs = Number(await page.getAttribute('#ocr-status', 'data-ms'));

    // The total's crop: the OCR line's box, cut from the photo, visible.
    const crop = page.locator('.photo-check[data-file="slip.jpg"] [data-field="total"] .photo-crop img');
    await crop.waitFor({ state: 'visible' });
    assert.match(await crop.getAttribute('src'), /^blob:/);
    assert.match(await crop.getAttribute('alt'), /TOTAL/i);
    assert.ok(await crop.evaluate((img) => img.complete && img.naturalWidth > 0), 'the crop image is decoded');
    const box = await page.locator('.photo-check[data-file="slip.jpg"] [data-field="total"] .photo-crop').boundingBox();
    assert.ok(box.width > 100 && box.height > 8 && box.height < 120, `crop box ${JSON.stringify(box)}`);

    // Correct the merchant: the form shows it as corrected and the case re-solves with it.
    const merchant = field(page, 'slip.jpg', 'merchant');
    await merchant.fill('Corrected Diner');
    await merchant.press('Tab');
    await page.waitForFunction(() => /Corrected Diner/.test(document.querySelector('#review')?.textContent || ''));
    assert.equal(await merchant.inputValue(), 'Corrected Diner');
    assert.equal(await page.getAttribute('.photo-check[data-file="slip.jpg"] [data-field="merchant"]', 'data-corrected'), 'true');
    // A value that cannot be used is refused next to the field, and nothing changes.
    const total = field(page, 'slip.jpg', 'total');
    await total.fill('forty');
    await total.press('Tab');
    await page.locator('.photo-check[data-file="slip.jpg"] [data-field="total"] .photo-error').waitFor();
    assert.match(await page.locator('#review').textContent(), /42\.50/);
    await screenshot(page, 'ocr-1280x800');

    // Reload, add a second photo: no weight is downloaded again.
    const before = requests.length;
    await page.reload();
    await page.waitForSelector('#app-title');
    await watchStatus(page);
    // The first photo comes back whole: its correction form with the user's
    // correction, and its crops cut from the picture kept on the device.
    await page.locator('.photo-check[data-file="slip.jpg"]').waitFor();
    assert.equal(await field(page, 'slip.jpg', 'merchant').inputValue(), 'Corrected Diner');
    assert.equal(await page.getAttribute('.photo-check[data-file="slip.jpg"] [data-field="merchant"]', 'data-corrected'), 'true');
    assert.equal(await field(page, 'slip.jpg', 'total').inputValue(), '42.50');
    const cropAgain = page.locator('.photo-check[data-file="slip.jpg"] [data-field="total"] .photo-crop img');
    await cropAgain.waitFor({ state: 'visible' });
    assert.match(await cropAgain.getAttribute('src'), /^blob:/);
    assert.ok(await cropAgain.evaluate((img) => img.decode().then(() => img.naturalWidth > 0)), 'the restored crop shows the photo');
    assert.ok(!requests.slice(before).some((u) => /ocr-worker|\/models\//.test(u)), 'restoring a photo does not run OCR again');
    const scan = readFileSync(join(SROIE, 'sroie-img-000.jpg'));
    const t1 = Date.now();
    await page.setInputFiles('#file-input', { name: 'scan.jpg', mimeType: 'image/jpeg', buffer: scan });
    await waitRead(page, 'scan.jpg');
    const secondMs = Date.now() - t1;
    const after = requests.slice(before);
    assert.ok(after.some((u) => /slipcheck-ocr-worker/.test(u)), 'the OCR worker did start again');
    assert.deepEqual(after.filter((u) => WEIGHTS.test(u)), [], 'weights came from the Cache API, not the network');
    assert.ok(!(await page.evaluate(() => window.__ocr.states)).includes('downloading'), 'no download progress the second time');
    // SROIE key for this scan: total 9.00, date 25/12/2018.
    assert.equal(await field(page, 'scan.jpg', 'total').inputValue(), '9.00');
    assert.equal(await field(page, 'scan.jpg', 'date').inputValue(), '2018-12-25');
    // The first photo's receipt survived the reload (saved with the case).
    await page.waitForSelector('#file-list > li:has(.name:text-is("slip.jpg"))');
    const ocrMs2 = Number(await page.getAttribute('#ocr-status', 'data-ms'));
    console.log(`# OCR in Chromium: slip ${ocrMs.toFixed(0)} ms, SROIE scan ${ocrMs2.toFixed(0)} ms (OCR alone); `
      + `first photo end to end ${firstMs} ms incl. weights download, second ${secondMs} ms from cache`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});
