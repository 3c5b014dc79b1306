// Review, findings, letter and packet, on a case re-imported from JSON: the
// pairings show score and signals; unpair moves the receipt aside and
// re-solves; pairing it by hand pins it; findings come most money first with
// deadline, reason codes and a tickable checklist; the letter prints as a
// clean evidence packet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, screenshot } from './harness.mjs';
import { importCase } from './case.fixture.mjs';

const pairs = (page) => page.$$eval('#pairs li.pair', (ls) => ls.map((l) => ({
  receipt: l.dataset.receipt, transaction: l.dataset.transaction, pinned: l.dataset.pinned,
  score: l.querySelector('.score-value').textContent,
})));

test('unpair and re-pair: everything re-solves at once', async () => {
  const { page, violations, errors, close } = await launch();
  try {
    await openApp(page);
    await importCase(page);
    await page.waitForSelector('#pairs li.pair');
    let p = await pairs(page);
    const zuni = p.find((x) => x.receipt === 'zuni-cafe.txt');
    assert.equal(zuni.transaction, 't2', 'Zuni receipt pairs with the Zuni line');
    assert.match(zuni.score, /^\d+%$/);
    // The signals behind the score are there in words.
    const why = page.locator('#pairs li.pair[data-receipt="zuni-cafe.txt"] details.signals');
    await why.locator('summary').click();
    assert.ok((await why.locator('li').count()) >= 2, 'several signals listed');
    // The tip finding exists while the pair stands.
    await page.waitForSelector('#findings li.finding[data-kind="tip_changed"]');

    await page.click('#pairs li.pair[data-receipt="zuni-cafe.txt"] button.unpair');
    await page.waitForSelector('#unmatched li[data-receipt="zuni-cafe.txt"]');
    p = await pairs(page);
    assert.ok(!p.some((x) => x.receipt === 'zuni-cafe.txt' && x.transaction === 't2'), 'the pair is gone');
    assert.equal(await page.locator('#forbidden li[data-receipt="zuni-cafe.txt"]').count(), 1, 'listed as ruled out');
    assert.equal(await page.locator('#lonely-lines li[data-transaction="t2"]').count(), 1, 'its line is now without a receipt');
    assert.equal(await page.locator('#findings li.finding[data-kind="tip_changed"]').count(), 0, 'the tip finding went with the pair');
    await screenshot(page, 'review-unpaired-1280x800');

    // Pair it by hand with the Zuni line.
    await page.selectOption('#unmatched li[data-receipt="zuni-cafe.txt"] select', 't2');
    await page.click('#unmatched li[data-receipt="zuni-cafe.txt"] button.pin');
    await page.waitForSelector('#pairs li.pair[data-receipt="zuni-cafe.txt"][data-pinned="true"]');
    assert.equal(await page.locator('#pairs li.pair[data-receipt="zuni-cafe.txt"] .badge.pinned').textContent(), 'paired by you');
    assert.equal(await page.locator('#forbidden').count(), 0, 'pinning lifts the ban');
    await page.waitForSelector('#findings li.finding[data-kind="tip_changed"]');

    // Undo the pin: the engine's own choice comes back.
    await page.click('#pairs li.pair[data-receipt="zuni-cafe.txt"] button.unpin');
    await page.waitForSelector('#pairs li.pair[data-receipt="zuni-cafe.txt"][data-pinned="false"]');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});

test('findings: most money first, deadline, reason codes, checklist; letter prints as a packet', async () => {
  const { page, violations, errors, close } = await launch();
  try {
    await openApp(page);
    await importCase(page);
    await page.waitForSelector('#findings li.finding');
    const cards = await page.$$eval('#findings li.finding', (ls) => ls.map((l) => ({
      kind: l.dataset.kind, money: l.querySelector('.money').textContent,
      days: l.querySelector('.days-left')?.textContent ?? '',
      codes: [...l.querySelectorAll('.reason-codes li')].map((c) => c.dataset.network),
    })));
    const kinds = cards.map((c) => c.kind);
    for (const k of ['duplicate_charge', 'refund_missing', 'tip_changed']) assert.ok(kinds.includes(k), `${k} in ${kinds}`);
    const amounts = cards.map((c) => Number(c.money.split(' ')[0]));
    assert.deepEqual([...amounts].sort((a, b) => b - a), amounts, 'most money first');
    const tip = cards.find((c) => c.kind === 'tip_changed');
    assert.equal(tip.money, '15.60 USD', 'posted 98.40 minus subtotal 72.00 and the written tip 10.80');
    assert.match(tip.days, /\d+ days left/);
    assert.equal(tip.codes[0], 'visa', 'the receipt network first');

    // Tick a step: it stays ticked after a re-solve (unpairing elsewhere).
    const firstStep = page.locator('#findings li.finding[data-kind="tip_changed"] .checklist input').first();
    await firstStep.check();
    await page.click('#pairs li.pair[data-receipt="blue-bottle.txt"] button.unpair');
    await page.waitForSelector('#unmatched li[data-receipt="blue-bottle.txt"]');
    assert.equal(await firstStep.isChecked(), true);

    // Open the tip finding's letter and fill the user's fields.
    await page.click('#findings li.finding[data-kind="tip_changed"] button.open-letter');
    await page.waitForSelector('#letter-text');
    await page.fill('#letter-name', 'Ada Lovelace');
    await page.fill('#letter-account', '4111 1111 1111 1111');
    const letter = await page.textContent('#letter-text');
    assert.match(letter, /Ada Lovelace/);
    assert.match(letter, /15\.60/);
    assert.match(letter, /ZUNI CAFE/i);
    assert.ok(!letter.includes('4111 1111 1111 1111') && !letter.includes('4111111111111111'), 'the full card number is masked');
    assert.match(letter, /1111/);

    // Print preview: only the packet shows, with its parts.
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => {
      const vis = (sel) => { const e = document.querySelector(sel); return !!e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0; };
      return { packet: vis('#packet'), header: vis('header.app-header'), add: vis('section[aria-labelledby="add-heading"]'), review: vis('#review'), fields: vis('.letter-fields'), title: vis('#packet .print-only') };
    });
    assert.deepEqual(shown, { packet: true, header: false, add: false, review: false, fields: false, title: true });
    assert.match(await page.textContent('#packet-lines'), /ZUNI CAFE.*-98\.40 USD/);
    assert.match(await page.textContent('#packet-receipts'), /ZUNI CAFE.*82\.80 USD.*•••• 4821/);
    const timeline = await page.$$eval('#packet-timeline li time', (ts) => ts.map((t) => t.getAttribute('datetime')));
    assert.ok(timeline.includes('2026-03-04'), 'the purchase day is on the timeline');
    assert.deepEqual([...timeline].sort(), timeline, 'timeline in date order');
    await page.screenshot({ path: (await import('./harness.mjs')).SCREENSHOTS + '/packet-print-1280x800.png', fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // Chinese: findings and letter in Chinese, with the domain's terms.
    await page.click('#lang-zh');
    await page.waitForFunction(() => document.querySelector('#findings-heading')?.textContent === '核对结果');
    assert.match(await page.textContent('#findings li.finding[data-kind="tip_changed"] h3'), /小费被更改/);
    assert.match(await page.textContent('#findings li.finding[data-kind="refund_missing"] .really'), /退货凭证/);
    const zh = await page.textContent('#letter-text');
    assert.match(zh, /Ada Lovelace/);
    assert.match(zh, /本人/);
    await screenshot(page, 'findings-zh-1280x800');
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.click('#lang-en');
    await page.waitForFunction(() => document.querySelector('#findings-heading')?.textContent === 'What we found');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 768), 'no sideways scrolling at 768 px');
    await screenshot(page, 'findings-768x1024');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});
