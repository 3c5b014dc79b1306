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

// The readers' diagnostics too: a year-less statement is reported in Chinese
// (core's data/diagnostics.tsv), with no English sentence, and switching back
// to English re-words the same diagnostics.
test('reader diagnostics are Chinese in 中文 mode', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { REPO } = await import('./harness.mjs');
  const { page, violations, errors, close } = await launch({ locale: 'zh-CN' });
  try {
    await openApp(page);
    await page.click('#lang-zh');
    const buffer = readFileSync(join(REPO, 'tests', 'e2e', 'fixtures', 'yearless.csv'));
    await page.setInputFiles('#file-input', { name: 'yearless.csv', mimeType: 'text/csv', buffer });
    await page.waitForSelector('#file-list p.diag[data-code="csv.row_skipped"]');
    const diags = await page.$$eval('#file-list .diagnostics p.diag', (ps) => ps.map((p) => [p.dataset.code, p.textContent]));
    const skipped = diags.filter(([c]) => c === 'csv.row_skipped').map(([, t]) => t);
    assert.equal(skipped.length, 3);
    assert.ok(skipped[0].includes('"Date" 列中的日期 "06/20" 没有年份，文件也没有写明所属期间；已跳过该行'), skipped[0]);
    assert.ok(skipped[0].includes('请检查文件中的这一行；更正该值或重新导出对账单'), skipped[0]);
    assert.ok(skipped[0].includes('第 2 行'), skipped[0]);
    const none = diags.find(([c]) => c === 'csv.none_read');
    assert.ok(none && none[1].includes('找到了表格，但其中没有一行能够读取'), JSON.stringify(diags));
    for (const [code, text] of diags) {
      for (const s of ['has no year', 'the row was skipped', 'check that line', 'none of its rows']) {
        assert.ok(!text.includes(s), `${code} shows "${s}": ${text}`);
      }
      assert.doesNotMatch(text, /\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b/i, `${code}: ${text}`);
    }
    // Back to English: the same diagnostics, worded in English.
    await page.click('#lang-en');
    await page.waitForFunction(() => document.querySelector('#file-list p.diag[data-code="csv.row_skipped"]')?.textContent.includes('has no year'));
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});
