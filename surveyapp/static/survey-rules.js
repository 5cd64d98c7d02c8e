/* The survey's rules on the offline kiosk page, without the page: how a typed value is stored, which pages
   and questions apply, required (yes or a condition), choice filters, constraints, calculations and the
   values the form sets, as the server's survey/ package does them (the same expression trees and messages,
   data.messages). offline.js draws the page with them; tests/survey/test_battery.py runs them under Node
   over the same cases as the server's rules. `hooks` holds what the page adds: the rules' context
   (`rules`), repeats (`R`), values the form sets (`F`), choice filters (`choices`), `seen(i, q, shown)`,
   told whether each question walked applies, and `pipe(text, answers)`, the author's message with its
   ${name} references shown as the page shows answers (as the server's survey/piping.piped_text). */
(function () {
  "use strict";
  var INTEGER = /^[+-]?\d{1,15}$/;
  var DECIMAL = /^[+-]?(\d{1,15}([.,]\d{0,10})?|[.,]\d{1,10})$/;
  var CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
  // Digits typed in Arabic-Indic, Persian, Devanagari or Burmese count as the server counts them
  // (survey/digits.py).
  var DIGITS = /[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\u1040-\u1049]/g;
  var ZEROS = [0x1040, 0x966, 0x6f0, 0x660];
  function ascii(text) {
    return text.replace(DIGITS, function (c) {
      var code = c.charCodeAt(0);
      return String(code - ZEROS.filter(function (zero) { return code >= zero; })[0]);
    });
  }
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  /* A decimal as the server stores it (Python's str(float), as Collect's 3.0), without an exponent. */
  function decimalText(n) {
    var text = String(n);
    if (text.indexOf("e") >= 0) { text = n.toFixed(10).replace(/0+$/, ""); }
    return text.indexOf(".") < 0 ? text + ".0" : text.replace(/\.$/, ".0");
  }
  function answerable(q) { return q.type !== "note" && q.type !== "calculate"; }
  /* A page of only calculates, as the server's survey/rules.shows_nothing: never shown nor counted,
     its values still worked out by the walk. */
  function showsNothing(page) {
    return page.questions.length > 0 && page.questions.every(function (q) { return q.type === "calculate"; });
  }

  function engine(data, X, A, hooks) {
    var h = hooks;
    /* An author's required or constraint message with its ${name} references piped (`h.pipe`). */
    function said(text, answers) { return text && h.pipe && text.indexOf("${") >= 0 ? h.pipe(text, answers) : text; }
    // An expression's value as the server stores a calculation (survey/calculations.py).
    function stored(v) { return typeof v === "number" && !isFinite(v) ? "" : X.string(v); }
    // The partners' time zone's offset (data.timezone) at a moment, as "+01:00".
    function offset(when) {
      var minutes = -when.getTimezoneOffset();
      try {
        var name = new Intl.DateTimeFormat("en-US", { timeZone: data.timezone, timeZoneName: "longOffset" })
          .formatToParts(when).filter(function (p) { return p.type === "timeZoneName"; })[0].value;
        var o = /([+-])(\d{2}):?(\d{2})/.exec(name);
        minutes = o ? (o[1] === "-" ? -1 : 1) * (+o[2] * 60 + +o[3]) : 0;
      } catch (e) { /* an unknown zone: the tablet's own */ }
      var a = Math.abs(minutes);
      return (minutes < 0 ? "-" : "+") + pad(Math.floor(a / 60)) + ":" + pad(a % 60);
    }
    /* A dateTime as the server stores it (survey/answers.datetime_answer): without an offset, the
       wall-clock time in the partners' zone, with its offset on that day. */
    function dateTimeAnswer(text) {
      var iso = text.replace(" ", "T"), moment = X.dateTime(iso);
      if (!moment) { return [null, data.messages.dateTime]; }
      if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
        var off = offset(new Date(moment.t)), sign = off.charAt(0) === "-" ? -1 : 1;
        var minutes = sign * (+off.slice(1, 3) * 60 + +off.slice(4, 6));
        moment = new X.DateTime(moment.t - minutes * 60000, minutes);
      }
      return [X.string(moment), null];
    }
    function questions() { return data.pages.reduce(function (all, p) { return all.concat(p.questions); }, []); }

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
        return DECIMAL.test(text) ? [decimalText(parseFloat(text.replace(",", "."))), null] : [null, m.decimal];
      }
      if (q.type === "range" && q.range) {
        text = ascii(text);
        var r = q.range, n = parseFloat(text.replace(",", ".")), steps = r[2] ? (n - r[0]) / r[2] : 0;
        return DECIMAL.test(text) && n >= Math.min(r[0], r[1]) && n <= Math.max(r[0], r[1]) &&
          Math.abs(steps - Math.round(steps)) <= 1e-9 ? [String(n), null] : [null, m.range[q.name]];
      }
      if (q.type === "time") {
        var t = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
        if (!t || +t[1] > 23 || +t[2] > 59 || +(t[3] || 0) > 59) { return [null, m.time]; }
        return [pad(+t[1]) + ":" + t[2] + ":" + pad(+(t[3] || 0)) + ".000" + (t[4] || offset(new Date())), null];
      }
      if (q.type === "dateTime") { return dateTimeAnswer(text); }
      if (q.type === "date") {
        var ok = /^\d{4}-\d{2}-\d{2}$/.test(text) && !isNaN(Date.parse(text + "T00:00:00Z")) &&
          new Date(text + "T00:00:00Z").toISOString().slice(0, 10) === text;
        return ok ? [text, null] : [null, m.date];
      }
      if (q.pattern) { text = ascii(text); }  // a ZIP code in Arabic-Indic digits, as the server folds it
      if (text.length > data.maxLength) { return [null, m.tooLong]; }
      return [text, null];
    }

    function typedAll(values) {
      var out = {};
      questions().forEach(function (q) { if (values[q.name]) { out[q.name] = X.typed(q.type, values[q.name]); } });
      return h.R ? h.R.nodeSets(out) : out;
    }
    function contextOf(page) { return h.R ? h.R.context(page) : h.rules; }
    function applies(tree, values, ctx) { return !tree || X.isTrue(tree, typedAll(values), null, ctx || h.rules); }

    /* The answers checked page by page up to page `until`, as survey/rules.check_whole: the stored
       values, the errors by question and the pages that apply. */
    function walk(answers, until) {
      var values = {}, errors = {}, visible = [], done = {}, F = h.F;
      /* A repeat instance's calculations after its inner repeats (kept on its first page, as the
         server's) are worked out again once those inner instances are walked. */
      function settle(i) {
        if (!h.R || i - 1 > until) { return; }
        h.R.ending(i).forEach(function (host) {
          if (visible.indexOf(host) < 0) { return; }
          var page = data.pages[host];
          calculate(page.questions.filter(function (q) { return q.type === "calculate"; }), values, contextOf(page));
        });
      }
      function calculate(list, values, ctx) {
        list.forEach(function (q) {
          delete values[q.name];
          // pyxform's hidden (a calculate without a calculation) keeps its default, as the server's.
          if (!q.calculation && q.type === "calculate") { if (q.default) { values[q.name] = q.default; } return; }
          if (!q.calculation || !applies(q.relevant, values, ctx)) { return; }
          var value = X.evaluate(q.calculation, typedAll(values), null, ctx);
          value = F ? F.asAnswer(q, value) : stored(value);
          if (value) { values[q.name] = value; }
        });
      }
      data.pages.forEach(function (page, i) {
        var ctx = contextOf(page);
        settle(i);
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
        var context = {}, own = page.questions.filter(function (q) {
          return q.type === "calculate" || F && F.recomputed(q);
        });
        Object.keys(values).forEach(function (k) { context[k] = values[k]; });
        Object.keys(parsed).forEach(function (k) { if (parsed[k]) { context[k] = parsed[k]; } });
        // The page's rules read its calculations over its own answers, as the server's check_page.
        calculate(own, context, ctx);
        page.questions.filter(answerable).forEach(function (q) {
          var relevant = applies(q.relevant, context, ctx);
          if (h.seen) { h.seen(i, q, relevant); }
          if (!relevant || errors[q.name]) { return; }
          var value = parsed[q.name];
          if (fixed[q.name]) { if (value) { values[q.name] = value; } return; }
          if (!value) {
            if (q.required || (q.requiredWhen && applies(q.requiredWhen, context, ctx))) {
              errors[q.name] = said(data.messages.requiredMsg[q.name], context) ||
                (q.type === "acknowledge" ? data.messages.ack : data.messages.required);
            }
            return;
          }
          if (q.filter && !h.choices.fits(q, value, context)) { errors[q.name] = data.messages.notKept; return; }
          if (q.constraint && !X.isTrue(q.constraint, typedAll(context), X.typed(q.type, value), ctx)) {
            errors[q.name] = said(data.messages.constraint[q.name], context) || data.messages.notAllowed;
            return;
          }
          values[q.name] = value;
        });
        calculate(own, values, ctx);
        if (h.walked) { h.walked(page, values); }
      });
      settle(data.pages.length);
      return { values: values, errors: errors, visible: visible };
    }

    /* The pages "Page 2 of 6" counts, as the server's survey/rules.counted_pages: those that apply, and
       those waiting for an answer not given yet. */
    function counted(result) {
      return data.pages.map(function (page, k) { return k; }).filter(function (k) {
        if (showsNothing(data.pages[k])) { return false; }
        return result.visible.indexOf(k) >= 0 || (data.pages[k].waitsFor || []).some(function (name) {
          return !result.values[name];
        });
      });
    }
    /* The next page that applies from `from` (step 1) or the one before (step -1); -1 when none. */
    function following(result, from, step) {
      for (var i = from + step; i >= 0 && i < data.pages.length; i += step) {
        if (showsNothing(data.pages[i])) { continue; }
        if (applies(data.pages[i].relevant, result.values, contextOf(data.pages[i]))) { return i; }
      }
      return -1;
    }
    return { parse: parse, stored: stored, questions: questions, typedAll: typedAll, applies: applies,
      contextOf: contextOf, walk: walk, counted: counted, following: following };
  }

  window.SurveyRules = { ascii: ascii, answerable: answerable, engine: engine };
}());
