/* Kiosk idle timer and heartbeat. A warning before the end, then the answers of a person who walked
   away are cleared on the server (the reset form) and the start screen comes back. While someone types,
   scrolls or taps, the server is told the screen is in use (at most every few seconds, and once more
   after the last touch), so that it discards only what nobody touched for the same idle time as here.
   Nothing of one person stays for the next: forms are cleared when the page is left, and a page the
   browser brings back from its back-forward cache is fetched again. No framework. */
(function () {
  "use strict";
  var body = document.body;
  var script = document.currentScript;
  var idle = Number(body.getAttribute("data-idle")) * 1000;
  var warn = Number(body.getAttribute("data-warn")) * 1000;
  var dialog = document.getElementById("kiosk-idle");
  var reset = document.getElementById("kiosk-reset");
  var leavingByReset = false;

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      body.hidden = true;
      location.reload();
    }
  });
  window.addEventListener("pagehide", function () {
    [].forEach.call(document.forms, function (form) { form.reset(); });
    var main = document.getElementById("main");
    if (leavingByReset && main) { main.textContent = ""; }
  });
  if (!idle || !reset) { return; }
  reset.addEventListener("submit", function () { leavingByReset = true; });

  var token = reset.querySelector("input[name=csrf_token]");
  var touchUrl = script && script.getAttribute("data-touch");
  var beatEvery = Math.min(15000, idle / 4);
  var lastBeat = 0;
  var pending = 0;
  function send() {
    lastBeat = Date.now();
    if (!touchUrl || !token || !window.fetch) { return; }
    fetch(touchUrl, {
      method: "POST", credentials: "same-origin", keepalive: true,
      headers: { "X-CSRFToken": token.value }
    }).catch(function () { /* offline: the screen's own timer still runs */ });
  }
  function beat() {
    var since = Date.now() - lastBeat;
    if (since >= beatEvery) { send(); }
    else if (!pending) {
      pending = setTimeout(function () { pending = 0; send(); }, beatEvery - since);
    }
  }

  var warnTimer = 0;
  var resetTimer = 0;
  function arm() {
    clearTimeout(warnTimer);
    clearTimeout(resetTimer);
    if (dialog && dialog.open) { dialog.close(); }
    warnTimer = setTimeout(function () {
      if (dialog && dialog.showModal) { dialog.showModal(); }
    }, Math.max(idle - warn, 0));
    resetTimer = setTimeout(function () {
      if (reset.requestSubmit) { reset.requestSubmit(); } else { leavingByReset = true; reset.submit(); }
    }, idle);
  }
  function touched() { arm(); beat(); }
  ["pointerdown", "keydown", "input", "touchstart"].forEach(function (name) {
    document.addEventListener(name, touched, { passive: true });
  });
  window.addEventListener("scroll", touched, { passive: true, capture: true });
  arm();
}());
