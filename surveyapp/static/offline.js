/* The whole survey on one kiosk page: paging, skip logic and checks as the server does them (the rules
   are survey-rules.js's, over the same expression trees and messages; this script draws them on the
   page), then the response goes to the outbox with the time it was answered.
   A draft survives a language switch (sessionStorage); finish, "start over" and the idle reset wipe it. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("survey-data").textContent);
  data.pages.forEach(function (p) { p.questions.forEach(function (q) { q.field = data.prefix + q.name; }); });
  var X = window.SurveyExpressions, A = window.SurveyAnswers || {};
  if (window.SurveyCalendars) { window.SurveyCalendars.use(data.bikramSambat); }
  var form = document.getElementById("whole");
  var sections = [].slice.call(form.querySelectorAll("section.page"));
  var next = document.getElementById("next");
  var back = document.getElementById("back");
  var progress = document.getElementById("progress");
  var draftKey = "surveyapp-draft:" + data.token;
  // The rules' context as the server's (language, month names, choice labels), with today() and now()
  // in the partners' time zone (TIMEZONE) by the tablet's clock, whatever zone the tablet is set to.
  var rules = X.context(data.context || {});
  inTimezone(rules, data.timezone);
  /* today and now, read at each evaluation (the page stays on the tablet for days), as the server's
     (survey/context.rules_context): the day and the wall time in `zone`, now with its UTC offset. */
  function inTimezone(ctx, zone) {
    var format;
    try {
      format = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric",
        month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    } catch (e) { return; }  // a zone this browser does not know: its own (expressions.js)
    function two(n) { return (n < 10 ? "0" : "") + n; }
    function wall() {
      var at = new Date(), p = {}, off, ms = at.getMilliseconds();
      format.formatToParts(at).forEach(function (part) { p[part.type] = part.value; });
      p.hour = p.hour === "24" ? "00" : p.hour;
      off = Math.round((Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) -
        (at.getTime() - ms)) / 6e4);
      p.date = p.year + "-" + p.month + "-" + p.day;
      p.now = p.date + "T" + p.hour + ":" + p.minute + ":" + p.second + "." + String(1000 + ms).slice(1) +
        (off < 0 ? "-" : "+") + two(Math.floor(Math.abs(off) / 60)) + ":" + two(Math.abs(off) % 60);
      return p;
    }
    Object.defineProperty(ctx, "today", { get: function () { return wall().date; } });
    Object.defineProperty(ctx, "now", { get: function () { return wall().now; } });
  }
  // The rules themselves (survey-rules.js), with what this page adds to them in `hooks`.
  var hooks = { rules: rules, seen: function (i, q, relevant) {
    var box = document.getElementById(q.field + "-box");
    if (box && i === current) { box.hidden = !relevant; }
  }, walked: function (page, values) { if (F) { F.show(page, values); } }, pipe: function (text, answers) {
    var byName = {};
    questions().forEach(function (q) { byName[q.name] = q; });
    return text.replace(PIPE, function (_m, name) { return byName[name] ? shown(byName[name], answers[name]) : ""; });
  } };
  var S = window.SurveyRules.engine(data, X, A, hooks);
  var answerable = window.SurveyRules.answerable, parse = S.parse, stored = S.stored, questions = S.questions;
  var typedAll = S.typedAll, applies = S.applies;
  var draft = restore() || { id: newId(), page: 0 };
  var current = draft.page || 0;
  var choices = window.KioskChoices ? window.KioskChoices({ rules: rules, typedAll: typedAll, raw: raw,
    inputs: inputs, questions: questions, id: function () { return draft.id; } }) : { arrange: Object };
  hooks.choices = choices;
  var F;  // values the form sets (form-set.js), for surveys that use them
  // Repeats (offline-repeats.js): each instance's pages, laid out for the answers so far.
  var R = hooks.R = data.repeats && window.SurveyRepeats ? window.SurveyRepeats.attach(data, form, sections, X,
    rules, show, function () { return typedAll(walk(data.pages.length).values); }) : null;
  function relayout() { if (R) { R.layout(typedAll(walk(data.pages.length).values)); } }
  // File questions (offline-files.js): the chosen files wait in IndexedDB with the draft.
  var FILES = window.KioskFiles ? window.KioskFiles({ data: data, form: form, questions: questions,
    id: function () { return draft.id; }, changed: function () { refresh(); } }) : null;
  function isFile(q) { return !!FILES && FILES.isFile(q); }
  if (R && FILES) { R.carry = FILES.carry; }  // a removed instance's files go, the later ones move down

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = [].map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }
  function restore() { try { return JSON.parse(sessionStorage.getItem(draftKey)); } catch (e) { return null; } }
  function forget() { sessionStorage.removeItem(draftKey); }
  function keep() {
    draft.page = current; draft.answers = raw();
    if (R) { var n = R.counts(); Object.keys(n).forEach(function (k) { draft.answers[k] = n[k]; }); }
    sessionStorage.setItem(draftKey, JSON.stringify(draft));
  }

  function inputs(q) { var n = "[name='" + q.field + "']"; return [].slice.call(form.querySelectorAll(n + "," + n + " option")); }
  function checked(e) { return e.matches(":checked"); }

  function raw() {
    var out = {};
    questions().filter(answerable).forEach(function (q) {
      var els = inputs(q);
      if (isFile(q)) {
        out[q.name] = FILES.value(q);
      } else if (q.type === "select_multiple") {
        out[q.name] = els.filter(checked).map(function (e) { return e.value; });
      } else if (q.type === "select_one" || q.type === "acknowledge") {
        var on = els.filter(checked)[0];
        out[q.name] = on ? on.value : "";
      } else {
        out[q.name] = q.parts ? A.own(els).map(A.value) : els[0] ? els[0].value : "";
      }
    });
    return out;
  }
  function fill(answers) {
    questions().filter(answerable).forEach(function (q) {
      var value = answers[q.name];
      if (value === undefined || isFile(q)) { return; }  // a file input takes no value; its file is kept
      (q.parts ? A.own(inputs(q)) : inputs(q)).forEach(function (e, i) {
        if (e.type === "checkbox" || e.type === "radio" || e.tagName === "OPTION") {
          e[e.tagName === "OPTION" ? "selected" : "checked"] = Array.isArray(value) ? value.indexOf(e.value) >= 0 : value === e.value;
        } else { e.value = q.parts ? value[i] || "" : value; }
      });
    });
  }

  function walk(until) { return S.walk(raw(), until); }

  function showErrors(page, errors) {
    var first = null;
    page.questions.filter(answerable).forEach(function (q) {
      var box = document.getElementById(q.field + "-box");
      if (!box) { return; }
      var old = document.getElementById(q.field + "-error");
      if (old) { old.parentNode.removeChild(old); }
      var field = box.querySelector("fieldset") || inputs(q)[0];
      box.classList.toggle("has-error", !!errors[q.name]);
      if (field) { field.removeAttribute("aria-invalid"); }
      if (!errors[q.name] || box.hidden) { return; }
      var p = document.createElement("p");
      p.className = "error";
      p.id = q.field + "-error";
      p.textContent = errors[q.name];
      var anchor = box.querySelector("legend, label[for]");
      if (anchor) { anchor.insertAdjacentElement("afterend", p); }
      else { box.insertBefore(p, box.firstChild); }
      if (field) {
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", p.id);
      }
      first = first || (inputs(q)[0]);
    });
    if (first) { first.focus(); }
    return !first;
  }

  function pageErrors(i, result) {
    var own = {};
    data.pages[i].questions.forEach(function (q) { if (result.errors[q.name]) { own[q.name] = result.errors[q.name]; } });
    return own;
  }

  // `${name}` in a label, a hint or a message: the answer as the person reads it (choices by their
  // labels); the names as the server's survey/piping.PIPE reads them.
  var PIPE = /\$\{([A-Za-z_][\w.-]*(?:\[\d+\]\/[A-Za-z_][\w.-]*)*)\}/g;
  function shown(q, value) {
    if (!value) { return ""; }
    if (!q.choices) { return String(value); }
    return value.split(" ").map(function (v) {
      var input = inputs(q).filter(function (e) { return e.value === v && !e.options; })[0];
      var label = input && (q.parts ? input : input.closest("label") || input);
      return label ? label.textContent.trim() : v;
    }).join(", ");
  }
  function pipe(values) {
    var byName = {};
    questions().forEach(function (q) { byName[q.name] = q; });
    [].forEach.call(form.querySelectorAll("[data-pipe]"), function (span) {
      var q = byName[span.getAttribute("data-pipe")];
      span.textContent = q ? shown(q, values[q.name]) : "";
    });
  }

  function show(i) {
    current = i;
    var result = walk(data.pages.length);
    pipe(result.values);
    choices.arrange(result.values);
    sections.forEach(function (s, k) { s.hidden = k !== i; });
    walk(i);  // hides the questions of this page that do not apply
    // Counted as the server counts: pages that apply, and those waiting for an answer not given yet.
    var counted = S.counted(result);
    var total = counted.length || 1;
    var position = counted.filter(function (k) { return k <= i; }).length || 1;
    progress.textContent = progress.getAttribute("data-template").replace("111", position).replace("999", total);
    back.hidden = result.visible.indexOf(i) <= 0;
    var heading = sections[i].querySelector("h1");
    if (heading) { heading.focus(); }
    keep();
  }

  function finish(result) {
    var body = { kiosk: data.kiosk, id: draft.id, version: data.version, lang: data.lang, answers: {},
      answered_at: new Date().toISOString() };
    var files = [];
    questions().filter(answerable).forEach(function (q) {
      var value = result.values[q.name];
      if (value && isFile(q)) { files.push(q.name); }  // sent as the file itself, named by the server
      else if (value) { body.answers[q.name] = q.type === "select_multiple" ? value.split(" ") : value; }
    });
    if (R) { var n = R.counts(); Object.keys(n).forEach(function (k) { body.answers[k] = n[k]; }); }
    var item = { id: draft.id, send: data.send, body: body };
    (FILES ? FILES.finish(item, files) : window.KioskOutbox.put(item)).then(function () {
      forget();
      sections.forEach(function (s) { s.hidden = true; });
      document.getElementById("buttons").hidden = true;
      progress.hidden = true;
      var done = document.getElementById("done");
      done.hidden = false;
      done.querySelector("h1").focus();
      window.KioskOutbox.flush();
      setTimeout(function () { location.replace(data.start); }, 10000);
    });
  }

  next.addEventListener("click", function () {
    var upto = walk(current);
    if (!showErrors(data.pages[current], pageErrors(current, upto))) { keep(); return; }
    relayout();
    var result = walk(data.pages.length);
    var to = S.following(result, current, 1);
    if (to < 0) { finish(walk(data.pages.length)); } else { show(to); }
  });
  back.addEventListener("click", function () {
    var to = S.following(walk(data.pages.length), current, -1);
    if (to >= 0) { show(to); }
  });
  function refresh() {
    walk(current);
    var values = walk(data.pages.length).values;
    pipe(values); choices.arrange(values); keep();
  }
  form.addEventListener("change", function (event) {
    var changed = F && questions().filter(function (q) { return q.field === event.target.name; })[0];
    if (changed) { F.change(changed.name); }
    refresh();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); next.click(); });
  var reset = document.getElementById("kiosk-reset");
  if (reset) { reset.addEventListener("submit", forget); }

  if (R) { R.restore(draft.answers); relayout(); }
  if (draft.answers) { fill(draft.answers); }
  if (R && draft.answers) { relayout(); fill(draft.answers); }
  if (window.SurveyFormSet) {
    F = hooks.F = window.SurveyFormSet({ X: X, draft: draft, data: data, form: form, rules: rules, parse: parse,
      stored: stored, answerable: answerable, applies: applies, typedAll: typedAll, inputs: inputs,
      fill: fill, raw: raw, walk: walk, shown: shown, questions: questions });
    F.start();
  }
  if (!draft.page) {  // a new person starts on the first page shown (never one of only calculates)
    var first = S.following(walk(data.pages.length), -1, 1);
    if (first > 0) { current = first; }
  }
  show(Math.min(current, sections.length - 1));
}());
