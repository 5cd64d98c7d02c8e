/* Repeats in the kiosk's rules, without the page, as the server's pages ask them (survey/repeats.py): how
   many instances each repeat has (repeat_count, or as many as the person adds), the pages each instance
   asks under its own answer keys (member[2]/age), the node-set each question is outside its instance
   (sum(${age})), position(..) on an instance's page, and what "Add another" and "Remove" do to the
   answers. offline-repeats.js draws these pages on the kiosk page; tests/survey/test_battery.py runs
   them under Node over the same cases as the server. */
(function () {
  "use strict";
  var MAX = 50;  // survey/repeats.py MAX_INSTANCES

  /* `text` with instance `from` of repeat `name` read as instance `to` (keys, fields, page JSON). */
  function rename(text, name, from, to) { return text.split(name + "[" + from + "]/").join(name + "[" + to + "]/"); }

  /* The repeats of `data` (the offline page's JSON, one instance of each): `layout` sets data.pages to
     the pages these answers make; each entry of its result names the page it was copied from
     (`source`, an index of the pages the page came with) and its instance. */
  function repeats(data, X, rules) {
    var items = [], byName = {};
    data.pages.forEach(function (page, i) {
      if (!page.repeat) { items.push({ page: page, source: i }); return; }
      var r = byName[page.repeat];
      if (!r) {
        r = byName[page.repeat] = { name: page.repeat, info: data.repeats[page.repeat], templates: [],
          prompt: null, pages: {}, n: 1, added: 1, bases: [], changed: false };
        items.push({ repeat: r });
      }
      if (page.instance == null) { r.prompt = { page: page, source: i }; return; }
      page.questions.forEach(function (q) { r.bases.push(q.name.slice(q.name.indexOf("/") + 1)); });
      r.templates.push({ json: JSON.stringify(page), source: i });
    });
    var messages = ["requiredMsg", "constraint", "range"].map(function (k) { return data.messages[k] || {}; });

    /* Instance k's copy of a repeat's page t, its messages under its keys. */
    function instance(r, k, t) {
      var id = k + ":" + t, template = r.templates[t];
      if (r.pages[id]) { return r.pages[id]; }
      var page = JSON.parse(rename(template.json, r.name, 1, k));
      page.instance = k;
      page.questions.forEach(function (q) {
        var one = rename(q.name, r.name, k, 1);
        messages.forEach(function (m) { if (m[one] !== undefined) { m[q.name] = m[one]; } });
      });
      r.pages[id] = page;
      return page;
    }
    function number(r, typed) {
      if (!r.info.count) { return r.added; }
      var v = X.evaluate(r.info.count, typed, null, rules);
      v = typeof v === "number" ? Math.trunc(v) : NaN;
      return v === v ? Math.max(0, Math.min(v, MAX)) : 0;
    }
    function own(r) { return !r || r.info.count ? null : r; }

    return {
      rename: rename,
      /* The pages these answers make (`typed`: the answers as the rules read them), set in data.pages. */
      layout: function (typed) {
        var out = [];
        items.forEach(function (item) {
          if (!item.repeat) { out.push(item); return; }
          var r = item.repeat, k, t;
          r.n = number(r, typed);
          for (k = 1; k <= r.n; k++) {
            for (t = 0; t < r.templates.length; t++) {
              out.push({ page: instance(r, k, t), source: r.templates[t].source, repeat: r.name, instance: k });
            }
          }
          if (r.prompt) { out.push({ page: r.prompt.page, source: r.prompt.source, repeat: r.name }); }
        });
        data.pages.length = 0;
        out.forEach(function (entry) { data.pages.push(entry.page); });
        return out;
      },
      /* Outside its repeat a question is the node-set of its instances' answers. */
      nodeSets: function (typed) {
        Object.keys(byName).forEach(function (name) {
          var r = byName[name], k, blank = [], paths = [];
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
      /* The number of instances of each repeat the person sets, under their keys: as the server's pages
         keep it, once "Add another" or "Remove" has changed it (before, the first instance alone). */
      counts: function () {
        var out = {};
        Object.keys(byName).forEach(function (name) {
          var r = byName[name];
          if (!r.info.count && r.changed) { out[r.info.countKey] = String(r.added); }
        });
        return out;
      },
      restore: function (answers) {
        Object.keys(byName).forEach(function (name) {
          var r = byName[name], kept = answers && answers[r.info.countKey];
          if (!r.info.count && kept !== undefined && /^\d+$/.test(kept)) {
            r.added = Math.min(+kept, MAX);
            r.changed = true;
          }
        });
      },
      /* Whether the person adds and removes instances of this repeat (it has no repeat_count). */
      adds: function (name) { return !!own(byName[name]); },
      /* "Add another": one more instance at the end; its number (0: none can be added). */
      add: function (name) {
        var r = own(byName[name]);
        if (!r || r.added >= MAX) { return 0; }
        r.added += 1;
        r.changed = true;
        return r.added;
      },
      /* "Remove" on instance `gone`: the later instances move down one place, their answers with them
         (`answers` by key, renamed in place), and `moved(k)` is told of each instance k that does. */
      remove: function (name, gone, answers, moved) {
        var r = own(byName[name]), k, t;
        if (!r || !gone) { return false; }
        Object.keys(answers || {}).forEach(function (key) {
          if (key.indexOf(name + "[" + gone + "]/") === 0) { delete answers[key]; }
        });
        for (t = 0; t < r.templates.length; t++) { delete r.pages[gone + ":" + t]; }
        for (k = gone + 1; k <= r.added; k++) {
          Object.keys(answers || {}).forEach(function (key) {
            if (key.indexOf(name + "[" + k + "]/") === 0) {
              answers[rename(key, name, k, k - 1)] = answers[key];
              delete answers[key];
            }
          });
          for (t = 0; t < r.templates.length; t++) {
            if (!r.pages[k + ":" + t]) { continue; }
            delete r.pages[k + ":" + t];
            var page = JSON.parse(rename(r.templates[t].json, r.name, 1, k - 1));
            page.instance = k - 1;
            r.pages[(k - 1) + ":" + t] = page;
          }
          if (moved) { moved(k); }
        }
        r.added = Math.max(r.added - 1, 0);
        r.changed = true;
        return true;
      },
      /* Where the person lands after adding or removing: instance k's first page, else the prompt. */
      place: function (name, k) {
        for (var i = 0; i < data.pages.length; i++) {
          if (data.pages[i].repeat === name && (data.pages[i].instance === k || data.pages[i].instance == null)) { return i; }
        }
        return 0;
      }
    };
  }

  window.SurveyRepeats = { rename: rename, repeats: repeats };
}());
