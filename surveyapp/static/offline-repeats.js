/* Repeats on the offline kiosk page, as the server's pages ask them (surveyapp/survey/repeats.py): the
   page holds one instance of each repeat; this script copies its sections per instance under the same
   answer keys (member[2]/age), as many as repeat_count gives or as the person adds ("Add another",
   "Remove"), and gives the rules each question's node-set across instances (sum(${age})). */
(function () {
  "use strict";
  var MAX = 50;  // survey/repeats.py MAX_INSTANCES
  var ATTRS = ["name", "id", "for", "data-pipe", "aria-describedby", "href"];

  function rename(text, name, from, to) { return text.split(name + "[" + from + "]/").join(name + "[" + to + "]/"); }
  function renameNode(root, name, from, to) {
    [root].concat([].slice.call(root.querySelectorAll("*"))).forEach(function (el) {
      ATTRS.forEach(function (a) {
        var v = el.getAttribute(a);
        if (v && v.indexOf(name + "[") >= 0) { el.setAttribute(a, rename(v, name, from, to)); }
      });
    });
    [].forEach.call(root.querySelectorAll("[data-instance]"), function (s) { s.textContent = String(to); });
  }

  window.SurveyRepeats = {
    attach: function (data, form, sections, X, rules, show, typedNow) {
      var done = document.getElementById("done");
      var items = [], repeats = {};
      data.pages.forEach(function (page, i) {
        var section = sections[i];
        if (!page.repeat) { items.push({ page: page, section: section }); return; }
        var r = repeats[page.repeat];
        if (!r) {
          r = repeats[page.repeat] = { name: page.repeat, info: data.repeats[page.repeat], templates: [],
            prompt: null, clones: {}, n: 1, added: 1, bases: [] };
          items.push({ repeat: r });
        }
        if (page.instance == null) { r.prompt = { page: page, section: section }; return; }
        page.questions.forEach(function (q) { r.bases.push(q.name.slice(q.name.indexOf("/") + 1)); });
        r.templates.push({ json: JSON.stringify(page), pristine: section.cloneNode(true), first: section });
      });
      var messages = ["requiredMsg", "constraint", "range"].map(function (k) { return data.messages[k] || {}; });

      function instance(r, k, t) {
        var id = k + ":" + t, c = r.clones[id], template = r.templates[t];
        if (c) { return c; }
        var section = k === 1 && template.first ? template.first : template.pristine.cloneNode(true);
        if (section !== template.first) { renameNode(section, r.name, 1, k); } else { template.first = null; }
        var page = JSON.parse(rename(template.json, r.name, 1, k));
        page.instance = k;
        page.questions.forEach(function (q) {
          var one = rename(q.name, r.name, k, 1);
          messages.forEach(function (m) { if (m[one] !== undefined) { m[q.name] = m[one]; } });
        });
        c = r.clones[id] = { page: page, section: section };
        return c;
      }
      function number(r, typed) {
        if (!r.info.count) { return r.added; }
        var v = X.evaluate(r.info.count, typed, null, rules);
        v = typeof v === "number" ? Math.trunc(v) : NaN;
        return v === v ? Math.max(0, Math.min(v, MAX)) : 0;
      }
      function setOut(pages, secs) {
        sections.forEach(function (s) { if (s.parentNode) { s.parentNode.removeChild(s); } });
        data.pages.length = 0;
        sections.length = 0;
        pages.forEach(function (p, i) {
          data.pages.push(p);
          sections.push(secs[i]);
          secs[i].setAttribute("data-page", String(i));
          form.insertBefore(secs[i], done);
        });
      }
      var api = {
        /* The pages these answers make; `typed` are the answers as the rules read them. */
        layout: function (typed) {
          var pages = [], secs = [];
          items.forEach(function (item) {
            if (!item.repeat) { pages.push(item.page); secs.push(item.section); return; }
            var r = item.repeat, k, t;
            r.n = number(r, typed);
            for (k = 1; k <= r.n; k++) {
              for (t = 0; t < r.templates.length; t++) {
                var c = instance(r, k, t);
                pages.push(c.page);
                secs.push(c.section);
              }
            }
            if (r.prompt) { pages.push(r.prompt.page); secs.push(r.prompt.section); }
          });
          setOut(pages, secs);
        },
        /* Outside its repeat a question is the node-set of its instances' answers. */
        nodeSets: function (typed) {
          Object.keys(repeats).forEach(function (name) {
            var r = repeats[name], k, blank = [], paths = [];
            for (k = 1; k <= r.n; k++) { blank.push(""); paths.push([[name, k]]); }
            typed[name] = X.nodeset(blank, paths);
            r.bases.forEach(function (base) {
              var values = [];
              for (k = 1; k <= r.n; k++) {
                var v = typed[name + "[" + k + "]/" + base];
                values.push(v === undefined ? "" : v);
              }
              typed[base] = X.nodeset(values, paths);
            });
          });
          return typed;
        },
        /* The rules' context on a page of an instance: position(..) is its number. */
        context: function (page) {
          if (!page.instance) { return rules; }
          var c = Object.create(rules);
          c.position = page.instance;
          return c;
        },
        /* The number of instances of each repeat the person sets, under their keys. */
        counts: function () {
          var out = {};
          Object.keys(repeats).forEach(function (name) {
            var r = repeats[name];
            if (!r.info.count) { out[r.info.countKey] = String(r.added); }
          });
          return out;
        },
        restore: function (answers) {
          Object.keys(repeats).forEach(function (name) {
            var r = repeats[name], kept = answers && answers[r.info.countKey];
            if (!r.info.count && kept !== undefined && /^\d+$/.test(kept)) { r.added = Math.min(+kept, MAX); }
          });
        }
      };
      function place(r, k) {
        for (var i = 0; i < data.pages.length; i++) {
          if (data.pages[i].repeat === r.name && (data.pages[i].instance === k || data.pages[i].instance == null)) { return i; }
        }
        return 0;
      }
      form.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-add], button[data-remove]");
        if (!button) { return; }
        var r = repeats[button.getAttribute("data-add") || button.getAttribute("data-remove")];
        var section = button.closest("section.page");
        var page = data.pages[+section.getAttribute("data-page")];
        if (!r || r.info.count || !page) { return; }
        if (button.hasAttribute("data-add")) {
          r.added = Math.min(r.added + 1, MAX);
          api.layout(typedNow());
          show(place(r, r.added));
          return;
        }
        var gone = page.instance, k, t;
        for (t = 0; t < r.templates.length; t++) {
          var old = r.clones[gone + ":" + t];
          if (old && old.section.parentNode) { old.section.parentNode.removeChild(old.section); }
          delete r.clones[gone + ":" + t];
          for (k = gone + 1; k <= r.added; k++) {
            var c = r.clones[k + ":" + t];
            delete r.clones[k + ":" + t];
            if (!c) { continue; }
            renameNode(c.section, r.name, k, k - 1);
            var page1 = JSON.parse(rename(r.templates[t].json, r.name, 1, k - 1));
            page1.instance = k - 1;
            r.clones[(k - 1) + ":" + t] = { page: page1, section: c.section };
          }
        }
        r.added = Math.max(r.added - 1, 0);
        api.layout(typedNow());
        show(place(r, gone));
      });
      return api;
    }
  };
}());
