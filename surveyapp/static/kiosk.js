/* Kiosk idle timer, heartbeat, forgetting (why: kiosk/__init__.py) */
(function () {
  "use strict";
  var b = document.body, u = document.currentScript.getAttribute("data-touch");
  var idle = b.getAttribute("data-idle") * 1000, warn = b.getAttribute("data-warn") * 1000;
  var d = document.getElementById("kiosk-idle"), r = document.getElementById("kiosk-reset");
  var wipe = 0, every = Math.min(15000, idle / 4), last = 0, later = 0, t1 = 0, t2 = 0;
  addEventListener("pageshow", function (e) { if (e.persisted) { b.hidden = true; location.reload(); } });
  addEventListener("pagehide", function () {
    [].forEach.call(document.forms, function (f) { f.reset(); });
    if (wipe) { document.getElementById("main").textContent = ""; }
  });
  if (!idle || !r) { return; }
  r.addEventListener("submit", function () { wipe = 1; });
  var csrf = r.querySelector("[name=csrf_token]").value;
  function send() {
    last = Date.now();
    fetch(u, { method: "POST", keepalive: true, headers: { "X-CSRFToken": csrf } }).catch(function () {});
  }
  function arm() {
    clearTimeout(t1);
    clearTimeout(t2);
    if (d && d.open) { d.close(); }
    t1 = setTimeout(function () { if (d) { d.showModal(); } }, Math.max(idle - warn, 0));
    t2 = setTimeout(function () { wipe = 1; r.requestSubmit(); }, idle);
  }
  function touched() {
    arm();
    var since = Date.now() - last;
    if (since >= every) { send(); } else if (!later) { later = setTimeout(function () { later = 0; send(); }, every - since); }
  }
  ["pointerdown", "keydown", "input", "touchstart", "scroll"].forEach(function (n) {
    addEventListener(n, touched, { passive: true, capture: true });
  });
  arm();
}());
