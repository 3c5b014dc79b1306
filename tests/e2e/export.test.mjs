// Case export: JSON (records only, card numbers masked) that re-imports into
// the same case in a fresh browser, and CSV for spreadsheets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openApp } from './harness.mjs';
import { caseJson, importCase } from './case.fixture.mjs';

const findings = (page) => page.$$eval('#findings li.finding', (ls) => ls.map((l) => `${l.dataset.kind} ${l.querySelector('.money').textContent}`));

test('export JSON and CSV; the JSON re-imports into the same case', async () => {
  const json = caseJson();
  // A full card number in a descriptor must not survive the export.
  json.files[0].doc.transactions[0].description = 'SQ *BLUE BOTTLE COFFEE 4111 1111 1111 1111';
  let exported, before;
  {
    const { page, violations, errors, close } = await launch();
    try {
      await openApp(page);
      await importCase(page, json);
      await page.waitForSelector('#findings li.finding');
      await page.click('#pairs li.pair[data-receipt="zuni-cafe.txt"] button.unpair');
      await page.waitForSelector('#forbidden li');
      before = await findings(page);
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
      assert.equal(dl.suggestedFilename(), 'slipcheck-case.json');
      exported = readFileSync(await dl.path(), 'utf8');
      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
      assert.equal(csv.suggestedFilename(), 'slipcheck-case.csv');
      const text = readFileSync(await csv.path(), 'utf8');
      assert.match(text.split('\n')[0], /^record,kind,date,amount,currency/);
      assert.match(text, /finding,duplicate_charge,2026-03-06,54\.12,USD/);
      assert.ok(!/4111 1111 1111 1111|4111111111111111/.test(text), 'CSV masks card numbers');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
    assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
  }
  assert.ok(!/4111 1111 1111 1111|4111111111111111/.test(exported), 'JSON masks card numbers');
  const parsed = JSON.parse(exported);
  assert.ok(parsed.files.every((f) => !f.data && f.doc), 'records, not raw files');
  assert.equal(parsed.options.forbids.length, 1, 'the unpairing is part of the case');
  {
    const { page, violations, errors, close } = await launch();
    try {
      await openApp(page);
      await page.setInputFiles('#import-file', { name: 'slipcheck-case.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
      await page.waitForSelector('#findings li.finding');
      assert.deepEqual(await findings(page), before);
      assert.equal(await page.locator('#forbidden li[data-receipt="zuni-cafe.txt"]').count(), 1);
      // Something that is not a case is refused in words.
      await page.setInputFiles('#import-file', { name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
      await page.waitForSelector('#notice.bad');
      assert.equal(await page.textContent('#notice'), 'That file is not a Slipcheck case export.');
      assert.deepEqual(await findings(page), before, 'a bad import leaves the case alone');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
    assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
  }
});
