/*
 * Polis field map service worker (scope /field): keeps the page and its assets
 * (precached at install, then served from the cache and refreshed in the background)
 * and the data the crew has seen (/ogc and /green GETs: from the network, the cache
 * when there is none). Writes are never handled here: field.js queues them itself.
 */
'use strict';
var VERSION = '__VERSION__';
var SHELL = 'polis-field-shell-' + VERSION;
var DATA = 'polis-field-data';
var PRECACHE = __PRECACHE__;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(PRECACHE); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf('polis-field-shell-') === 0 && n !== SHELL;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function isShell(url) {
  return url.pathname === '/field' || url.pathname.indexOf('/webmap/') === 0 ||
    PRECACHE.indexOf(url.pathname) >= 0;
}

function fromCacheThenRefresh(request, cacheName) {
  return caches.open(cacheName).then(function (cache) {
    return cache.match(request, { ignoreSearch: false }).then(function (hit) {
      var refresh = fetch(request).then(function (response) {
        if (response.ok) { cache.put(request, response.clone()); }
        return response;
      });
      if (hit) { refresh.catch(function () { /* offline: the cached copy stands */ }); return hit; }
      return refresh;
    });
  });
}

function networkThenCache(request) {
  return caches.open(DATA).then(function (cache) {
    return fetch(request).then(function (response) {
      if (response.ok) { cache.put(request, response.clone()); }
      return response;
    }).catch(function () {
      return cache.match(request).then(function (hit) {
        return hit || new Response(JSON.stringify({ title: 'offline' }), {
          status: 503, headers: { 'Content-Type': 'application/problem+json' }
        });
      });
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (isShell(url)) {
    var key = url.pathname === '/field' ? new Request('/field') : request;
    event.respondWith(fromCacheThenRefresh(key, SHELL));
  } else if (url.pathname.indexOf('/ogc/') === 0 || url.pathname.indexOf('/green/') === 0) {
    event.respondWith(networkThenCache(request));
  }
});
