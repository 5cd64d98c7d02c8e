/* Kiosk idle timer: a warning before the end, then the answers of a person who walked away are
   cleared on the server (the reset form) and the start screen comes back. No framework. */
(function () {
  "use strict";
  var body = document.body;
  var idle = Number(body.getAttribute("data-idle")) * 1000;
  var warn = Number(body.getAttribute("data-warn")) * 1000;
  var dialog = document.getElementById("kiosk-idle");
  var reset = document.getElementById("kiosk-reset");
  if (!idle || !reset) { return; }
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
      if (reset.requestSubmit) { reset.requestSubmit(); } else { reset.submit(); }
    }, idle);
  }
  ["pointerdown", "keydown", "input"].forEach(function (name) {
    document.addEventListener(name, arm, { passive: true });
  });
  arm();
}());
