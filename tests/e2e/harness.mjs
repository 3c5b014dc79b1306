// Shared set-up for the end-to-end tests: a fresh headless Debian Chromium per
// test, and a network guard that records every request and fails the test on
// any request to a host other than the local server.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE_URL = process.env.BASE_URL || 'http://127.0.0.1:8080/';
const HERE = dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = join(HERE, 'screenshots');
export const REPO = join(HERE, '..', '..');

const ALLOWED_HOSTS = new Set(['127.0.0.1']);

/** True when a URL stays on this machine's loopback server (or is inline data). */
export function isLocal(url) {
  let u;
  try { u = new URL(url); } catch { return false; }
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return ALLOWED_HOSTS.has(u.hostname);
}

/**
 * Launches Chromium and returns { context, page, requests, violations, close }.
 * `violations` lists every non-local request, WebSocket or worker; such
 * requests are also aborted, and --host-resolver-rules is the hard stop behind it.
 */
export async function launch({ viewport = { width: 1280, height: 800 }, locale = 'en-US' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'slipcheck-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    locale,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
  const requests = [];
  const violations = [];
  context.on('request', (req) => {
    requests.push(req.url());
    if (!isLocal(req.url())) violations.push(`request: ${req.url()}`);
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    if (!violations.includes(`request: ${url}`)) violations.push(`request: ${url}`);
    return route.abort();
  });
  const watch = (page) => {
    page.on('websocket', (ws) => { if (!isLocal(ws.url())) violations.push(`websocket: ${ws.url()}`); });
    page.on('worker', (w) => { if (!isLocal(w.url())) violations.push(`worker: ${w.url()}`); });
  };
  context.on('page', watch);
  const page = context.pages()[0] || (await context.newPage());
  watch(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const close = async () => {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { context, page, requests, violations, errors, close };
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Opens the app and waits until the wasm has rendered the shell. */
export async function openApp(page, path = '') {
  await page.goto(new URL(path, BASE_URL).href);
  await page.waitForSelector('#app-title', { timeout: 30000 });
}
