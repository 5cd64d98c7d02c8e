/* A drawing pad for an image question with ODK's `signature` or `draw` appearance: what is drawn on
   the canvas becomes the question's file (a PNG put into its file input), sent with the page as any
   chosen file (on the offline kiosk page, kept with the response). Without JavaScript the pad stays
   hidden and the person chooses a picture file. */
(function () {
  "use strict";
  if (window.surveyDraw) { return; }
  window.surveyDraw = true;
  function setUp(pad) {
    var input = document.getElementById(pad.getAttribute("data-draw"));
    var canvas = pad.querySelector("canvas");
    var status = pad.querySelector("[aria-live]");
    var context = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    if (!input || !context || typeof DataTransfer === "undefined") { return; }
    function blank() {
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.strokeStyle = "#000";
      context.lineWidth = 3;
      context.lineCap = "round";
      context.lineJoin = "round";
    }
    function at(event) {
      var box = canvas.getBoundingClientRect();
      return { x: (event.clientX - box.left) * canvas.width / box.width,
               y: (event.clientY - box.top) * canvas.height / box.height };
    }
    function keep() {
      canvas.toBlob(function (blob) {
        if (!blob) { return; }
        var files = new DataTransfer();
        files.items.add(new File([blob], pad.getAttribute("data-file") || "drawing.png",
                                 { type: "image/png" }));
        input.files = files.files;
        changed();
        status.textContent = pad.getAttribute("data-kept");
      }, "image/png");
    }
    // Setting the files from script fires no event: the offline kiosk page keeps the file on "change".
    function changed() { input.dispatchEvent(new Event("change", { bubbles: true })); }
    blank();
    pad.hidden = false;
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var point = at(event);
      context.beginPath();
      context.moveTo(point.x, point.y);
      context.lineTo(point.x + 0.1, point.y + 0.1);
      context.stroke();
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var point = at(event);
      context.lineTo(point.x, point.y);
      context.stroke();
      drawn = true;
      event.preventDefault();
    });
    function end() {
      if (!drawing) { return; }
      drawing = false;
      if (drawn) { keep(); }
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    pad.querySelector("button").addEventListener("click", function () {
      blank();
      drawn = false;
      input.value = "";
      changed();
      status.textContent = pad.getAttribute("data-cleared");
    });
  }
  function start() {
    [].forEach.call(document.querySelectorAll("[data-draw]"), setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
