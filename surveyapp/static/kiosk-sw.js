/* Kiosk service worker: kiosk pages come from the network when there is one (and are kept fresh),
   and from this cache when there is none. Answers are never cached here: they wait in IndexedDB.
   The media a survey shows are kept per kiosk (one cache per channel token) under their addresses,
   which hold their digest: a kept file never goes stale, so it is served from the cache first, and a
   new version of the survey, listing other addresses, has the old files deleted. */
"use strict";
var CACHE = "surveyapp-kiosk-v1";
var MEDIA = "surveyapp-kiosk-media:";
var MEDIA_PATH = /^\/media\/[0-9a-f]{32}\/[^/]+$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function sum(counts) { return counts.reduce(function (a, b) { return a + b; }, 0); }

function keepPages(urls) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (response.ok && !response.redirected) { return cache.put(url, response).then(function () { return 1; }); }
        return 0;
      }, function () { return 0; });
    }));
  }).then(sum);
}

/* Only this site's media addresses are kept (the start screen lists its survey version's files). */
function mediaUrls(urls) {
  return urls.map(function (u) { return new URL(u, self.location.origin); }).filter(function (url) {
    return url.origin === self.location.origin && MEDIA_PATH.test(url.pathname) && !url.search;
  }).map(function (url) { return url.href; });
}

function keepMedia(token, urls) {
  var name = MEDIA + token;
  if (!urls.length) { return caches.delete(name).then(function () { return 0; }); }
  return caches.open(name).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return cache.match(url, { ignoreVary: true }).then(function (hit) {
        if (hit) { return 1; }
        return fetch(url, { credentials: "same-origin" }).then(function (response) {
          if (response.status !== 200 || response.redirected) { return 0; }
          return cache.put(url, response).then(function () { return 1; });
        }).catch(function () { return 0; });
      });
    })).then(function (kept) {
      // The files this kiosk no longer lists (an older version's) are deleted.
      return cache.keys().then(function (requests) {
        return Promise.all(requests.filter(function (r) { return urls.indexOf(r.url) < 0; })
          .map(function (r) { return cache.delete(r); }));
      }).then(function () { return sum(kept); });
    });
  });
}

self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.keep) || [];
  var media = mediaUrls((event.data && event.data.media) || []);
  var token = String((event.data && event.data.token) || "");
  var source = event.source;
  event.waitUntil(Promise.all([keepPages(urls), keepMedia(token, media)]).then(function (counts) {
    var done = Promise.resolve();
    if (counts[1] < media.length) {
      // A survey missing one of its files is not kept for offline use: no broken image offline.
      done = caches.open(CACHE).then(function (cache) {
        return Promise.all(urls.filter(function (u) { return /\/offline(\?|$)/.test(u); })
          .map(function (u) { return cache.delete(u); }));
      });
    }
    return done.then(function () {
      if (source) { source.postMessage({ kept: counts[0], media: counts[1] }); }
    });
  }));
});

/* A kept file answered as the server does, a Range request (audio and video players ask) included. */
function ranged(response, range) {
  var m = range && /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!m || (m[1] === "" && m[2] === "")) { return response; }
  return response.blob().then(function (blob) {
    var size = blob.size, start, end;
    if (m[1] === "") {
      start = Math.max(size - Number(m[2]), 0);
      end = size - 1;
    } else {
      start = Number(m[1]);
      end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
    }
    if (start >= size || start > end) {
      return new Response("", { status: 416, headers: { "Content-Range": "bytes */" + size } });
    }
    var headers = new Headers(response.headers);
    headers.set("Content-Range", "bytes " + start + "-" + end + "/" + size);
    headers.set("Content-Length", String(end - start + 1));
    return new Response(blob.slice(start, end + 1, headers.get("Content-Type") || ""),
      { status: 206, statusText: "Partial Content", headers: headers });
  });
}

function isKept(url) {
  return url.pathname.indexOf("/static/") === 0 || /^\/k\/[^/]+(\/offline)?$/.test(url.pathname);
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "GET" && MEDIA_PATH.test(url.pathname)) {
    event.respondWith(caches.match(request.url, { ignoreVary: true }).then(function (hit) {
      return hit ? ranged(hit, request.headers.get("Range")) : fetch(request);
    }));
  } else if (request.method === "GET" && isKept(url)) {
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
