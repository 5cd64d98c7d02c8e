/* The survey's relevant/constraint expressions on the offline kiosk, with the server's results
   (surveyapp/expressions). The server sends parsed trees (expressions/export.py); no text is parsed here.
   Values: "" (no answer), strings, numbers, booleans, Dates (UTC midnight) and integer answers as Int
   (exact digits, as Python's int). Any error gives NaN, as on the server. */
(function () {
  "use strict";
  var DAY = 864e5, has = Object.prototype.hasOwnProperty;
  // Python's whitespace (str.isspace) and decimal digits (the zero of each run of ten, in hex)
  var WS = "\\t-\\r\\x1c- \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var SPACE = new RegExp("[" + WS + "]+"), STRIP = new RegExp("^[" + WS + "]+|[" + WS + "]+$", "g");
  var ZEROS = ("30 660 6f0 7c0 966 9e6 a66 ae6 b66 be6 c66 ce6 d66 de6 e50 ed0 f20 1040 1090 17e0 1810 " +
    "1946 19d0 1a80 1a90 1b50 1bb0 1c40 1c50 a620 a8d0 a900 a9d0 a9f0 aa50 abf0 ff10 104a0 10d30 11066 " +
    "110f0 11136 111d0 112f0 11450 114d0 11650 116c0 11730 118e0 11950 11c50 11d50 11da0 16a60 16ac0 " +
    "16b50 1d7ce 1d7d8 1d7e2 1d7ec 1d7f6 1e140 1e2f0 1e950 1fbf0").split(" ").map(function (h) {
    return parseInt(h, 16);
  });
  var FLOAT = /^[+-]?(\d(_?\d)*(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)([eE][+-]?\d(_?\d)*)?$/;
  function supports(source) {
    try { return new RegExp(source, "u").test("\u00e9"); } catch (e) { return false; }
  }
  var UNI = supports("\\p{L}"), BEHIND = UNI && supports("(?<!a)\\p{L}");

  function Int(s) { this.s = s; }
  Int.prototype.valueOf = function () { return Number(this.s); };
  Int.prototype.toString = function () { return this.s; };

  function fail() { throw new Error("no value"); }
  function isArray(v) { return Object.prototype.toString.call(v) === "[object Array]"; }
  function isNum(v) { return typeof v === "number" || v instanceof Int; }
  function isDate(v) { return v instanceof Date; }
  function empty(v) { return v == null || v === "" || (isArray(v) && !v.length); }
  function chars(s) { return s.match(/[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g) || []; }  // code points
  function zeros(n) { return n > 0 ? new Array(n + 1).join("0") : ""; }
  function trunc(n) { return isFinite(n) ? (n < 0 ? Math.ceil(n) : Math.floor(n)) : fail(); }

  /* Number text as Python's float() and int() read it: other digits as ASCII, other spaces as " ". */
  function ascii(s) {
    return chars(String(s)).map(function (c) {
      var n = c.length > 1 ? (c.charCodeAt(0) - 0xd800) * 1024 + c.charCodeAt(1) + 0x2400 : c.charCodeAt(0);
      for (var i = 0; n >= 127 && i < ZEROS.length; i++) {
        if (n >= ZEROS[i] && n <= ZEROS[i] + 9) { return String(n - ZEROS[i]); }
      }
      return n < 127 ? c : SPACE.test(c) ? " " : "?";
    }).join("").replace(/^[ \t-\r]+|[ \t-\r]+$/g, "");
  }
  function pyFloat(s) {  // float(s), or null where Python refuses the text
    s = ascii(s);
    if (/^[+-]?(inf|infinity|nan)$/i.test(s)) {
      return /nan/i.test(s) ? NaN : s.charAt(0) === "-" ? -Infinity : Infinity;
    }
    return FLOAT.test(s) ? Number(s.replace(/_/g, "")) : null;
  }
  function pyInt(s) {  // int(s), or null
    var digits = (s = ascii(s)).replace(/\D/g, "");
    if (!/^[+-]?\d(_?\d)*$/.test(s) || digits.length > 4300) { return null; }
    digits = digits.replace(/^0+(?=\d)/, "");
    return new Int((s.charAt(0) === "-" && digits !== "0" ? "-" : "") + digits);
  }

  function day(y, m, d) { var t = new Date(0); t.setUTCFullYear(y, m - 1, d); return t; }
  function inRange(t) { var y = t.getUTCFullYear(); return y >= 1 && y <= 9999 ? t : null; }
  /* Python 3.11's date.fromisoformat: YYYY-MM-DD, YYYYMMDD, YYYY-Www[-D], YYYYWww[D]; 7, 8 or 10 UTF-8
     bytes, and what follows the date is not looked at. */
  function isoDate(s) {
    var bytes = s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, "....").replace(/[\u0800-\uffff]/g, "...")
      .replace(/[\u0080-\u07ff]/g, "..").length;
    var p = 0, y, m, d, w, sep, t, wd;
    function digits(n) {  // n ASCII digits at p
      var x = s.substr(p, n);
      p += n;
      return x.length === n && /^[0-9]+$/.test(x) ? +x : NaN;
    }
    if (bytes !== 7 && bytes !== 8 && bytes !== 10) { return null; }
    y = digits(4);
    if ((sep = s.charAt(p) === "-")) { p++; }
    if (s.charAt(p) === "W") {
      p++;
      w = digits(2);
      d = p < bytes ? (sep && s.charAt(p++) !== "-" ? NaN : digits(1)) : 1;
      wd = ((t = day(y, 1, 1)).getUTCDay() + 6) % 7;
      if (!y || !(w > 0 && d > 0 && d < 8) || (w > 52 && (w > 53 || !(wd === 3 || (wd === 2 && y % 4 === 0 &&
          (y % 100 !== 0 || y % 400 === 0)))))) { return null; }
      return inRange(new Date(t.getTime() + ((wd > 3 ? 7 : 0) - wd + (w - 1) * 7 + d - 1) * DAY));
    }
    m = digits(2);
    d = sep && s.charAt(p++) !== "-" ? NaN : digits(2);
    t = day(y, m, d);
    return t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? inRange(t) : null;
  }

  function repr(x) {  // Python's str(float)
    if (x !== x || !isFinite(x)) { return x !== x ? "nan" : x > 0 ? "inf" : "-inf"; }
    var parts = x.toExponential().split("e"), e = +parts[1], d = parts[0].replace(/[-.]/g, "");
    var sign = x < 0 || 1 / x < 0 ? "-" : "";
    if (e < -4 || e >= 16) {
      return sign + d.charAt(0) + (d.length > 1 ? "." + d.slice(1) : "") + "e" + (e < 0 ? "-" : "+") +
        (e * e < 100 ? "0" : "") + Math.abs(e);
    }
    if (e < 0) { return sign + "0." + zeros(-e - 1) + d; }
    d += zeros(e + 1 - d.length);
    return sign + d.slice(0, e + 1) + "." + (d.slice(e + 1) || "0");
  }
  function intDigits(x) {  // str(int(x)) for an integral float x >= 0: every digit, as Python prints it
    var twos = 0, a = [], i, carry;
    if (x < 9007199254740992) { return String(x); }
    for (; x >= 9007199254740992; twos++) { x /= 2; }
    for (; x; x = Math.floor(x / 1e7)) { a.push(x % 1e7); }  // base 1e7, least significant first
    for (; twos; twos--) {
      for (carry = 0, i = 0; i < a.length || carry; i++) {
        a[i] = (a[i] || 0) * 2 + carry;
        carry = a[i] >= 1e7 ? 1 : 0;
        a[i] %= 1e7;
      }
    }
    return a.reverse().map(function (g, k) { return k ? String(1e7 + g).slice(1) : g; }).join("");
  }

  function num(v) {
    if (typeof v === "number" || typeof v === "boolean") { return +v; }
    if (v instanceof Int) { return isFinite(+v) ? +v : fail(); }  // Python: OverflowError
    if (isDate(v)) { return Math.round(v.getTime() / DAY); }
    var n = typeof v === "string" && v ? pyFloat(v.replace(STRIP, "")) : null;
    return n === null ? NaN : n;
  }
  function str(v) {
    if (empty(v)) { return ""; }
    if (typeof v === "boolean") { return v ? "true" : "false"; }
    if (isArray(v)) { return v.join(" "); }
    if (typeof v === "number") { return v % 1 === 0 ? (v < 0 ? "-" : "") + intDigits(Math.abs(v)) : repr(v); }
    return isDate(v) ? v.toISOString().slice(0, 10) : String(v);
  }
  function bool(v) {
    if (typeof v === "boolean") { return v; }
    return isNum(v) ? (v = num(v)) === v && v !== 0 : !empty(v);
  }
  function toDate(v) {  // date.fromisoformat(str(v)[:10])
    if (isDate(v)) { return v; }
    var s = typeof v === "boolean" ? (v ? "True" : "False") : typeof v === "number" ? repr(v)
      : isArray(v) ? "[" : String(v);
    return isoDate(chars(s).slice(0, 10).join(""));
  }
  function items(v) {
    return isArray(v) ? v.map(String) : str(v).split(SPACE).filter(function (x) { return x; });
  }

  function compare(op, a, b) {
    var x, eq;
    if (op === "=" || op === "!=") {
      if (typeof a === "boolean" || typeof b === "boolean") { eq = bool(a) === bool(b); }
      else if (isNum(a) || isNum(b) || isDate(a) || isDate(b)) { x = comparable(a, b); eq = x[0] === x[1]; }
      else { eq = str(a) === str(b); }
      return op === "=" ? eq : !eq;
    }
    x = comparable(a, b);
    return op === "<" ? x[0] < x[1] : op === "<=" ? x[0] <= x[1] : op === ">" ? x[0] > x[1] : x[0] >= x[1];
  }
  function comparable(a, b) {  // dates as days when both sides read as dates, else numbers
    var da = (isDate(a) || isDate(b)) && toDate(a), db = da && toDate(b);
    return db ? [num(da), num(db)] : [num(a), num(b)];
  }
  function arithmetic(op, a, b) {
    if (isDate(a) && (op === "+" || op === "-")) {
      if (isDate(b)) { return op === "-" ? num(a) - num(b) : NaN; }
      var n = num(b);
      if (n !== n || Math.abs(n) > 3e6) { return NaN; }
      return inRange(new Date(a.getTime() + (op === "+" ? 1 : -1) * trunc(n) * DAY)) || fail();
    }
    a = num(a);
    b = num(b);
    if (op === "+") { return a + b; }
    if (op === "-") { return a - b; }
    if (op === "*") { return a * b; }
    if (op === "div") { return b !== 0 ? a / b : a === 0 || a !== a ? NaN : a > 0 ? Infinity : -Infinity; }
    return b !== 0 ? a % b : NaN;  // mod: math.fmod
  }

  /* Python's round(x, digits) of a float: decimal rounding of the exact binary value, ties to even. */
  function round(x, digits) {
    var n = num(x), places = digits === undefined ? 0 : num(digits), parts, e, p, all, keep, up, m, r;
    if (n !== n || !isFinite(n) || places !== places) { return n; }
    places = trunc(places);
    if (places > 323 || n === 0) { return n; }
    parts = Math.abs(n).toExponential(99).split("e");
    e = +parts[1];
    p = places + e + 1;  // significant digits kept
    if (p >= 17) { return n; }
    if (p < 0 || places < -308) { return n < 0 ? -0 : 0; }
    all = parts[0].replace(".", "");
    keep = all.slice(0, p);
    up = all.charAt(p) > "5" ||
      (all.charAt(p) === "5" && (/[1-9]/.test(all.slice(p + 1)) || /[13579]$/.test(keep)));  // ties to even
    if (up) {
      m = /^(.*?)(9*)$/.exec(keep);
      keep = (m[1] ? m[1].slice(0, -1) + (+m[1].slice(-1) + 1) : "1") + m[2].replace(/9/g, "0");
    }
    r = Number((keep || "0") + "e" + (e - p + 1));
    return isFinite(r) ? (n < 0 ? -r : r) : fail();
  }

  /* A pattern of Python's re as a RegExp, or null where Python refuses it or this translation does not
     cover it (\N{...}, scoped flags, conditionals). */
  function pattern(source) {
    var c = chars(source), i = 0, out = "", flags = "", names = {}, groups = 0, atoms = 0, open = [];
    var last = -1, m, ch, q, rest, g;  // last: where the item a quantifier would repeat starts
    while ((m = /^\(\?([aiLmsux]+)\)/.exec(c.slice(i).join("")))) { flags += m[1]; i += m[0].length; }
    var A = /a/.test(flags), X = /x/.test(flags), M = /m/.test(flags);
    var CATS = { d: A || !UNI ? "0-9" : "\\p{Nd}", w: A || !UNI ? "A-Za-z0-9_" : "\\p{L}\\p{N}_",
      s: A ? " \\t-\\r" : WS };
    if (/L/.test(flags) || (A && /u/.test(flags))) { return null; }
    var W = "[" + CATS.w + "]";

    function lit(x, inClass) {
      return x === "-" ? (inClass ? "\\-" : "-") : /[\\^$.*+?()[\]{}|\/]/.test(x) ? "\\" + x : x;
    }
    function hex(n) {
      if (n > 0xffff) { return hex(0xd800 + ((n - 0x10000) >> 10)) + hex(0xdc00 + ((n - 0x10000) & 1023)); }
      return "\\u" + ("000" + n.toString(16)).slice(-4);
    }
    function ref(n) {  // a backreference to a closed group
      if (!(n <= groups) || open.some(function (o) { return o.n === n; })) { return null; }
      return UNI ? "\\k<p" + n + ">" : "(?:\\" + n + ")";
    }
    function atomic(source) {  // (?>...) of Python: what matched is never given back
      return "(?=(?<a" + (++atoms) + ">" + source + "))\\k<a" + atoms + ">";
    }
    function escape(inClass) {  // c[i] is the backslash: JS source, a category {cat, neg}, or null
      var e = c[++i] || "", after = c.slice(i + 1).join(""), k, m;
      if (/[dwsDWS]/.test(e)) { return { cat: CATS[e.toLowerCase()], neg: e < "a" }; }
      if (e && (k = "afnrtv".indexOf(e)) >= 0) { return ["\\x07", "\\f", "\\n", "\\r", "\\t", "\\v"][k]; }
      if (e === "b" || e === "B") {  // \b: backspace in a set; word boundaries by Unicode words
        if (inClass) { return e === "b" ? "\\x08" : null; }
        if (!BEHIND) { return "\\" + e; }
        return e === "b" ? "(?=(?<=" + W + ")(?!" + W + ")|(?<!" + W + ")(?=" + W + "))"  // never in ""
          : "(?=(?:(?<=" + W + ")(?=" + W + ")|(?<!" + W + ")(?!" + W + "))(?:(?<=[\\s\\S])|[\\s\\S]))";
      }
      if (e === "A" || e === "Z") { return inClass ? null : e === "A" ? "^" : "(?![\\s\\S])"; }
      if ((k = { x: 2, u: 4, U: 8 }[e])) {
        m = new RegExp("^[0-9a-fA-F]{" + k + "}").exec(after);
        i += k;
        return m && parseInt(m[0], 16) <= 0x10ffff ? hex(parseInt(m[0], 16)) : null;
      }
      if (/[0-7]/.test(e) && (inClass || e === "0" || /^[0-7]{2}/.test(after))) {  // octal
        m = /^[0-7]{0,2}/.exec(after)[0];
        i += m.length;
        return parseInt(e + m, 8) > 255 ? null : hex(parseInt(e + m, 8));
      }
      if (/[0-9]/.test(e)) {  // a group's number
        k = +(e + (/^[0-9]/.test(after) ? after.charAt(0) : ""));
        i += k > 9 ? 1 : 0;
        return inClass ? null : ref(k);
      }
      return !e || /[A-Za-z]/.test(e) ? null : lit(e, inClass);
    }
    function set() {  // c[i] is "["; \W, \S, \D inside become lookaheads
      var neg = c[i + 1] === "^", body = "", negs = [], first = true, item, to;
      for (i += neg ? 2 : 1; c[i] !== "]" || first; i++) {
        if (c[i] === undefined) { return null; }
        first = false;
        item = c[i] === "\\" ? escape(true) : lit(c[i], true);
        if (c[i + 1] === "-" && c[i + 2] !== "]" && c[i + 2] !== undefined) {
          i += 2;
          to = c[i] === "\\" ? escape(true) : lit(c[i], true);
          if (typeof item !== "string" || typeof to !== "string") { return null; }
          item += "-" + to;
        }
        if (item === null) { return null; }
        if (item.neg) { negs.push(item.cat); } else { body += item.cat || item; }
      }
      if (!negs.length) { return "[" + (neg ? "^" : "") + body + "]"; }
      if (!neg) { return "(?:" + (body ? "[" + body + "]|" : "") + "[^" + negs.join("]|[^") + "])"; }
      return "(?:" + (body ? "(?![" + body + "])" : "") +
        (negs.length > 1 ? "(?=[" + negs.slice(1).join("])(?=[") + "])" : "") + "[" + negs[0] + "])";
    }

    for (; i < c.length; i++) {
      ch = c[i];
      rest = c.slice(i).join("");
      if (X && /[ \t-\r]/.test(ch)) { continue; }
      if (X && ch === "#") { while (i < c.length && c[i] !== "\n") { i++; } continue; }
      if (ch === "(") {  // groups are named in the RegExp, so that added groups change no number
        m = /^\((\?P<([A-Za-z_]\w*)>|\?P=([A-Za-z_]\w*)\)|\?#[^)]*\)|\?(:|=|!|<=|<!|>))?/.exec(rest);
        if (!m[1] && rest.charAt(1) === "?") { return null; }  // scoped flags, conditionals, late flags
        if (!m[1] || m[2]) {
          last = -1;
          open.push({ n: ++groups, at: out.length });
          out += UNI ? "(?<p" + groups + ">" : "(";
          if (m[2]) { names[m[2]] = groups; }
        } else if (m[3]) {
          if ((q = ref(names[m[3]])) === null) { return null; }
          last = out.length;
          out += q;
        } else if (m[4]) {
          last = -1;
          open.push({ n: 0, at: out.length, atomic: m[4] === ">", look: m[4] !== ":" && m[4] !== ">" });
          out += m[4] === ">" || m[4] === ":" ? "(?:" : "(?:(?" + m[4];  // a lookaround may be repeated
        }
        i += m[0].length - 1;
      } else if (ch === ")") {
        if (!(g = open.pop())) { return null; }
        out += g.look ? "))" : ")";
        if (g.atomic) { if (!UNI) { return null; } out = out.slice(0, g.at) + atomic(out.slice(g.at)); }
        last = g.at;
      } else if ("*+?{".indexOf(ch) >= 0) {
        q = ch;
        if (ch === "{") {  // {m,n}, {,n}, {m,}; any other "{" is itself
          m = /^\{(\d*)(,(\d*))?\}/.exec(rest);
          if (!m || m[0] === "{}") { last = out.length; out += "\\{"; continue; }
          if (Math.max(+m[1], +m[3] || 0) >= 4294967295) { fail(); }  // Python: OverflowError
          q = "{" + (+m[1]) + "," + (m[2] ? m[3] : m[1]) + "}";
          i += m[0].length - 1;
        }
        if (last < 0) { return null; }  // nothing to repeat, or a repeat repeated
        if (c[i + 1] === "?") { q += "?"; i++; }
        else if (c[i + 1] === "+") {  // possessive
          if (!UNI) { return null; }
          out = out.slice(0, last) + atomic(out.slice(last) + q);
          q = "";
          i++;
        }
        out += q;
        last = -1;
      } else {
        last = /[\^$|]/.test(ch) || (ch === "\\" && /[AZbB]/.test(c[i + 1] || "")) ? -1 : out.length;
        if (ch === "\\" || ch === "[") {
          if ((q = ch === "[" ? set() : escape(false)) === null) { return null; }
          out += q.cat ? "[" + (q.neg ? "^" : "") + q.cat + "]" : q;
        } else if (ch === ".") { out += /s/.test(flags) ? "[\\s\\S]" : "[^\\n]"; }
        else if (ch === "^") { out += M ? "(?<![^\\n])" : "^"; }
        else if (ch === "$") { out += M ? "(?![^\\n])" : "(?=\\n?(?![\\s\\S]))"; }  // or before a last "\\n"
        else if (ch === "|") { out += "|"; }
        else { out += lit(ch, false); }
      }
    }
    return new RegExp(out, (UNI ? "u" : "") + (/i/.test(flags) ? "i" : ""));
  }
  function regex(value, source) {
    var re;
    source = str(source);
    if (chars(source).length > 200) { return false; }
    try { re = pattern(source); } catch (e) { if (e instanceof SyntaxError) { return false; } throw e; }
    return re ? re.test(str(value)) : false;
  }

  function extreme(before) {
    return function () {
      var numbers = [].map.call(arguments, num), best = numbers[0];
      for (var i = 0; i < numbers.length; i++) {
        if (numbers[i] !== numbers[i]) { return NaN; }
        if (before(numbers[i], best)) { best = numbers[i]; }
      }
      return best;
    };
  }
  var FUNCTIONS = {
    "selected": function (a, b) { return items(a).indexOf(str(b)) >= 0; },
    "count-selected": function (a) { return items(a).length; },
    "selected-at": function (a, n) {
      var list = items(a), k = (n = num(n)) === n ? trunc(n) : -1;
      return k >= 0 && k < list.length ? list[k] : "";
    },
    "string-length": function (s) { return chars(str(s)).length; },
    "regex": regex,
    "contains": function (s, t) { return str(s).indexOf(str(t)) >= 0; },
    "starts-with": function (s, t) { return str(s).lastIndexOf(str(t), 0) === 0; },
    "ends-with": function (s, t) {
      s = str(s);
      t = str(t);
      return s.length >= t.length && s.slice(s.length - t.length) === t;
    },
    "concat": function () { return [].map.call(arguments, str).join(""); },
    "substr": function (s, a, b) {  // 0-based, end excluded, in code points
      var text = chars(str(s));
      a = num(a);
      b = b === undefined ? text.length : num(b);
      return a !== a || b !== b ? "" : text.slice(Math.max(trunc(a), 0), Math.max(trunc(b), 0)).join("");
    },
    "string": str,
    "number": num,
    "int": function (x) { x = num(x); return isFinite(x) ? trunc(x) : x; },
    "round": round,
    "abs": function (x) { return Math.abs(num(x)); },
    "min": extreme(function (a, b) { return a < b; }),
    "max": extreme(function (a, b) { return a > b; }),
    "not": function (x) { return !bool(x); },
    "boolean": bool,
    "true": function () { return true; },
    "false": function () { return false; },
    "coalesce": function (a, b) { return empty(a) ? b : a; },
    "date": function (s) { return toDate(s) || NaN; }
  };

  function evaluate(node, answers, current, today) {
    var k = node.k, v = node.v, args = node.a || [], left;
    function sub(n) { return evaluate(n, answers, current, today); }
    if (k === "num") { return Number(v); }  // a number, or "Infinity"
    if (k === "str") { return v; }
    if (k === "dot") { return current == null ? "" : current; }
    if (k === "ref") { return has.call(answers, v) && answers[v] != null ? answers[v] : ""; }
    if (k === "neg") { return -num(sub(args[0])); }
    if (k === "op") {
      left = sub(args[0]);
      if (v === "or") { return bool(left) || bool(sub(args[1])); }
      if (v === "and") { return bool(left) && bool(sub(args[1])); }
      return /^[=!<>]/.test(v) ? compare(v, left, sub(args[1])) : arithmetic(v, left, sub(args[1]));
    }
    if (k !== "call") { fail(); }
    if (v === "if") { return sub(args[bool(sub(args[0])) ? 1 : 2]); }
    if (v === "today") { return today; }
    return has.call(FUNCTIONS, v) ? FUNCTIONS[v].apply(null, args.map(sub)) : fail();
  }
  function run(tree, answers, current, todayIso) {
    var now = new Date();
    var today = isoDate(String(todayIso || "")) || day(now.getFullYear(), now.getMonth() + 1, now.getDate());
    return evaluate(tree, answers || {}, current, today);
  }

  window.SurveyExpressions = {
    /* The value: "", string, number, boolean or Date; NaN on any error. todayIso: "YYYY-MM-DD"
       (the device's local date if left out). */
    evaluate: function (tree, answers, current, todayIso) {
      try { var value = run(tree, answers, current, todayIso); return value instanceof Int ? +value : value; }
      catch (e) { return NaN; }
    },
    isTrue: function (tree, answers, current, todayIso) {
      try { return bool(run(tree, answers, current, todayIso)); } catch (e) { return false; }
    },
    /* A stored answer as the evaluator wants it, as typed() in surveyapp/forms/page_form.py does it. */
    typed: function (questionType, raw) {
      if (raw == null || raw === "") { return ""; }
      var value = questionType === "integer" ? pyInt(raw) : questionType === "decimal" ? pyFloat(raw)
        : questionType === "date" ? isoDate(String(raw)) : null;
      return value === null ? raw : value;
    }
  };
}());
