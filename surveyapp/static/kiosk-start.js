/* Kiosk start screen, with JavaScript: the survey opens as one page that works without a network,
   and the service worker keeps this screen, those pages and their assets for when it drops. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !window.indexedDB || !script) { return; }
  var links = [].slice.call(document.querySelectorAll(".kiosk-languages a[data-offline]"));
  var keep = [location.pathname].concat(script.getAttribute("data-assets").split(" "));
  links.forEach(function (link) {
    link.href = link.getAttribute("data-offline");
    keep.push(link.getAttribute("data-offline"));
  });
  navigator.serviceWorker.register(script.getAttribute("data-worker"), { scope: "/k/" })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function (registration) {
      registration.active.postMessage({ keep: keep });
      document.documentElement.setAttribute("data-offline-wanted", String(keep.length));
      document.documentElement.setAttribute("data-offline-ready", "pending");
    })
    .catch(function () { /* no service worker: the kiosk still works online */ });
  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.kept) {
      document.documentElement.setAttribute("data-offline-ready", String(event.data.kept));
    }
  });
}());
