// Merchant mode on a tablet (768×1024 portrait): load an acquirer's 交易明细
// export, find the customer's transaction by card last 4 and amount, read its
// lifecycle and what to tell the customer; look up response codes, which
// differ by network (UnionPay 68, Visa 05 vs UnionPay 05).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, screenshot } from './harness.mjs';

// Same shape as an acquirer's 商户服务平台 export: a sale voided minutes later,
// a sale refunded in part two days later, and another card's sale of the same amount.
const EXPORT = [
  '交易日期,交易时间,交易类型,卡号,交易金额,授权码,参考号,凭证号',
  '2026-03-02,09:15:02,消费,622848******1234,88.50,A1B2C3,603021234567,000101',
  '2026-03-02,09:20:40,撤销,622848******1234,88.50,A1B2C3,603021234567,000102',
  '2026-03-02,12:01:13,消费,622848******1234,120.00,D4E5F6,603029876543,000103',
  '2026-03-04,16:30:00,退货,622848******1234,50.00,D4E5F6,603029876543,000210',
  '2026-03-02,18:45:59,消费,625807******5678,88.50,778899,603025555555,000104',
].join('\n') + '\n';

test('merchant: search by last 4 and amount, lifecycle, advice, response codes', async () => {
  const { page, violations, errors, close } = await launch({ viewport: { width: 768, height: 1024 } });
  try {
    await openApp(page);
    await page.click('#mode-merchant');
    await page.waitForSelector('#merchant-heading');
    await page.setInputFiles('#merchant-file', { name: '交易明细.csv', mimeType: 'text/csv', buffer: Buffer.from(EXPORT) });
    await page.waitForSelector('#export-loaded');
    assert.match(await page.textContent('#export-loaded'), /^5 transactions loaded from 交易明细\.csv$/);

    await page.fill('#m-last4', '1234');
    await page.fill('#m-amount', '88.50');
    await page.click('#m-search');
    await page.waitForSelector('#m-results li');
    assert.equal(await page.textContent('#m-results-count'), '2 transactions found');
    const hits = await page.$$eval('#m-results .m-hit', (bs) => bs.map((b) => b.textContent));
    assert.ok(hits.every((h) => h.includes('•••• 1234') && h.includes('88.50')), hits.join(' | '));
    assert.ok(!hits.some((h) => h.includes('5678')), 'the other card is not found');

    await page.locator('#m-results .m-hit').first().click();
    await page.waitForSelector('#lifecycle');
    assert.equal(await page.getAttribute('#lifecycle', 'data-stage'), 'voided');
    assert.deepEqual(await page.$$eval('#lifecycle .events li', (ls) => ls.map((l) => l.dataset.stage)), ['authorised', 'voided'], 'a voided sale never settled');
    assert.match(await page.textContent('#lifecycle .net'), /0(\.00)? CNY/);
    assert.match(await page.textContent('#advice'), /voided before settlement: the customer will not be charged/);
    await screenshot(page, 'merchant-768x1024');

    // A partial refund, found by amount alone (sale 120.00).
    await page.fill('#m-last4', '');
    await page.fill('#m-amount', '120');
    await page.click('#m-search');
    await page.waitForFunction(() => document.querySelector('#lifecycle')?.dataset.stage === 'partially_refunded');
    assert.match(await page.textContent('#lifecycle .net'), /70\.00 CNY/);

    // Response codes by network.
    await page.selectOption('#code-network', 'unionpay');
    await page.fill('#code-input', '68');
    await page.click('#code-lookup');
    await page.waitForSelector('#code-result[data-code="68"]');
    assert.match(await page.textContent('#code-result .code-meaning'), /Issuer response timed out/);
    assert.match(await page.textContent('#code-result .code-cardholder'), /check for a hold or reversal/);
    assert.match(await page.textContent('#code-result .code-merchant'), /reversal went through before retrying/);

    await page.selectOption('#code-network', 'visa');
    await page.fill('#code-input', '05');
    await page.click('#code-lookup');
    await page.waitForFunction(() => /Do not hono(u)?r/.test(document.querySelector('#code-result .code-meaning')?.textContent ?? ''));
    assert.match(await page.textContent('#code-result .code-merchant'), /another card/i);
    await page.selectOption('#code-network', 'unionpay');
    await page.click('#code-lookup');
    await page.waitForFunction(() => /authentication/.test(document.querySelector('#code-result .code-meaning')?.textContent ?? ''));

    // Chinese: 应答码 meanings in Chinese, prevention checklist present.
    await page.click('#lang-zh');
    await page.fill('#code-input', '68');
    await page.click('#code-lookup');
    await page.waitForFunction(() => /发卡行响应超时/.test(document.querySelector('#code-result .code-meaning')?.textContent ?? ''));
    assert.match(await page.textContent('#code-result .code-merchant'), /冲正/);
    const prevention = await page.textContent('#prevention');
    assert.match(prevention, /更新/);
    assert.match(prevention, /培训员工/);
    assert.match(prevention, /应急预案/);
    await screenshot(page, 'merchant-zh-768x1024');

    // Touch targets: every control of merchant mode is at least 44 px tall,
    // and nothing is wider than the portrait screen.
    const small = await page.$$eval('#merchant button, #merchant input[type=text], #merchant input[type=datetime-local], #merchant select, #merchant label.button',
      (es) => es.filter((e) => e.getBoundingClientRect().height < 44).map((e) => e.id || e.textContent));
    assert.deepEqual(small, []);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 768), 'no sideways scrolling at 768 px');
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'merchant-zh-1280x800');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.deepEqual(violations, [], 'no request may leave 127.0.0.1');
});
