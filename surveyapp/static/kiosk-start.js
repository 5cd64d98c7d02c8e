/* Kiosk start screen, with JavaScript: the survey opens as one page that works without a network,
   and the service worker keeps this screen, those pages, their assets and the survey's media files
   for when it drops. A survey that shows media opens offline only once every file is kept, so that
   the offline page never shows a broken image; until then (or if one could not be kept) its
   language links stay on the server's pages. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !window.indexedDB || !script) { return; }
  var root = document.documentElement;
  var links = [].slice.call(document.querySelectorAll(".kiosk-languages a[data-offline]"));
  var keep = [location.pathname].concat(script.getAttribute("data-assets").split(" "));
  var media = (script.getAttribute("data-media") || "").split(" ").filter(Boolean);
  function offerOffline() {
    links.forEach(function (link) { link.href = link.getAttribute("data-offline"); });
  }
  links.forEach(function (link) { keep.push(link.getAttribute("data-offline")); });
  if (!media.length) { offerOffline(); }
  navigator.serviceWorker.register(script.getAttribute("data-worker"), { scope: "/k/" })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function (registration) {
      registration.active.postMessage({ keep: keep, media: media, token: script.getAttribute("data-token") });
      root.setAttribute("data-offline-wanted", String(keep.length + media.length));
      root.setAttribute("data-offline-ready", "pending");
    })
    .catch(function () { /* no service worker: the kiosk still works online */ });
  navigator.serviceWorker.addEventListener("message", function (event) {
    var reply = event.data;
    if (!reply || typeof reply.kept !== "number") { return; }
    root.setAttribute("data-offline-ready", String(reply.kept + (reply.media || 0)));
    if (!media.length) { return; }
    var all = reply.media === media.length;
    root.setAttribute("data-offline-media", all ? "kept" : "lost");
    document.getElementById(all ? "media-kept" : "media-lost").hidden = false;
    if (all) { offerOffline(); }
  });
}());
