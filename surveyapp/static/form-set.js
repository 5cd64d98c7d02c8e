/* Values the form sets, as the server's survey/form_set.py sets them; loaded only by surveys that use
   them (the kiosk page keeps its budget). read_only (yes, a condition, or a calculation without
   trigger) is shown as text and keeps the value the response started with; a trigger's change runs
   its calculations, then they are kept; dynamic defaults are evaluated once, for a new person. */
window.SurveyFormSet = function (k) {
  "use strict";
  var X = k.X, draft = k.draft;
  function asAnswer(q, v) { var t = k.stored(v); return t && k.answerable(q) ? k.parse(q, t)[0] : t || null; }
  function recomputed(q) { return q.calculation && !q.trigger; }
  function locked(q, context) {
    return k.answerable(q) && !!(recomputed(q) || q.readOnly === true ||
      (q.readOnly && k.applies(q.readOnly, context)));
  }
  function put(q, value) {
    var one = {};
    one[q.name] = q.type === "select_multiple" ? (value || "").split(" ").filter(Boolean) : value || "";
    k.fill(one);
  }
  function evaluate(q, tree, values) { return asAnswer(q, X.evaluate(tree, k.typedAll(values), null, k.rules)); }
  return {
    asAnswer: asAnswer,
    recomputed: recomputed,
    // The answers a page's read-only conditions see: the start's, less those walked, and the values.
    before: function (values, done) {
      var out = {};
      Object.keys(draft.start).forEach(function (n) { if (!done[n]) { out[n] = draft.start[n]; } });
      Object.keys(values).forEach(function (n) { out[n] = values[n]; });
      return out;
    },
    // True (and its kept value in `parsed`) for a read-only question; inputs locked as it is.
    fix: function (q, before, parsed) {
      var on = locked(q, before), els = k.inputs(q);
      els.forEach(function (e) { e.disabled = on; });
      if (!on) { return false; }
      parsed[q.name] = (q.trigger ? draft.kept[q.name] : draft.start[q.name]) || null;
      if (els.length) { put(q, parsed[q.name]); }
      return true;
    },
    show: function (page, values) {
      page.questions.forEach(function (q) {
        var out = k.form.querySelector("[data-shows='" + q.name + "']");
        if (out) { out.textContent = k.shown(q, values[q.name]); }
      });
    },
    change: function (name) {
      var values = k.walk(k.data.pages.length).values;
      k.questions().forEach(function (q) {
        if (!q.trigger || q.trigger.indexOf(name) < 0) { return; }
        draft.kept[q.name] = q.calculation && evaluate(q, q.calculation, values) || "";
        put(q, draft.kept[q.name]);
      });
    },
    // A new person: the defaults (the page's, dynamic ones evaluated now), once.
    start: function () {
      if (draft.start) { return; }
      var start = draft.start = {}, answers = k.raw();
      draft.kept = {};
      k.questions().filter(k.answerable).forEach(function (q) {
        // A default in its stored form (`10:30` -> `10:30:00.000+01:00`), as answers.stored_default.
        var v = q.default ? k.parse(q, q.default)[0] || q.default : k.parse(q, answers[q.name])[0];
        if (v) { start[q.name] = v; }
      });
      k.questions().forEach(function (q) {
        if (!q.defaultExpr || start[q.name]) { return; }
        var v = evaluate(q, q.defaultExpr, start);
        if (v) { start[q.name] = v; put(q, v); }
      });
    }
  };
};
