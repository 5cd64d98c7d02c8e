/* Dashboard niceties; every page works without them. The themes page follows a running analysis
   (reloading when it ends); the report gets a print button. */
(function () {
  "use strict";
  var line = document.getElementById("run-progress");
  if (line) {
    var text = line.querySelector(".progress-text");
    var poll = function () {
      fetch(line.getAttribute("data-status-url"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (run) {
          if (run.status === "done" || run.status === "failed") { window.location.reload(); return; }
          if (run.progress) { text.textContent = run.progress; }
          window.setTimeout(poll, 1500);
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    };
    window.setTimeout(poll, 1000);
  }
  var print = document.querySelector(".print-button");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
