/* The whole survey on one kiosk page: paging, skip logic and checks as the server does them (the same
   expression trees and messages), then the response goes to the outbox with the time it was answered.
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
  var INTEGER = /^[+-]?\d{1,15}$/;
  var DECIMAL = /^[+-]?(\d{1,15}([.,]\d{0,10})?|[.,]\d{1,10})$/;
  var CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
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
  // Digits typed in Arabic-Indic or Devanagari count as the server counts them (Python's \d).
  var DIGITS = /[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]/g;
  function ascii(text) {
    return text.replace(DIGITS, function (c) {
      var code = c.charCodeAt(0);
      return String(code - (code >= 0x966 ? 0x966 : code >= 0x6f0 ? 0x6f0 : 0x660));
    });
  }
  var draft = restore() || { id: newId(), page: 0 };
  var current = draft.page || 0;
  var choices = window.KioskChoices ? window.KioskChoices({ rules: rules, typedAll: typedAll, raw: raw,
    inputs: inputs, questions: questions, id: function () { return draft.id; } }) : { arrange: Object };
  var F;  // values the form sets (form-set.js), for surveys that use them
  // Repeats (offline-repeats.js): each instance's pages, laid out for the answers so far.
  var R = data.repeats && window.SurveyRepeats ? window.SurveyRepeats.attach(data, form, sections, X,
    rules, show, function () { return typedAll(walk(data.pages.length).values); }) : null;
  function relayout() { if (R) { R.layout(typedAll(walk(data.pages.length).values)); } }

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
  function questions() { return data.pages.reduce(function (all, p) { return all.concat(p.questions); }, []); }
  function answerable(q) { return q.type !== "note" && q.type !== "calculate"; }
  // An expression's value as the server stores a calculation (survey/calculations.py).
  function stored(v) { return typeof v === "number" && !isFinite(v) ? "" : X.string(v); }

  function raw() {
    var out = {};
    questions().filter(answerable).forEach(function (q) {
      var els = inputs(q);
      if (q.type === "select_multiple") {
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
      if (value === undefined) { return; }
      (q.parts ? A.own(inputs(q)) : inputs(q)).forEach(function (e, i) {
        if (e.type === "checkbox" || e.type === "radio" || e.tagName === "OPTION") {
          e[e.tagName === "OPTION" ? "selected" : "checked"] = Array.isArray(value) ? value.indexOf(e.value) >= 0 : value === e.value;
        } else { e.value = q.parts ? value[i] || "" : value; }
      });
    });
  }

  function parse(q, value) {
    var m = data.messages, own = A.parse && A.parse(q, value, m, ascii);
    if (own) { return own; }
    if (q.type === "select_multiple") {
      var unknown = value.filter(function (v) { return q.choices.indexOf(v) < 0; });
      if (unknown.length) { return [null, m.choice]; }
      return [q.choices.filter(function (c) { return value.indexOf(c) >= 0; }).join(" ") || null, null];
    }
    var text = String(value || "").replace(CONTROL, "").trim();
    if (!text) { return [null, null]; }
    if (q.type === "select_one") { return q.choices.indexOf(text) < 0 ? [null, m.choice] : [text, null]; }
    if (q.type === "acknowledge") { return text === "OK" ? ["OK", null] : [null, m.ack]; }
    if (q.type === "integer") {
      text = ascii(text);
      return INTEGER.test(text) ? [String(parseInt(text, 10)), null] : [null, m.integer];
    }
    if (q.type === "decimal") {
      text = ascii(text);
      return DECIMAL.test(text) ? [String(parseFloat(text.replace(",", "."))), null] : [null, m.decimal];
    }
    if (q.type === "range" && q.range) {
      text = ascii(text);
      var r = q.range, n = parseFloat(text.replace(",", ".")), steps = r[2] ? (n - r[0]) / r[2] : 0;
      return DECIMAL.test(text) && n >= Math.min(r[0], r[1]) && n <= Math.max(r[0], r[1]) &&
        Math.abs(steps - Math.round(steps)) <= 1e-9 ? [String(n), null] : [null, m.range[q.name]];
    }
    if (q.type === "time") {
      var t = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
      return t && +t[1] < 24 && +t[2] < 60 && +(t[3] || 0) < 60 ? [text, null] : [null, m.time];
    }
    if (q.type === "dateTime") {
      return X.dateTime(text.replace(" ", "T")) ? [text, null] : [null, m.dateTime];
    }
    if (q.type === "date") {
      var ok = /^\d{4}-\d{2}-\d{2}$/.test(text) && !isNaN(Date.parse(text + "T00:00:00Z")) &&
        new Date(text + "T00:00:00Z").toISOString().slice(0, 10) === text;
      return ok ? [text, null] : [null, m.date];
    }
    if (q.pattern) { text = ascii(text); }  // a ZIP code in Arabic-Indic digits, as the server folds it
    if (text.length > data.maxLength) { return [null, m.tooLong]; }
    return [text, null];
  }

  function typedAll(stored) {
    var out = {};
    questions().forEach(function (q) { if (stored[q.name]) { out[q.name] = X.typed(q.type, stored[q.name]); } });
    return R ? R.nodeSets(out) : out;
  }
  function applies(tree, stored, ctx) { return !tree || X.isTrue(tree, typedAll(stored), null, ctx || rules); }

  function walk(until) {
    var values = {}, errors = {}, visible = [], done = {};
    var answers = raw();
    data.pages.forEach(function (page, i) {
      var ctx = R ? R.context(page) : rules;
      if (i > until || !applies(page.relevant, values, ctx)) { return; }
      visible.push(i);
      var parsed = {}, fixed = {}, before = F && F.before(values, done);
      page.questions.filter(answerable).forEach(function (q) {
        done[q.name] = 1;
        if (F && F.fix(q, before, parsed)) { fixed[q.name] = 1; return; }
        var r = parse(q, answers[q.name]);
        parsed[q.name] = r[0];
        if (r[1]) { errors[q.name] = r[1]; }
      });
      var context = {};
      Object.keys(values).forEach(function (k) { context[k] = values[k]; });
      Object.keys(parsed).forEach(function (k) { if (parsed[k]) { context[k] = parsed[k]; } });
      page.questions.filter(answerable).forEach(function (q) {
        var box = document.getElementById(q.field + "-box");
        var relevant = applies(q.relevant, context, ctx);
        if (box && i === current) { box.hidden = !relevant; }
        if (!relevant || errors[q.name]) { return; }
        var value = parsed[q.name];
        if (fixed[q.name]) { if (value) { values[q.name] = value; } return; }
        if (!value) {
          if (q.required || (q.requiredWhen && applies(q.requiredWhen, context, ctx))) {
            errors[q.name] = data.messages.requiredMsg[q.name] ||
              (q.type === "acknowledge" ? data.messages.ack : data.messages.required);
          }
          return;
        }
        if (q.filter && !choices.fits(q, value, context)) { errors[q.name] = data.messages.notKept; return; }
        if (q.constraint && !X.isTrue(q.constraint, typedAll(context), X.typed(q.type, value), ctx)) {
          errors[q.name] = data.messages.constraint[q.name] || data.messages.notAllowed;
          return;
        }
        values[q.name] = value;
      });
      page.questions.filter(function (q) { return q.type === "calculate" || F && F.recomputed(q); }).forEach(function (q) {
        delete values[q.name];
        if (!q.calculation || !applies(q.relevant, values, ctx)) { return; }
        var value = X.evaluate(q.calculation, typedAll(values), null, ctx);
        value = F ? F.asAnswer(q, value) : stored(value);
        if (value) { values[q.name] = value; }
      });
      if (F) { F.show(page, values); }
    });
    return { values: values, errors: errors, visible: visible };
  }

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

  // `${name}` in a label or hint: the answer as the person reads it (choices by their labels).
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
    var counted = data.pages.map(function (page, k) { return k; }).filter(function (k) {
      var page = data.pages[k];
      return result.visible.indexOf(k) >= 0 || (page.waitsFor || []).some(function (name) {
        return !result.values[name];
      });
    });
    var total = counted.length || 1;
    var position = counted.filter(function (k) { return k <= i; }).length || 1;
    progress.textContent = progress.getAttribute("data-template").replace("111", position).replace("999", total);
    back.hidden = result.visible.indexOf(i) <= 0;
    var heading = sections[i].querySelector("h1");
    if (heading) { heading.focus(); }
    keep();
  }

  function following(result, from, step) {
    for (var i = from + step; i >= 0 && i < data.pages.length; i += step) {
      if (applies(data.pages[i].relevant, result.values, R ? R.context(data.pages[i]) : rules)) { return i; }
    }
    return -1;
  }

  function finish(result) {
    var body = { kiosk: data.kiosk, id: draft.id, version: data.version, lang: data.lang, answers: {},
      answered_at: new Date().toISOString() };
    questions().filter(answerable).forEach(function (q) {
      var value = result.values[q.name];
      if (value) { body.answers[q.name] = q.type === "select_multiple" ? value.split(" ") : value; }
    });
    if (R) { var n = R.counts(); Object.keys(n).forEach(function (k) { body.answers[k] = n[k]; }); }
    window.KioskOutbox.put({ id: draft.id, send: data.send, body: body }).then(function () {
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
    var to = following(result, current, 1);
    if (to < 0) { finish(walk(data.pages.length)); } else { show(to); }
  });
  back.addEventListener("click", function () {
    var to = following(walk(data.pages.length), current, -1);
    if (to >= 0) { show(to); }
  });
  form.addEventListener("change", function (event) {
    var changed = F && questions().filter(function (q) { return q.field === event.target.name; })[0];
    if (changed) { F.change(changed.name); }
    walk(current);
    var values = walk(data.pages.length).values;
    pipe(values); choices.arrange(values); keep();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); next.click(); });
  var reset = document.getElementById("kiosk-reset");
  if (reset) { reset.addEventListener("submit", forget); }

  if (R) { R.restore(draft.answers); relayout(); }
  if (draft.answers) { fill(draft.answers); }
  if (R && draft.answers) { relayout(); fill(draft.answers); }
  if (window.SurveyFormSet) {
    F = window.SurveyFormSet({ X: X, draft: draft, data: data, form: form, rules: rules, parse: parse,
      stored: stored, answerable: answerable, applies: applies, typedAll: typedAll, inputs: inputs,
      fill: fill, raw: raw, walk: walk, shown: shown, questions: questions });
    F.start();
  }
  show(Math.min(current, sections.length - 1));
}());
