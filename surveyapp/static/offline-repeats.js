/* Repeats drawn on the offline kiosk page: the page holds one instance of each repeat; this script copies
   its sections per instance, renames their inputs to the instance's keys (member[2]/age) and shows the
   pages survey-repeats.js lays out (how many instances, their node-sets and position(..) are its rules),
   with "Add another" and "Remove" as buttons. */
(function () {
  "use strict";
  var ATTRS = ["name", "id", "for", "data-pipe", "aria-describedby", "href"];
  var rename = window.SurveyRepeats.rename;

  function renameNode(root, name, from, to) {
    [root].concat([].slice.call(root.querySelectorAll("*"))).forEach(function (el) {
      ATTRS.forEach(function (a) {
        var v = el.getAttribute(a);
        if (v && v.indexOf(name + "[") >= 0) { el.setAttribute(a, rename(v, name, from, to)); }
      });
    });
    [].forEach.call(root.querySelectorAll("[data-instance]"), function (s) { s.textContent = String(to); });
  }

  window.SurveyRepeats.attach = function (data, form, sections, X, rules, show, typedNow) {
    var done = document.getElementById("done");
    var R = window.SurveyRepeats.repeats(data, X, rules);
    var original = sections.slice();
    // Each repeat page's section as it came (instance 1), kept pristine for copies; sections by source:k.
    var pristine = original.map(function (s) { return s.cloneNode(true); });
    var repeatOf = data.pages.map(function (p) { return p.repeat; });
    var drawn = {};
    original.forEach(function (s, i) { drawn[i + ":1"] = s; });

    function section(entry) {
      if (entry.instance == null) { return original[entry.source]; }
      var id = entry.source + ":" + entry.instance;
      if (!drawn[id]) {
        drawn[id] = pristine[entry.source].cloneNode(true);
        renameNode(drawn[id], entry.repeat, 1, entry.instance);
      }
      return drawn[id];
    }
    /* Each section of repeat `name` drawn for instance k. */
    function each(name, k, f) {
      repeatOf.forEach(function (r, i) { if (r === name && drawn[i + ":" + k]) { f(i, drawn[i + ":" + k]); } });
    }
    var api = Object.create(R);
    /* The pages these answers make, their sections in that order on the page. */
    api.layout = function (typed) {
      var secs = R.layout(typed).map(section);
      sections.forEach(function (s) { if (s.parentNode) { s.parentNode.removeChild(s); } });
      sections.length = 0;
      secs.forEach(function (s, i) {
        sections.push(s);
        s.setAttribute("data-page", String(i));
        form.insertBefore(s, done);
      });
    };
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-add], button[data-remove]");
      if (!button) { return; }
      var name = button.getAttribute("data-add") || button.getAttribute("data-remove");
      var page = data.pages[+button.closest("section.page").getAttribute("data-page")];
      if (!R.adds(name) || !page) { return; }
      if (button.hasAttribute("data-add")) {
        var k = R.add(name);
        api.layout(typedNow());
        show(R.place(name, k));
        return;
      }
      var gone = page.instance;
      if (!gone) { return; }
      each(name, gone, function (i, s) {
        if (s.parentNode) { s.parentNode.removeChild(s); }
        delete drawn[i + ":" + gone];
      });
      // The answers are the inputs': renaming a later instance's sections moves its answers down.
      R.remove(name, gone, null, function (k) {
        each(name, k, function (i, s) {
          delete drawn[i + ":" + k];
          renameNode(s, name, k, k - 1);
          drawn[i + ":" + (k - 1)] = s;
        });
      });
      api.layout(typedNow());
      show(R.place(name, gone));
    });
    return api;
  };
}());
