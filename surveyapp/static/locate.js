/* "Use my location" for a geopoint: fills the typed latitude and longitude (and the hidden altitude
   and accuracy) from navigator.geolocation. Browsers offer it only to secure pages (https or
   localhost); elsewhere the button says so, and the person types the point as without JavaScript. */
(function () {
  "use strict";
  if (window.surveyLocate) { return; }
  window.surveyLocate = true;
  function text(number, digits) {
    if (number === null || number === undefined || !isFinite(number)) { return ""; }
    var s = Number(number).toFixed(digits);
    return s.indexOf(".") >= 0 ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
  }
  function start() {
    [].forEach.call(document.querySelectorAll("[data-locate]"), function (button) {
      var fid = button.getAttribute("data-locate");
      var status = document.getElementById(fid + "-status");
      button.parentNode.hidden = false;
      button.addEventListener("click", function () {
        if (!window.isSecureContext || !navigator.geolocation) {
          status.textContent = button.getAttribute("data-insecure");
          return;
        }
        status.textContent = button.getAttribute("data-finding");
        navigator.geolocation.getCurrentPosition(function (position) {
          var c = position.coords;
          var values = { "": text(c.latitude, 7), "-lon": text(c.longitude, 7),
            "-alt": text(c.altitude, 2) || "0", "-acc": text(c.accuracy, 2) || "0" };
          Object.keys(values).forEach(function (suffix) {
            var input = document.getElementById(fid + suffix);
            input.value = values[suffix];
            input.dispatchEvent(new Event("change", { bubbles: true }));
          });
          status.textContent = button.getAttribute("data-found");
        }, function () {
          status.textContent = button.getAttribute("data-failed");
        }, { enableHighAccuracy: true, timeout: 30000, maximumAge: 0 });
      });
      // A hand-typed point has no altitude or accuracy of its own.
      [fid, fid + "-lon"].forEach(function (id) {
        document.getElementById(id).addEventListener("input", function () {
          document.getElementById(fid + "-alt").value = "";
          document.getElementById(fid + "-acc").value = "";
        });
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
}());
