/* Kiosk service worker: kiosk pages come from the network when there is one (and are kept fresh),
   and from this cache when there is none. Answers are never cached here: they wait in IndexedDB. */
"use strict";
var CACHE = "surveyapp-kiosk-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.keep) || [];
  var source = event.source;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (response.ok && !response.redirected) { return cache.put(url, response).then(function () { return 1; }); }
        return 0;
      }, function () { return 0; });
    }));
  }).then(function (kept) {
    if (source) { source.postMessage({ kept: kept.reduce(function (a, b) { return a + b; }, 0) }); }
  }));
});

function isKept(url) {
  return url.pathname.indexOf("/static/") === 0 || /^\/k\/[^/]+(\/offline)?$/.test(url.pathname);
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "GET" && isKept(url)) {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }, function () {
      return caches.match(request).then(function (hit) {
        return hit || caches.match(url.pathname.split("/").slice(0, 3).join("/"));
      });
    }));
  } else if (request.method === "GET" && request.mode === "navigate" && url.pathname.indexOf("/k/") === 0) {
    // Another kiosk page without a network (the page-by-page flow): the start screen instead.
    event.respondWith(fetch(request).catch(function () {
      return caches.match(url.pathname.split("/").slice(0, 3).join("/"));
    }));
  } else if (request.method === "POST" && request.mode === "navigate" && url.pathname.indexOf("/k/") === 0) {
    // "Start over" or the idle timer without a network: back to the start screen.
    event.respondWith(fetch(request).catch(function () {
      return Response.redirect(url.pathname.split("/").slice(0, 3).join("/"), 303);
    }));
  }
});
