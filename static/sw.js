// Slipcheck's service worker: the app works offline once loaded. It caches
// only this origin's files and never fetches anything from anywhere else.
const CACHE = 'slipcheck-v1';

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(['./', './index.html', './manifest.webmanifest',
    // The worker's files keep their names from build to build (no hash) and are
    // fetched by the worker, not the page, so the page's list below misses them.
    './slipcheck-worker_loader.js', './slipcheck-worker.js', './slipcheck-worker_bg.wasm'])).catch(() => {}));
  self.skipWaiting();
});

self.addEventListener('activate', (e) => {
  e.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page lists the files of its first visit (fetched before this worker existed).
self.addEventListener('message', (e) => {
  const urls = (e.data && e.data.cache) || [];
  const same = urls.filter((u) => new URL(u).origin === self.location.origin);
  // One by one and de-duplicated: addAll rejects a list with a repeat, and
  // one failure would drop them all.
  e.waitUntil(caches.open(CACHE).then((c) => Promise.all([...new Set(same)].map((u) => c.add(u).catch(() => {})))));
});

// Network first (a new build wins when online), the cache when offline.
self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  // The OCR weights (21 MB) are cached by the OCR worker itself (Cache API,
  // its own bucket): copying them here too would store them twice.
  if (new URL(req.url).pathname.includes('/models/')) return;
  e.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return res;
      })
      .catch(() => caches.match(req, { ignoreSearch: true }).then((hit) => hit || caches.match('./'))),
  );
});
