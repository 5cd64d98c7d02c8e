/* Repeats drawn on the offline kiosk page: the page holds one instance of each repeat (within the first
   of each outer one); this script copies its sections per instance, renames their inputs to the
   instance's keys (household[2]/member[3]/age) level by level and shows the pages survey-repeats.js
   lays out (how many instances, their node-sets and position(..) are its rules), with "Add another"
   and "Remove" as buttons. `carry` (set by the page) moves what it keeps by answer key on a removal. */
(function () {
  "use strict";
  var ATTRS = ["name", "id", "for", "data-pipe", "aria-describedby", "href"];
  var SR = window.SurveyRepeats, rename = SR.rename, prefix = SR.prefix;

  /* Instance `from` of the repeat at path `where` renamed `to` in a section, its numbers shown. */
  function renameNode(root, where, from, to) {
    var name = where.slice(where.lastIndexOf("/") + 1);
    [root].concat([].slice.call(root.querySelectorAll("*"))).forEach(function (el) {
      ATTRS.forEach(function (a) {
        var v = el.getAttribute(a);
        if (v && v.indexOf(where + "[") >= 0) { el.setAttribute(a, rename(v, where, from, to)); }
      });
    });
    [].forEach.call(root.querySelectorAll("[data-instance]"), function (s) {
      var of = s.getAttribute("data-instance");
      if (of === name || !of) { s.textContent = String(to); }
    });
  }

  SR.attach = function (data, form, sections, X, rules, show, typedNow) {
    var done = document.getElementById("done");
    var R = SR.repeats(data, X, rules);
    var original = sections.slice();
    // Each repeat page's section as it came (the first instances), kept pristine for copies.
    var pristine = original.map(function (s) { return s.cloneNode(true); });
    var used = {}, drawn = {};  // drawn: sections by the instance path's prefix and "#" source

    function section(entry) {
      if (!entry.path.length) { return original[entry.source]; }
      var id = prefix(entry.path) + "#" + entry.source;
      if (!drawn[id]) {
        var first = entry.path.every(function (step) { return step[1] === 1; });
        if (first && !used[entry.source]) {
          drawn[id] = original[entry.source];
        } else {
          drawn[id] = pristine[entry.source].cloneNode(true);
          entry.path.forEach(function (step, i) {
            renameNode(drawn[id], prefix(entry.path.slice(0, i)) + step[0], 1, step[1]);
          });
        }
        used[entry.source] = true;
      }
      return drawn[id];
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
      var page = data.pages[+button.closest("section.page").getAttribute("data-page")];
      if (!page) { return; }
      var where = (page.scope || "") + (button.getAttribute("data-add") || button.getAttribute("data-remove"));
      if (!R.adds(where)) { return; }
      if (button.hasAttribute("data-add")) {
        var k = R.add(where);
        api.layout(typedNow());
        show(R.place(where, k));
        return;
      }
      var gone = page.instance;
      if (!gone) { return; }
      // The instance's sections go, with those of the instances within it.
      Object.keys(drawn).forEach(function (id) {
        if (id.indexOf(where + "[" + gone + "]/") === 0) {
          var s = drawn[id];
          if (s.parentNode) { s.parentNode.removeChild(s); }
          delete drawn[id];
        }
      });
      // The answers are the inputs': renaming a later instance's sections moves its answers down. What
      // is kept by answer key beside them (the files, `api.carry`) moves with survey-repeats.js's keys.
      var carry = api.carry || function (rename) { rename(null); };
      carry(function (keyed) { R.remove(where, gone, keyed, function (k) {
        var from = where + "[" + k + "]/";
        Object.keys(drawn).forEach(function (id) {
          if (id.indexOf(from) !== 0) { return; }
          var s = drawn[id];
          delete drawn[id];
          renameNode(s, where, k, k - 1);
          drawn[where + "[" + (k - 1) + "]/" + id.slice(from.length)] = s;
        });
      }); });
      api.layout(typedNow());
      show(R.place(where, gone));
    });
    return api;
  };
}());
