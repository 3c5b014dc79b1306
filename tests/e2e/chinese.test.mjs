// 中文 all the way: with the sample loaded and the page switched to Chinese,
// no finding card carries an English sentence from the core (explanations,
// evidence, evidence checklist, reason-code titles, deadline basis).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp } from './harness.mjs';

test('finding cards are Chinese in 中文 mode', async () => {
  const { page, violations, errors, close } = await launch({ locale: 'zh-CN' });
  try {
    await openApp(page);
    await page.click('#lang-zh');
    await page.click('#try-sample');
    await page.waitForSelector('#findings li.finding[data-kind="tip_changed"]');
    // Open every <details> so hidden text is read too.
    await page.$$eval('#findings details', (ds) => ds.forEach((d) => { d.open = true; }));
    const cards = await page.$$eval('#findings li.finding', (ls) => ls.map((l) => [l.dataset.kind, l.textContent]));
    assert.ok(cards.length >= 3);
    // Sentences the core writes in English (crates/core/src/reconcile/advice.rs,
    // triage.rs, data/reason_codes.tsv): none may show.
    const english = ['The statement showing the line', 'Bank/wallet SMS or app notices', 'Notes of every call',
      'Duplicate Processing', 'Incorrect Amount', 'Credit Not Processed', 'statement date', 'transaction date',
      'Contact the merchant', 'is this really', 'Probably'];
    for (const [kind, text] of cards) {
      for (const s of english) assert.ok(!text.includes(s), `${kind} card shows "${s}"`);
      // No run of three lower-case English words (names on the statement are upper case).
      assert.doesNotMatch(text, /\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b/, `${kind} card: ${text}`);
    }
    const tip = cards.find(([k]) => k === 'tip_changed')[1];
    assert.match(tip, /小费/);
    assert.match(tip, /账单记录 2026-03-04/, 'evidence names the statement line in Chinese');
    assert.match(tip, /起算/, 'the deadline says what it counts from');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});
