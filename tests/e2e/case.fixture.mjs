// A whole case as "Export case (JSON)" writes it (records, no raw files), for
// the tests of review, findings and letters: it exercises re-import and the
// real engine without depending on which receipt layouts the readers know.
// The numbers are the sample's story: one Whole Foods purchase posted twice,
// a Zuni Cafe tip raised after signing, an Acme refund that never arrived.
const tx = (id, date, posted, description, amount, line) => ({
  id, date, posted, amount, currency: 'USD', description,
  status: 'booked', kind: amount.startsWith('-') ? 'purchase' : 'payment', card_last4: '4821',
  source: { file: 'statement.csv', line },
});

const receipt = (fields) => ({ currency: 'USD', card_last4: '4821', network: 'visa', kind: 'sale', status: 'approved', ...fields });

export function caseJson() {
  const statement = {
    file: 'statement.csv', format: 'csv', diagnostics: [],
    accounts: [{ institution: 'Sample Card', last4: '4821', currency: 'USD', kind: 'card', statement_date: '2026-03-15' }],
    transactions: [
      tx('t1', '2026-03-02', '2026-03-03', 'SQ *BLUE BOTTLE COFFEE', '-6.75', 2),
      tx('t2', '2026-03-04', '2026-03-05', 'TST* ZUNI CAFE', '-98.40', 3),
      tx('t3', '2026-03-06', '2026-03-07', 'WHOLEFDS MKT #10234', '-54.12', 4),
      tx('t4', '2026-03-06', '2026-03-08', 'WHOLEFDS MKT #10234', '-54.12', 5),
      tx('t5', '2026-03-11', '2026-03-12', 'Payment Thank You-Mobile', '500.00', 7),
    ],
  };
  const doc = (file, r) => ({ name: file, format: 'receipt-text', doc: { file, format: 'receipt-text', diagnostics: [], receipts: [r] } });
  return {
    version: 1,
    files: [
      { name: 'statement.csv', format: 'csv', doc: statement },
      doc('blue-bottle.txt', receipt({ merchant: 'BLUE BOTTLE COFFEE', date: '2026-03-02', time: '08:12:40', total: '6.75', auth_code: '0A12BC', rrn: '606108120001' })),
      doc('zuni-cafe.txt', receipt({ merchant: 'ZUNI CAFE', date: '2026-03-04', time: '20:41:09', subtotal: '72.00', tip: '10.80', total: '82.80', auth_code: '51K2QD', rrn: '606320417733' })),
      doc('whole-foods.txt', receipt({ merchant: 'WHOLE FOODS MARKET', date: '2026-03-06', time: '17:30:02', total: '54.12', auth_code: '7TQ4ZZ', rrn: '606517300412' })),
      doc('acme-refund.txt', receipt({ merchant: 'ACME OUTDOOR', date: '2026-02-20', time: '14:03:55', total: '45.00', kind: 'refund', auth_code: '88R1TT', rrn: '605114032211' })),
    ],
    options: { as_of: '2026-03-20', jurisdiction: 'us', receipts_complete: false },
    ticked: [],
    letter: { name: '', account: '', address: '' },
  };
}

/** Imports the case through the page's "Import a case (JSON)" input. */
export async function importCase(page, json = caseJson()) {
  await page.setInputFiles('#import-file', { name: 'case.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
  await page.waitForSelector('#file-list > li', { timeout: 10000 });
}
