/* XLSForm expressions in the browser, with the server's semantics (surveyapp/expressions/values.py):
   the server sends the parsed tree ({k: kind, v: value, a: [args]}); this only evaluates it.
   Empty answers are "", a comparison with NaN is false, dates are days, errors give NaN. */
window.SurveyExpressions = (function () {
  "use strict";
  var DAY = 86400000;
  function Day(days) { this.days = days; }
  function isDay(v) { return v instanceof Day; }
  function toDay(value) {
    if (isDay(value)) { return value; }
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value).slice(0, 10));
    if (!m) { return null; }
    var t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
    var d = new Date(t);
    if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) { return null; }
    return new Day(Math.round(t / DAY));
  }
  function iso(day) { return new Date(day.days * DAY).toISOString().slice(0, 10); }
  function empty(v) { return v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length); }
  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

  function num(v) {
    if (typeof v === "boolean") { return v ? 1 : 0; }
    if (typeof v === "number") { return v; }
    if (isDay(v)) { return v.days; }
    if (empty(v)) { return NaN; }
    var s = String(v).trim().toLowerCase();
    if (NUMBER.test(s)) { return parseFloat(s); }
    if (/^[+-]?(inf|infinity)$/.test(s)) { return s.charAt(0) === "-" ? -Infinity : Infinity; }
    return NaN;
  }
  function str(v) {
    if (empty(v)) { return ""; }
    if (typeof v === "boolean") { return v ? "true" : "false"; }
    if (Array.isArray(v)) { return v.join(" "); }
    if (isDay(v)) { return iso(v); }
    if (typeof v === "number") {
      if (isNaN(v)) { return "nan"; }
      if (!isFinite(v)) { return v > 0 ? "inf" : "-inf"; }
      if (Math.floor(v) === v && Math.abs(v) < 1e21) { return v.toFixed(0); }
      var a = Math.abs(v);
      if (a < 1e-4 || a >= 1e16) {
        return v.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
      }
      return String(v);
    }
    return String(v);
  }
  function bool(v) {
    if (typeof v === "boolean") { return v; }
    if (typeof v === "number") { return !isNaN(v) && v !== 0; }
    return !empty(v);
  }
  function items(v) {
    if (Array.isArray(v)) { return v.map(String); }
    return str(v).split(/\s+/).filter(function (x) { return x; });
  }
  function comparable(l, r) {
    if (isDay(l) || isDay(r)) {
      var a = toDay(l), b = toDay(r);
      if (a && b) { return [a.days, b.days]; }
    }
    return [num(l), num(r)];
  }
  function compare(op, l, r) {
    var pair, equal;
    if (op === "=" || op === "!=") {
      if (typeof l === "boolean" || typeof r === "boolean") { equal = bool(l) === bool(r); }
      else if (typeof l === "number" || typeof r === "number" || isDay(l) || isDay(r)) {
        pair = comparable(l, r);
        equal = pair[0] === pair[1];
      } else { equal = str(l) === str(r); }
      return op === "=" ? equal : !equal;
    }
    pair = comparable(l, r);
    if (isNaN(pair[0]) || isNaN(pair[1])) { return false; }
    if (op === "<") { return pair[0] < pair[1]; }
    if (op === "<=") { return pair[0] <= pair[1]; }
    if (op === ">") { return pair[0] > pair[1]; }
    return pair[0] >= pair[1];
  }
  function arithmetic(op, l, r) {
    if (isDay(l) && (op === "+" || op === "-")) {
      if (isDay(r)) { return op === "-" ? l.days - r.days : NaN; }
      var days = num(r);
      if (isNaN(days) || Math.abs(days) > 3000000) { return NaN; }
      return new Day(l.days + Math.trunc(days) * (op === "+" ? 1 : -1));
    }
    var a = num(l), b = num(r);
    if (op === "+") { return a + b; }
    if (op === "-") { return a - b; }
    if (op === "*") { return a * b; }
    if (op === "div") { return b !== 0 ? a / b : (a === 0 || isNaN(a) ? NaN : (a > 0 ? Infinity : -Infinity)); }
    if (b === 0 || !isFinite(a)) { return NaN; }
    return a % b;
  }
  /* Python's round(): on the exact binary value, ties to even. */
  function roundHalfEven(n, places) {
    if (places < 0) { var m = Math.pow(10, -places); return roundHalfEven(n / m, 0) * m; }
    if (Math.abs(n) >= 1e21 || places > 20) { return n; }
    var exact = Math.abs(n).toFixed(100), dot = exact.indexOf(".");
    var r = Number(Math.abs(n).toFixed(places));
    if (/^50*$/.test(exact.slice(dot + 1 + places))) {
      var kept = exact.slice(0, places ? dot + 1 + places : dot);
      if (Number(kept.charAt(kept.length - 1)) % 2 === 0) { r = Number(kept); }
    }
    return n < 0 ? -r : r;
  }
  function minmax(pick) {
    return function () {
      var ns = [].map.call(arguments, num);
      return ns.some(isNaN) ? NaN : pick.apply(Math, ns);
    };
  }
  var F = {
    "selected": function (a, b) { return items(a).indexOf(str(b)) >= 0; },
    "count-selected": function (a) { return items(a).length; },
    "selected-at": function (a, n) {
      var list = items(a), k = isNaN(num(n)) ? -1 : Math.trunc(num(n));
      return k >= 0 && k < list.length ? list[k] : "";
    },
    "string-length": function (s) { return Array.from(str(s)).length; },
    "regex": function (s, p) {
      var pattern = str(p);
      if (pattern.length > 200) { return false; }
      try { return new RegExp(pattern).test(str(s)); } catch (e) { return false; }
    },
    "contains": function (s, t) { return str(s).indexOf(str(t)) >= 0; },
    "starts-with": function (s, t) { return str(s).indexOf(str(t)) === 0; },
    "ends-with": function (s, t) { var a = str(s), b = str(t); return a.slice(a.length - b.length) === b || !b; },
    "concat": function () { return [].map.call(arguments, str).join(""); },
    "substr": function (s, start, end) {
      var text = Array.from(str(s)), a = num(start), b = end === undefined ? text.length : num(end);
      if (isNaN(a) || isNaN(b)) { return ""; }
      return text.slice(Math.max(Math.trunc(a), 0), Math.max(Math.trunc(b), 0)).join("");
    },
    "string": str,
    "number": num,
    "int": function (x) { var n = num(x); return isFinite(n) ? Math.trunc(n) : n; },
    "round": function (x, d) {
      var n = num(x), p = d === undefined ? 0 : num(d);
      if (!isFinite(n) || isNaN(p)) { return n; }
      return roundHalfEven(n, Math.trunc(p));
    },
    "abs": function (x) { return Math.abs(num(x)); },
    "min": minmax(Math.min),
    "max": minmax(Math.max),
    "not": function (x) { return !bool(x); },
    "boolean": bool,
    "true": function () { return true; },
    "false": function () { return false; },
    "coalesce": function (a, b) { return empty(a) ? b : a; },
    "date": function (s) { return toDay(isDay(s) ? s : String(s)) || NaN; }
  };

  function evaluate(node, answers, current, today) {
    var k = node.k, args = node.a || [];
    if (k === "num" || k === "str") { return node.v; }
    if (k === "dot") { return current === null || current === undefined ? "" : current; }
    if (k === "ref") { var v = answers[node.v]; return v === null || v === undefined ? "" : v; }
    if (k === "neg") { return -num(evaluate(args[0], answers, current, today)); }
    if (k === "op") {
      var left = evaluate(args[0], answers, current, today);
      if (node.v === "or") { return bool(left) || bool(evaluate(args[1], answers, current, today)); }
      if (node.v === "and") { return bool(left) && bool(evaluate(args[1], answers, current, today)); }
      var right = evaluate(args[1], answers, current, today);
      if (["=", "!=", "<", "<=", ">", ">="].indexOf(node.v) >= 0) { return compare(node.v, left, right); }
      return arithmetic(node.v, left, right);
    }
    if (node.v === "if") {
      return evaluate(args[bool(evaluate(args[0], answers, current, today)) ? 1 : 2], answers, current, today);
    }
    if (node.v === "today") { return toDay(today); }
    return F[node.v].apply(null, args.map(function (a) { return evaluate(a, answers, current, today); }));
  }

  function safe(tree, answers, current, today) {
    try { return evaluate(tree, answers || {}, current, today || new Date().toISOString().slice(0, 10)); }
    catch (e) { return NaN; }
  }

  /* A stored answer as expressions see it (surveyapp.forms.page_form.typed). */
  function typed(type, value) {
    if (empty(value)) { return value || ""; }
    if (type === "integer" && /^\s*[+-]?\d+\s*$/.test(value)) { return parseInt(value, 10); }
    if (type === "decimal" && NUMBER.test(String(value).trim())) { return parseFloat(value); }
    if (type === "date") { return toDay(value) && String(value).length === 10 ? toDay(value) : value; }
    return value;
  }

  return {
    evaluate: safe,
    isTrue: function (tree, answers, current, today) { return bool(safe(tree, answers, current, today)); },
    typed: typed,
    text: str
  };
}());
