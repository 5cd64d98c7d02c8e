/* A select's choices on the offline kiosk page as survey/choice_filter.py gives them on the server: those its
   choice_filter keeps (the same expression tree over the list's rows), in ODK's randomize() order, seeded
   by `seed` or by the response's id. A choice the person holds stays shown, with its error if the filter
   no longer keeps it; `autocomplete` and `search` add a text box that narrows the choices shown. Loaded only
   for a survey with such a select (the offline page has a weight budget). */
window.KioskChoices = function (k) {
  "use strict";
  var X = window.SurveyExpressions;
  function allowed(q, values) {
    var all = q.choices.map(function (c, i) { return i; });
    if (!q.filter) { return all; }
    var rows = k.rules.instance(q.list) || [], got = X.evaluate(q.filter, k.typedAll(values), null, k.rules);
    var nodes = got && got.nodes ? got.nodes : [];
    return all.filter(function (i) { return nodes.indexOf(rows[i]) >= 0; });
  }
  function fits(q, value, values) {
    var names = allowed(q, values).map(function (i) { return q.choices[i]; });
    return value.split(" ").every(function (v) { return names.indexOf(v) >= 0; });
  }
  function seedOf(q, values) {
    var text = q.seed ? X.string(X.evaluate(q.seed, k.typedAll(values), null, k.rules)).trim() : "";
    var n = text === "" ? NaN : Number(text), h = 2166136261, id = k.id(), i;
    if (isFinite(n)) { return Math.trunc(n); }
    for (i = 0; i < id.length; i++) { h = Math.imul((h ^ id.charCodeAt(i)) >>> 0, 16777619) >>> 0; }
    return h % 2147483646 + 1;  // the response's own seed (FNV-1a of its id), as the server's
  }
  // autocomplete / search: a text box that narrows the choices shown to those whose label holds its text.
  function searchBox(q, els) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "choice-search";
    box.placeholder = q.search;
    var legend = document.querySelector("#" + q.field + "-box legend");
    box.setAttribute("aria-label", q.search + (legend ? ": " + legend.textContent.trim() : ""));
    box.setAttribute("aria-controls", q.field + "-box");
    box.addEventListener("input", function () { arrange(last); });
    els[0].parentNode.insertBefore(box, els[0]);
    return box;
  }
  var last = {};
  function arrange(values) {
    var now = k.raw();
    last = values;
    k.questions().forEach(function (q) {
      if (!q.filter && !q.randomize && !q.search) { return; }
      var els = q.els = q.els || k.inputs(q).filter(function (e) { return e.value && !e.options; })
        .map(function (e) { return e.tagName === "OPTION" ? e : e.closest("label"); });
      if (!els.length) { return; }
      if (q.search && !q.box) { q.box = searchBox(q, els); }
      var typed = q.box ? q.box.value.trim().toLocaleLowerCase() : "";
      var held = [].concat(now[q.name] || []), keep = allowed(q, values);
      keep = q.choices.map(function (c, i) { return i; }).filter(function (i) {
        var named = !typed || els[i].textContent.toLocaleLowerCase().indexOf(typed) >= 0;
        return (keep.indexOf(i) >= 0 && named) || held.indexOf(q.choices[i]) >= 0;  // a held choice stays
      });
      if (q.randomize) {  // the expression function randomize(), as the server's ordered()
        keep = X.evaluate({ k: "call", v: "randomize", a: [{ k: "ref", v: "c" }, { k: "num", v: seedOf(q, values) }] },
          { c: X.nodeset(keep) }).nodes;
      }
      els.forEach(function (el, i) { el.hidden = keep.indexOf(i) < 0; if (el.tagName === "OPTION") { el.disabled = el.hidden; } });
      var order = keep.map(function (i) { return els[i]; }), parent = els[0].parentNode;
      var dom = [].filter.call(parent.children, function (e) { return order.indexOf(e) >= 0; });
      // moved only when out of order: moving a choice under a finger would lose the tap
      if (dom.some(function (e, j) { return e !== order[j]; })) {
        order.forEach(function (e) { parent.appendChild(e); });
      }
    });
  }
  return { fits: fits, arrange: arrange };
};
