/* Repeats in the kiosk's rules, without the page, as the server's pages ask them (survey/repeats.py), to
   any depth: how many instances each repeat has in each outer instance (repeat_count read there, or as
   many as the person adds), the pages each instance asks under its own answer keys (household[2]/
   member[3]/age), the node-sets each question is read as outside its instance (sum(${age}) in a
   household: its members'; outside: everyone's), position(..) on an instance's page, and what "Add
   another" and "Remove" do to the answers. A repeat's place is its path (`household[2]/member`).
   offline-repeats.js draws these pages; tests/survey/test_battery.py runs them under Node over the
   same cases as the server. */
(function () {
  "use strict";
  var MAX = 50;  // survey/repeats.py MAX_INSTANCES

  /* For each repeat name, what stands before it in the longer repeat names that end with it (`grand`
     for `child` when `grandchild` is a repeat too): set by `repeats` from the form's repeats. */
  var longer = {};
  function longerNames(names) {
    longer = {};
    names.forEach(function (name) {
      longer[name] = names.filter(function (other) {
        return other.length > name.length && other.slice(-name.length) === name;
      }).map(function (other) { return other.slice(0, other.length - name.length); });
    });
  }
  /* `text` with instance `from` of the repeat at path `name` read as instance `to` (keys, fields, JSON).
     A match that is the end of a longer repeat's name (`grandchild[1]/` for `child[1]/`) is not one. */
  function rename(text, name, from, to) {
    var needle = name + "[" + from + "]/", put = name + "[" + to + "]/";
    var before = longer[name.split("[")[0]] || [];
    if (!before.length) { return text.split(needle).join(put); }
    var out = "", i = 0, j;
    while ((j = text.indexOf(needle, i)) >= 0) {
      var other = before.some(function (p) { return j >= p.length && text.slice(j - p.length, j) === p; });
      out += text.slice(i, j) + (other ? needle : put);
      i = j + needle.length;
    }
    return out + text.slice(i);
  }
  /* The key prefix of an instance path ([["household", 2], ["member", 3]]): `household[2]/member[3]/`. */
  function prefix(path) { return path.map(function (s) { return s[0] + "[" + s[1] + "]/"; }).join(""); }
  /* Text written for the first instance of every level, read in the instances of `path`. */
  function renamePath(text, path) {
    path.forEach(function (step, i) { text = rename(text, prefix(path.slice(0, i)) + step[0], 1, step[1]); });
    return text;
  }
  function own(where) { return where.slice(where.lastIndexOf("/") + 1); }

  /* The repeats of `data` (the offline page's JSON: one instance of each, within the first of each outer
     one): `layout` sets data.pages to the pages these answers make; each entry of its result names the
     page it was copied from (`source`, an index of the pages the page came with) and its instance path. */
  function repeats(data, X, rules) {
    var byName = {}, chains = {};
    longerNames(Object.keys(data.repeats));
    Object.keys(data.repeats).forEach(function (name) {
      var c = [], r = name;
      while (r) { c.unshift(r); r = data.repeats[r].parent; }
      chains[name] = c;
      byName[name] = { name: name, info: data.repeats[name], prompt: null, bases: [] };
    });
    function depthOf(page) { return page.repeat ? chains[page.repeat].length : 0; }
    /* The pages from..to at `depth` as items: pages of their own, or a repeat's block (its body, its prompt). */
    function parse(from, to, depth) {
      var items = [], i = from;
      while (i < to) {
        var page = data.pages[i];
        if (depthOf(page) <= depth) {
          if (depth && page.repeat) {
            page.questions.forEach(function (q) { byName[page.repeat].bases.push(own(q.name)); });
          }
          items.push({ page: page, source: i, json: depth ? JSON.stringify(page) : null,
            names: page.questions.map(function (q) { return q.name; }) });
          i += 1;
          continue;
        }
        var r = byName[chains[page.repeat][depth]], end = i;
        while (end < to && depthOf(data.pages[end]) > depth && chains[data.pages[end].repeat][depth] === r.name) { end += 1; }
        var last = data.pages[end - 1];
        var hasPrompt = last.repeat === r.name && last.instance == null;
        if (hasPrompt) { r.prompt = { page: last, source: end - 1, json: JSON.stringify(last) }; }
        items.push({ repeat: r, body: parse(i, hasPrompt ? end - 1 : end, depth + 1) });
        i = end;
      }
      return items;
    }
    var items = parse(0, data.pages.length, 0);
    var messages = ["requiredMsg", "constraint", "range"].map(function (k) { return data.messages[k] || {}; });
    var cache = {}, trees = {}, added = {}, changed = {}, numbers = [], ends = {};

    /* Page `item` (written for the first instances) as the instances of `path` ask it, its messages
       under their keys; a prompt (the path of its outer instances) keeps no instance. */
    function instance(item, path, prompt) {
      var id = prefix(path) + "#" + item.source;
      if (cache[id]) { return cache[id]; }
      var page = JSON.parse(renamePath(item.json, path));
      page.instance = prompt ? null : path[path.length - 1][1];
      page.scope = prefix(prompt ? path : path.slice(0, -1));
      (item.names || []).forEach(function (one, j) {
        var name = page.questions[j].name;
        messages.forEach(function (m) { if (m[one] !== undefined) { m[name] = m[one]; } });
      });
      cache[id] = page;
      return page;
    }
    function number(r, where, path, typed) {
      if (!r.info.count) { return added[where] === undefined ? 1 : added[where]; }
      if (!trees[where]) { trees[where] = JSON.parse(renamePath(JSON.stringify(r.info.count), path)); }
      var v = X.evaluate(trees[where], typed, null, rules);
      v = typeof v === "number" ? Math.trunc(v) : NaN;
      return v === v ? Math.max(0, Math.min(v, MAX)) : 0;
    }
    function adds(where) { var r = byName[own(where)]; return !!r && !r.info.count; }
    function current(where) {
      for (var i = 0; i < numbers.length; i++) { if (numbers[i].where === where) { return numbers[i].n; } }
      return added[where] === undefined ? 1 : added[where];
    }
    /* Each key of `map` in instance k > gone of `where` moved down one place, those in `gone` dropped. */
    function shift(map, where, gone, n) {
      if (!map) { return; }
      var start = where + "[" + gone + "]/";
      Object.keys(map).forEach(function (key) { if (key.indexOf(start) === 0) { delete map[key]; } });
      for (var k = gone + 1; k <= n; k++) {
        var from = where + "[" + k + "]/", to = where + "[" + (k - 1) + "]/";
        Object.keys(map).forEach(function (key) {
          if (key.indexOf(from) === 0) { map[to + key.slice(from.length)] = map[key]; delete map[key]; }
        });
      }
    }

    return {
      rename: rename,
      prefix: prefix,
      renamePath: renamePath,
      /* The pages these answers make (`typed`: the answers as the rules read them), set in data.pages. */
      layout: function (typed) {
        var out = [];
        numbers = [];
        ends = {};
        (function emit(list, path) {
          list.forEach(function (item) {
            if (!item.repeat) {
              out.push(path.length ? { page: instance(item, path), source: item.source, repeat: item.page.repeat,
                instance: path[path.length - 1][1], path: path } : { page: item.page, source: item.source, path: [] });
              return;
            }
            var r = item.repeat, where = prefix(path) + r.name, n = number(r, where, path, typed), k;
            numbers.push({ where: where, n: n, path: path, repeat: r });
            for (k = 1; k <= n; k++) {
              var start = out.length;
              emit(item.body, path.concat([[r.name, k]]));
              if (!item.body[0].repeat && item.body.some(function (b) { return b.repeat; })) {
                (ends[out.length] = ends[out.length] || []).push(start);
              }
            }
            if (r.prompt) {
              out.push({ page: path.length ? instance(r.prompt, path, true) : r.prompt.page, source: r.prompt.source,
                repeat: r.name, path: path });
            }
          });
        }(items, []));
        data.pages.length = 0;
        out.forEach(function (entry) { data.pages.push(entry.page); });
        return out;
      },
      /* Outside its instance a question is the node-set of the instances' answers under the deepest
         instance both share (`household[2]/age`, `age`), a repeat the node-set of its instances. */
      nodeSets: function (typed) {
        var values = {}, paths = {}, scopes = {}, whole = {};
        numbers.forEach(function (e) {
          var levels = [[]].concat(e.path.map(function (_s, i) { return e.path.slice(0, i + 1); }));
          for (var k = 1; k <= e.n; k++) {
            var path = e.path.concat([[e.repeat.name, k]]);
            levels.forEach(function (scope) {
              [e.repeat.name].concat(e.repeat.bases).forEach(function (base) {
                var name = prefix(scope) + base, v = base === e.repeat.name ? "" : typed[e.where + "[" + k + "]/" + base];
                (values[name] = values[name] || []).push(v === undefined ? "" : v);
                (paths[name] = paths[name] || []).push(path);
                scopes[name] = scope;
              });
            });
          }
        });
        Object.keys(values).forEach(function (name) {
          if (name.indexOf("/") < 0) { whole[name] = typed[name] = X.nodeset(values[name], paths[name]); }
        });
        Object.keys(values).forEach(function (name) {
          if (name.indexOf("/") >= 0) { typed[name] = X.nodeset(values[name], paths[name], scopes[name], whole[own(name)]); }
        });
        return typed;
      },
      /* The first pages of the instances whose pages (those of their inner repeats too) end before page i:
         their calculations after an inner repeat read those inner instances. */
      ending: function (i) { return ends[i] || []; },
      /* The rules' context on a page of an instance: position(..) is its (innermost) number. */
      context: function (page) {
        if (!page.instance) { return rules; }
        var c = Object.create(rules);
        c.position = page.instance;
        return c;
      },
      /* The number of instances the person sets, under their keys (`household[2]/member[count]`): as the
         server's pages keep it, once "Add another" or "Remove" has changed it there. */
      counts: function () {
        var out = {};
        Object.keys(changed).forEach(function (where) { out[where + "[count]"] = String(added[where]); });
        return out;
      },
      restore: function (answers) {
        Object.keys(answers || {}).forEach(function (key) {
          var m = /^(.+)\[count\]$/.exec(key), kept = answers[key];
          if (m && adds(m[1]) && /^\d+$/.test(kept)) {
            added[m[1]] = Math.min(+kept, MAX);
            changed[m[1]] = true;
          }
        });
      },
      /* Whether the person adds and removes instances of this repeat (a name or path; no repeat_count). */
      adds: adds,
      /* "Add another" at path `where`: one more instance at the end; its number (0: none can be added). */
      add: function (where) {
        var n = current(where);
        if (!adds(where) || n >= MAX) { return 0; }
        added[where] = n + 1;
        changed[where] = true;
        return n + 1;
      },
      /* "Remove" on instance `gone` at path `where`: it goes with the instances within it, the later ones
         move down one place with their answers (`answers` by key, renamed in place) and their inner
         instances' numbers, and `moved(k)` is told of each instance k that does. */
      remove: function (where, gone, answers, moved) {
        if (!adds(where) || !gone) { return false; }
        var n = current(where), k;
        shift(answers, where, gone, n);
        shift(added, where, gone, n);
        shift(changed, where, gone, n);
        Object.keys(trees).forEach(function (w) { if (w.indexOf(where + "[") === 0) { delete trees[w]; } });
        Object.keys(cache).forEach(function (id) {
          if (id.indexOf(where + "[") === 0 && +id.slice(where.length + 1).split("]")[0] >= gone) { delete cache[id]; }
        });
        for (k = gone + 1; k <= n; k++) { if (moved) { moved(k); } }
        added[where] = Math.max(n - 1, 0);
        changed[where] = true;
        return true;
      },
      /* Where the person lands after adding or removing: instance k's first page, else the prompt. */
      place: function (where, k) {
        for (var i = 0; i < data.pages.length; i++) {
          var p = data.pages[i];
          if ((p.scope || "") + p.repeat === where && (p.instance === k || p.instance == null)) { return i; }
        }
        return 0;
      }
    };
  }

  window.SurveyRepeats = { rename: rename, prefix: prefix, repeats: repeats };
}());
