// The network guard must itself work: a page that reaches for another host
// (fetch, image, WebSocket) has to be caught, or every other test's
// "no leaks" assertion would mean nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, isLocal } from './harness.mjs';

test('isLocal accepts only the loopback server and inline data', () => {
  assert.equal(isLocal('http://127.0.0.1:8080/index.html'), true);
  assert.equal(isLocal('data:image/png;base64,AAAA'), true);
  assert.equal(isLocal('https://example.com/x.js'), false);
  assert.equal(isLocal('http://10.0.0.1/'), false);
});

test('the guard catches fetch, image and WebSocket to another host', async () => {
  const { page, violations, close } = await launch();
  try {
    // A bare page: the app's own Content-Security-Policy would block these
    // before they reach the network, which would test the CSP, not the guard.
    await page.setContent('<html><body><p>guard self-test</p></body></html>');
    await page.evaluate(async () => {
      const img = new Image();
      img.src = 'http://leak.example/pixel.png';
      document.body.appendChild(img);
      try { await fetch('http://leak.example/data.json'); } catch {}
      try { new WebSocket('ws://leak.example/socket'); } catch {}
      await new Promise((r) => setTimeout(r, 500));
    });
  } finally {
    await close();
  }
  const text = violations.join('\n');
  assert.match(text, /leak\.example\/pixel\.png/);
  assert.match(text, /leak\.example\/data\.json/);
  assert.match(text, /websocket: ws:\/\/leak\.example\/socket/);
});
