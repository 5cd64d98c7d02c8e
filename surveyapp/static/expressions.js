/* The survey's expressions on the offline kiosk, with the server's results (surveyapp/expressions).
   The server sends parsed trees (expressions/export.py); no text is parsed here.
   Values: "" (no answer), strings, numbers, booleans, Dates (a date: UTC midnight), DateTimes (an instant
   and its offset), integer answers as Int (exact digits, as Python's int), select_multiple answers as
   arrays and NodeSets (a repeat's answers; instance() rows). Any error gives NaN, as on the server. */
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

  /* A repeat's node-set may know the instance each node is in (paths, outermost first: [["household", 2],
     ["member", 3]]), the instance it is read in (scope) and the node-set of every instance (whole), as
     values.py InstanceNodes; indexed-repeat() over several levels reads them. */
  function NodeSet(nodes, paths, scope, whole) {
    this.nodes = nodes;
    this.paths = paths || null;
    this.scope = scope || [];
    this.whole = whole || null;
  }
  function DateTime(t, off) { this.t = t; this.off = off; }  // t: ms since the epoch (UTC); off: minutes

  function fail() { throw new Error("no value"); }
  function isNodes(v) { return v instanceof NodeSet; }
  function isDT(v) { return v instanceof DateTime; }
  function isRow(v) {
    return v != null && typeof v === "object" && !isArray(v) && !isNodes(v) && !isDT(v) && !isDate(v) &&
      !(v instanceof Int);
  }
  function isArray(v) { return Object.prototype.toString.call(v) === "[object Array]"; }
  function isNum(v) { return typeof v === "number" || v instanceof Int; }
  function isDate(v) { return v instanceof Date; }
  function empty(v) {
    return v == null || v === "" || (isArray(v) && !v.length) || (isNodes(v) && !v.nodes.length);
  }
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
  function pyRange(s) {  // a range answer: a whole number as int, else float, as typed() does it
    var f = pyFloat(s);
    return f !== null && Number.isInteger(f) ? new Int(BigInt(f).toString()) : f;
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

  function nodeString(n) {  // a row's string value is its fields' text joined, as an XML element's
    return isRow(n) ? Object.keys(n).map(function (k) { return str(n[k]); }).join("") : str(n);
  }
  function nodesOf(v) { return isNodes(v) ? v.nodes.map(function (n) { return isRow(n) ? nodeString(n) : n; }) : [v]; }
  function num(v) {
    if (isNodes(v)) { return v.nodes.length ? num(nodeString(v.nodes[0])) : NaN; }
    if (isDT(v)) { return v.t / DAY; }
    if (typeof v === "number" || typeof v === "boolean") { return +v; }
    if (v instanceof Int) { return isFinite(+v) ? +v : fail(); }  // Python: OverflowError
    if (isDate(v)) { return Math.round(v.getTime() / DAY); }
    var n = typeof v === "string" && v ? pyFloat(v.replace(STRIP, "")) : null;
    return n === null ? NaN : n;
  }
  function str(v) {
    if (isNodes(v)) { return v.nodes.length ? nodeString(v.nodes[0]) : ""; }
    if (empty(v)) { return ""; }
    if (isDT(v)) { return dtText(v); }
    if (isRow(v)) { return nodeString(v); }
    if (typeof v === "boolean") { return v ? "true" : "false"; }
    if (isArray(v)) { return v.join(" "); }
    if (typeof v === "number" && !isFinite(v)) { return v !== v ? "NaN" : v > 0 ? "Infinity" : "-Infinity"; }
    if (typeof v === "number") { return v % 1 === 0 ? (v < 0 ? "-" : "") + intDigits(Math.abs(v)) : repr(v); }
    return isDate(v) ? v.toISOString().slice(0, 10) : String(v);
  }
  function bool(v) {
    if (isNodes(v)) { return v.nodes.length > 0; }
    if (typeof v === "boolean") { return v; }
    return isNum(v) ? (v = num(v)) === v && v !== 0 : !empty(v);
  }
  function toDate(v) {  // date.fromisoformat(str(v)[:10])
    if (isNodes(v)) { return v.nodes.length ? toDate(nodeString(v.nodes[0])) : null; }
    if (isDT(v)) { var w = new Date(v.t + v.off * 6e4); return day(w.getUTCFullYear(), w.getUTCMonth() + 1, w.getUTCDate()); }
    if (isDate(v)) { return v; }
    var s = typeof v === "boolean" ? (v ? "True" : "False") : typeof v === "number" ? repr(v)
      : isArray(v) ? "[" : String(v);
    return isoDate(chars(s).slice(0, 10).join(""));
  }
  function items(v) {
    return isArray(v) ? v.map(String) : str(v).split(SPACE).filter(function (x) { return x; });
  }

  /* dateTimes: YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM] (no offset: UTC), as temporal.py reads them */
  var DATETIME = /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$/;
  var TIME = /^([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$/;
  var MIN_DAYS = -719162, MAX_DAYS = 2932896;
  var MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" "), DAYS = "Sun Mon Tue Wed Thu Fri Sat".split(" ");
  function offsetOf(text) {  // minutes east of UTC, or null
    if (!text || text === "Z") { return 0; }
    var digits = text.slice(1).replace(":", ""), h = +digits.slice(0, 2), m = +digits.slice(2);
    return h > 23 || m > 59 ? null : (h * 60 + m) * (text.charAt(0) === "-" ? -1 : 1);
  }
  function millis(fraction) { return +((fraction || "0") + "00").slice(0, 3); }
  function parseDateTime(text) {
    var m = DATETIME.exec(String(text).replace(STRIP, "")), off, t;
    if (!m || (off = offsetOf(m[8])) === null || +m[4] > 23 || +m[5] > 59 || +(m[6] || 0) > 59) { return null; }
    t = day(+m[1], +m[2], +m[3]);
    if (+m[1] < 1 || t.getUTCMonth() !== +m[2] - 1 || t.getUTCDate() !== +m[3]) { return null; }
    return new DateTime(t.getTime() + ((+m[4] * 60 + +m[5] - off) * 60 + +(m[6] || 0)) * 1000 + millis(m[7]), off);
  }
  function parseTime(text) {  // [ms after midnight, offset minutes or null], or null
    var m = TIME.exec(String(text).replace(STRIP, "")), off = null;
    if (!m || +m[1] > 23 || +m[2] > 59 || +(m[3] || 0) > 59) { return null; }
    if (m[5] && (off = offsetOf(m[5])) === null) { return null; }
    return [((+m[1] * 60 + +m[2]) * 60 + +(m[3] || 0)) * 1000 + millis(m[4]), off];
  }
  function pad(n, width) { n = String(n); return zeros(width - n.length) + n; }
  function wall(v) { return new Date(v.t + v.off * 6e4); }
  function dtText(v) {
    var w = wall(v), off = Math.abs(v.off);
    return pad(w.getUTCFullYear(), 4) + "-" + pad(w.getUTCMonth() + 1, 2) + "-" + pad(w.getUTCDate(), 2) + "T" +
      pad(w.getUTCHours(), 2) + ":" + pad(w.getUTCMinutes(), 2) + ":" + pad(w.getUTCSeconds(), 2) + "." +
      pad(w.getUTCMilliseconds(), 3) + (v.off < 0 ? "-" : "+") + pad(Math.floor(off / 60), 2) + ":" + pad(off % 60, 2);
  }
  function toDateTime(v) {  // a DateTime from a DateTime, a date (midnight UTC) or ISO text of either; or null
    if (isNodes(v)) { return v.nodes.length ? toDateTime(nodeString(v.nodes[0])) : null; }
    if (isDT(v)) { return v; }
    if (isDate(v)) { return new DateTime(v.getTime(), 0); }
    if (typeof v !== "string") { return null; }
    var d = parseDateTime(v);
    if (d) { return d; }
    d = chars(v.replace(STRIP, "")).length === 10 ? toDate(v) : null;
    return d ? new DateTime(d.getTime(), 0) : null;
  }
  function dateFromDays(n) {
    if (!isFinite(n)) { return null; }
    n = Math.floor(n);
    return n >= MIN_DAYS && n <= MAX_DAYS ? new Date(n * DAY) : null;
  }
  function dtFromDays(n) {
    return isFinite(n) && n >= MIN_DAYS && n <= MAX_DAYS ? new DateTime(Math.floor(n * DAY + 0.5), 0) : null;
  }

  function compare(op, a, b) {  // with a node-set, true if any node compares so (XPath)
    if (isNodes(a) && isNodes(b)) {
      return nodesOf(a).some(function (x) { return nodesOf(b).some(function (y) { return compare(op, x, y); }); });
    }
    if (isNodes(a)) {
      return typeof b === "boolean" ? scalar(op, bool(a), b) : nodesOf(a).some(function (x) { return scalar(op, x, b); });
    }
    if (isNodes(b)) {
      return typeof a === "boolean" ? scalar(op, a, bool(b)) : nodesOf(b).some(function (y) { return scalar(op, a, y); });
    }
    return scalar(op, a, b);
  }
  function scalar(op, a, b) {
    var x, eq;
    if (op === "=" || op === "!=") {
      if (typeof a === "boolean" || typeof b === "boolean") { eq = bool(a) === bool(b); }
      else if (isNum(a) || isNum(b) || isDate(a) || isDate(b) || isDT(a) || isDT(b)) {
        x = comparable(a, b);
        eq = x[0] === x[1];
      }
      else { eq = str(a) === str(b); }
      return op === "=" ? eq : !eq;
    }
    x = comparable(a, b);
    return op === "<" ? x[0] < x[1] : op === "<=" ? x[0] <= x[1] : op === ">" ? x[0] > x[1] : x[0] >= x[1];
  }
  function temporal(v) {
    var t = typeof v === "string" ? toDateTime(v) : null;
    return num(t || v);
  }
  function comparable(a, b) {  // dates as days when both sides read as dates, else numbers
    if (isDT(a) || isDT(b)) { return [temporal(a), temporal(b)]; }
    var da = (isDate(a) || isDate(b)) && toDate(a), db = da && toDate(b);
    return db ? [num(da), num(db)] : [num(a), num(b)];
  }
  function arithmetic(op, a, b) {
    if (isDate(a) && !isDT(b) && (op === "+" || op === "-")) {
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
    if (op === "div") { return a / b; }  // IEEE, as the server: 1 div -0 is -Infinity, 0 div 0 NaN
    return b !== 0 ? a % b : NaN;  // mod: math.fmod
  }

  /* A number as a count of places or characters, as ODK Collect casts it (NaN is 0, infinities clamp). */
  function whole(n) { return n !== n ? 0 : trunc(Math.max(-2147483648, Math.min(2147483647, n))); }
  /* ODK Collect's round(x, places): half up (toward +Infinity) on the number's shortest decimal form, so
     round(2.675, 2) is 2.68 and round(-2.5) is -2; more than 30 places either way is NaN. As functions.py. */
  function round(x, digits) {
    var n = num(x), places = digits === undefined ? 0 : whole(num(digits)), parts, d, e, p, keep, m, r, up;
    if (n !== n || !isFinite(n)) { return n; }
    if (Math.abs(places) > 30) { return NaN; }
    if (n === 0) { return n; }
    parts = Math.abs(n).toExponential().split("e");
    d = parts[0].replace(".", "");
    e = +parts[1];
    p = places + e + 1;  // significant digits kept
    if (p >= d.length) { return n; }
    keep = p > 0 ? d.slice(0, p) : "";
    // a tie (a last digit 5) goes up for positive numbers, toward zero for negative ones
    up = p >= 0 && (d.charAt(p) > "5" || (d.charAt(p) === "5" && (n > 0 || p < d.length - 1)));
    if (up) {
      m = /^(.*?)(9*)$/.exec(keep);
      keep = (m[1] ? m[1].slice(0, -1) + (+m[1].slice(-1) + 1) : "1") + m[2].replace(/9/g, "0");
    }
    r = Number((keep || "0") + "e" + (e - Math.max(p, 0) + 1));
    return n < 0 ? -r : r;
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
    return new RegExp("^(?:" + out + ")(?![\\s\\S])", (UNI ? "u" : "") + (/i/.test(flags) ? "i" : ""));  // the whole text
  }
  function regex(value, source) {
    var re;
    source = str(source);
    if (chars(source).length > 200) { return false; }
    try { re = pattern(source); } catch (e) { if (e instanceof SyntaxError) { return false; } throw e; }
    return re ? re.test(str(value)) : false;
  }

  /* digests: MD5 and SHA-1 on 32-bit words, SHA-2 on BigInt words (constants from the primes' roots) */
  function utf8(s) { return Array.prototype.slice.call(new TextEncoder().encode(s)); }
  function padded(bytes, block, lengthBytes, little) {
    var out = bytes.concat([0x80]), bits = bytes.length * 8, i;
    while ((out.length + lengthBytes) % block) { out.push(0); }
    for (i = 0; i < lengthBytes; i++) {
      var shift = little ? i : lengthBytes - 1 - i;
      out.push(shift < 6 ? Math.floor(bits / Math.pow(2, 8 * shift)) % 256 : 0);
    }
    return out;
  }
  function md5(bytes) {
    var K = [], S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21], h = [0x67452301, 0xefcdab89,
      0x98badcfe, 0x10325476], m = padded(bytes, 64, 8, true), i, j, w, a, b, c, d, f, g, t, out = [];
    for (i = 0; i < 64; i++) { K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296); }
    for (j = 0; j < m.length; j += 64) {
      for (w = [], i = 0; i < 16; i++) {
        w[i] = (m[j + 4 * i] | m[j + 4 * i + 1] << 8 | m[j + 4 * i + 2] << 16 | m[j + 4 * i + 3] << 24) >>> 0;
      }
      a = h[0]; b = h[1]; c = h[2]; d = h[3];
      for (i = 0; i < 64; i++) {
        if (i < 16) { f = (b & c) | (~b & d); g = i; }
        else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
        else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
        else { f = c ^ (b | ~d); g = (7 * i) % 16; }
        t = d; d = c; c = b;
        f = (a + f + K[i] + w[g]) >>> 0;
        b = (b + ((f << S[(i >> 4) * 4 + i % 4]) | (f >>> (32 - S[(i >> 4) * 4 + i % 4])))) >>> 0;
        a = t;
      }
      h = [(h[0] + a) >>> 0, (h[1] + b) >>> 0, (h[2] + c) >>> 0, (h[3] + d) >>> 0];
    }
    h.forEach(function (x) { for (i = 0; i < 4; i++) { out.push((x >>> (8 * i)) & 255); } });
    return out;
  }
  function sha1(bytes) {
    var h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0], m = padded(bytes, 64, 8, false);
    var i, j, w, a, b, c, d, e, f, k, t, out = [];
    function rol(x, n) { return (x << n) | (x >>> (32 - n)); }
    for (j = 0; j < m.length; j += 64) {
      for (w = [], i = 0; i < 80; i++) {
        w[i] = i < 16 ? (m[j + 4 * i] << 24 | m[j + 4 * i + 1] << 16 | m[j + 4 * i + 2] << 8 | m[j + 4 * i + 3])
          : rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
      }
      a = h[0]; b = h[1]; c = h[2]; d = h[3]; e = h[4];
      for (i = 0; i < 80; i++) {
        if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
        else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
        else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
        else { f = b ^ c ^ d; k = 0xca62c1d6; }
        t = (rol(a, 5) + f + e + k + w[i]) | 0;
        e = d; d = c; c = rol(b, 30); b = a; a = t;
      }
      h = [h[0] + a | 0, h[1] + b | 0, h[2] + c | 0, h[3] + d | 0, h[4] + e | 0];
    }
    h.forEach(function (x) { for (i = 3; i >= 0; i--) { out.push((x >>> (8 * i)) & 255); } });
    return out;
  }
  var PRIMES = [];
  (function () { for (var n = 2; PRIMES.length < 80; n++) { if (PRIMES.every(function (p) { return n % p; })) { PRIMES.push(n); } } }());
  function iroot(n, k) {  // floor(n ** (1/k)) of a BigInt
    var K = BigInt(k), x = BigInt(1) << BigInt(Math.ceil(n.toString(2).length / k) + 1), y;
    for (;;) {
      for (var q = BigInt(1), e = 1; e < k; e++) { q *= x; }  // x ** (k - 1), in ES5 syntax
      y = ((K - BigInt(1)) * x + n / q) / K;
      if (y >= x) { return x; }
      x = y;
    }
  }
  function sha2(bytes, long, size) {  // long: SHA-384/512 (64-bit words), else SHA-256
    var W = BigInt(long ? 64 : 32), mask = (BigInt(1) << W) - BigInt(1), rounds = long ? 80 : 64;
    var R = long ? [28, 34, 39, 14, 18, 41, 1, 8, 7, 19, 61, 6] : [2, 13, 22, 6, 11, 25, 7, 18, 3, 17, 19, 10];
    var frac = function (p, k) { return iroot(BigInt(p) << (W * BigInt(k)), k) & mask; };
    var K = PRIMES.slice(0, rounds).map(function (p) { return frac(p, 3); });
    var h = PRIMES.slice(size === 48 ? 8 : 0, size === 48 ? 16 : 8).map(function (p) { return frac(p, 2); });
    var block = long ? 128 : 64, wb = long ? 8 : 4, m = padded(bytes, block, long ? 16 : 8, false);
    var j, i, w, v, t1, t2, out = [];
    function rot(x, n) { n = BigInt(n); return ((x >> n) | (x << (W - n))) & mask; }
    function word(at) { for (var x = BigInt(0), q = 0; q < wb; q++) { x = (x << BigInt(8)) | BigInt(m[at + q]); } return x; }
    for (j = 0; j < m.length; j += block) {
      for (w = [], i = 0; i < rounds; i++) {
        w[i] = i < 16 ? word(j + wb * i) : (w[i - 16] + (rot(w[i - 15], R[6]) ^ rot(w[i - 15], R[7]) ^ (w[i - 15] >> BigInt(R[8]))) +
          w[i - 7] + (rot(w[i - 2], R[9]) ^ rot(w[i - 2], R[10]) ^ (w[i - 2] >> BigInt(R[11])))) & mask;
      }
      v = h.slice();
      for (i = 0; i < rounds; i++) {
        t1 = (v[7] + (rot(v[4], R[3]) ^ rot(v[4], R[4]) ^ rot(v[4], R[5])) + ((v[4] & v[5]) ^ (~v[4] & mask & v[6])) +
          K[i] + w[i]) & mask;
        t2 = ((rot(v[0], R[0]) ^ rot(v[0], R[1]) ^ rot(v[0], R[2])) + ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]))) & mask;
        v = [(t1 + t2) & mask, v[0], v[1], v[2], (v[3] + t1) & mask, v[4], v[5], v[6]];
      }
      h = h.map(function (x, q) { return (x + v[q]) & mask; });
    }
    h.forEach(function (x) { for (i = wb - 1; i >= 0; i--) { out.push(Number((x >> BigInt(8 * i)) & BigInt(255))); } });
    return out.slice(0, size);
  }
  var DIGESTS = { "MD5": md5, "SHA-1": sha1, "SHA-256": function (b) { return sha2(b, false, 32); },
    "SHA-384": function (b) { return sha2(b, true, 48); }, "SHA-512": function (b) { return sha2(b, true, 64); } };
  function digest(data, algorithm, encoding) {
    var how = encoding === undefined ? "base64" : str(encoding), hash = DIGESTS[str(algorithm)], bytes;
    if (!has.call(DIGESTS, str(algorithm)) || (how !== "base64" && how !== "hex")) { return ""; }
    bytes = hash(utf8(str(data)));
    return how === "hex" ? bytes.map(function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("")
      : btoa(String.fromCharCode.apply(null, bytes));
  }
  var BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
  function base64Decode(s) {
    s = str(s);
    if (!BASE64.test(s)) { return ""; }
    var binary = atob(s), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    try { return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes); } catch (e) { return ""; }
  }

  /* area() and distance() as expressions/geo.py (Enketo's formulas, rounded to the centimetre) */
  var RADIUS = 6378100, RAD = Math.PI / 180;
  function points(v) {
    var list = isNodes(v) ? v.nodes : isArray(v) ? v : null, out = [];  // a node-set (or list) of geopoints
    var texts = list && list.length !== 1 ? list.map(str) : str(list ? list[0] : v).split(";");
    for (var i = 0; i < texts.length; i++) {
      var parts = texts[i].replace(STRIP, "").split(" "), n = parts.map(num);
      if (parts.length < 2 || parts.length > 4 || n.some(function (x) { return x !== x; })) { return null; }
      if (!(n[0] >= -90 && n[0] <= 90 && n[1] >= -180 && n[1] <= 180) || (n.length === 4 && n[3] < 0)) { return null; }
      out.push(n);
    }
    return out;
  }
  function centimetres(m) { return Math.abs(Math.floor(m * 100 + 0.5)) / 100; }
  function distance(v) {
    var s = points(v), total = 0, i, a, b, c;
    if (!s) { return NaN; }
    for (i = 1; i < s.length; i++) {
      a = s[i - 1][0] * RAD; b = s[i][0] * RAD;
      c = Math.sin(a) * Math.sin(b) + Math.cos(a) * Math.cos(b) * Math.cos((s[i - 1][1] - s[i][1]) * RAD);
      total += Math.acos(Math.max(-1, Math.min(1, c))) * RADIUS;
    }
    return centimetres(total);
  }
  function area(v) {
    var s = points(v), total = 0, i, p, q;
    if (!s) { return NaN; }
    if (s.length > 2) {
      for (i = 0; i < s.length; i++) {
        p = s[i]; q = s[(i + 1) % s.length];
        total += (q[1] - p[1]) * RAD * (2 + Math.sin(p[0] * RAD) + Math.sin(q[0] * RAD));
      }
      total = total * RADIUS * RADIUS / 2;
    }
    return centimetres(total);
  }

  /* format-date(-time) with ODK's specifiers, as temporal.format_temporal */
  function format(env, v, pattern) {
    var m = isNum(v) ? dtFromDays(num(v)) : isDT(v) ? v : typeof v === "string" && v.indexOf("T") >= 0 ? toDateTime(v)
      : toDate(v), w, f, out = "", i, c;
    if (!m) { return ""; }
    w = isDT(m) ? wall(m) : m;
    var months = env.ctx.monthNames || MONTHS, days = env.ctx.dayNames || DAYS;
    f = { Y: pad(w.getUTCFullYear(), 4), m: pad(w.getUTCMonth() + 1, 2), n: String(w.getUTCMonth() + 1),
      b: months[w.getUTCMonth()], d: pad(w.getUTCDate(), 2), e: String(w.getUTCDate()), a: days[w.getUTCDay()],
      H: pad(w.getUTCHours(), 2), h: String(w.getUTCHours()), M: pad(w.getUTCMinutes(), 2),
      S: pad(w.getUTCSeconds(), 2), 3: pad(w.getUTCMilliseconds(), 3) };
    f.y = f.Y.slice(2);
    pattern = chars(str(pattern));
    for (i = 0; i < pattern.length; i++) {
      c = pattern[i];
      if (c === "%" && i + 1 < pattern.length) {
        c = pattern[++i];
        out += c === "%" ? "%" : has.call(f, c) ? f[c] : "%" + c;
      } else { out += c; }
    }
    return out;
  }
  function localOffset(env) { return moment(env).off; }
  function moment(env) {
    var now = env.ctx.now && parseDateTime(env.ctx.now);
    return now || new DateTime(Date.now(), -new Date().getTimezoneOffset());
  }
  function decimalTime(env, v) {
    var at, ms, off, parsed;
    if (isNum(v)) { v = num(v); return isFinite(v) ? v - Math.floor(v) : NaN; }  // a day's fraction
    if (isDT(v)) { v = str(v); }
    if (typeof v !== "string") { return NaN; }
    if ((at = parseDateTime(v))) { ms = ((at.t + at.off * 6e4) % DAY + DAY) % DAY; off = at.off; }
    else if ((parsed = parseTime(v))) { ms = parsed[0]; off = parsed[1]; }
    else { return NaN; }
    if (off !== null) { ms += (localOffset(env) - off) * 6e4; }
    return ((ms % DAY) + DAY) % DAY / DAY;
  }

  /* randomize(): Enketo's inside-out Fisher-Yates, seeded by Park-Miller (javarosa's ParkMiller) */
  function parkMiller(seed) {
    var M = 2147483647, state = seed % M;
    if (state <= 0) { state += M - 1; }
    return function () { state = state * 16807 % M; return (state - 1) / (M - 1); };
  }
  function randomize(env, v, seed) {
    var members = isNodes(v) ? v.nodes.slice() : empty(v) ? [] : [v], draw, result = [], i, j, n;
    if (seed === undefined) { draw = env.random; }
    else {
      n = num(seed);
      if (!isFinite(n)) { return NaN; }
      draw = parkMiller(trunc(n));
    }
    for (i = 0; i < members.length; i++) {
      j = Math.floor(draw() * (i + 1));
      if (j === i) { result.push(members[i]); } else { result.push(result[j]); result[j] = members[i]; }
    }
    return new NodeSet(result);
  }
  var GUID = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  function uuid(env, length) {
    var digits = [], i, n;
    if (length === undefined) {
      for (i = 0; i < 32; i++) { digits.push(Math.floor(env.random() * 16).toString(16)); }
      digits[12] = "4";
      digits[16] = "89ab".charAt(Math.floor(env.random() * 4));
      digits = digits.join("");
      return [digits.slice(0, 8), digits.slice(8, 12), digits.slice(12, 16), digits.slice(16, 20), digits.slice(20)].join("-");
    }
    n = num(length);
    if (n !== n || n < 0 || n > 1000) { return ""; }
    for (i = 0; i < trunc(n); i++) { digits.push(GUID.charAt(Math.floor(env.random() * GUID.length))); }
    return digits.join("");
  }
  function questionName(text) {
    text = String(text).replace(STRIP, "");
    if (text.slice(0, 2) === "${" && text.slice(-1) === "}") { return text.slice(2, -1); }
    return text.replace(/\/+$/, "").split("/").pop();
  }
  /* indexed-repeat(v, r1, i1[, r2, i2[, r3, i3]]) as functions.py _indexed_repeat: one level takes the
     n-th node; more take the first node whose instance is the one named at each level, the levels not
     named being those of the instance the expression is read in. */
  function indexedRepeat(v, r, n) {
    var a = isNodes(v) ? nodesOf(v) : [v], i = num(n), wanted = {}, k, every, list;
    if (arguments.length === 3) {
      return i >= 1 && i < a.length + 1 ? a[Math.floor(i) - 1] : "";
    }
    if (!isNodes(v) || !v.paths) { return ""; }
    v.scope.forEach(function (step) { wanted[step[0]] = step[1]; });
    for (k = 1; k < arguments.length; k += 2) {
      r = arguments[k];
      i = num(arguments[k + 1]);
      if (!isNodes(r) || !r.paths || !r.paths.length || !(i >= 1 && i < Infinity)) { return ""; }
      wanted[r.paths[0][r.paths[0].length - 1][0]] = Math.floor(i);
    }
    every = v.whole || v;
    list = nodesOf(every);
    for (k = 0; k < list.length; k++) {
      if (matches(every.paths[k], wanted)) { return list[k]; }
    }
    return "";
  }
  function matches(path, wanted) {
    var at = {};
    path.forEach(function (step) { at[step[0]] = step[1]; });
    return Object.keys(wanted).every(function (name) { return has.call(at, name) && at[name] === wanted[name]; });
  }
  function between(value, low, high) {
    var a = num(low), b = num(high);
    if (value !== value || a !== a || b !== b) { return false; }
    return (a === -1 || value >= a) && (b === -1 || value <= b);
  }
  function each(args) {  // every node of every argument
    return [].concat.apply([], [].map.call(args, nodesOf));
  }
  function mathOf(f) { return function (x) { return f(num(x)); }; }

  function numbers(args) {  // the numbers among the arguments' nodes (ODK Collect leaves out the rest)
    return each(args).map(num).filter(function (n) { return n === n; });
  }
  function extreme(before) {
    return function () {
      var list = numbers(arguments), best = list[0];
      if (!list.length) { return NaN; }
      for (var i = 0; i < list.length; i++) { if (before(list[i], best)) { best = list[i]; } }
      return best;
    };
  }
  function substr(s, a, b) {  // ODK Collect's: 0-based, end excluded, negative from the end; in code points
    var text = chars(str(s)), size = text.length;
    a = whole(num(a));
    b = b === undefined ? size : whole(num(b));
    a = Math.min(Math.max(0, a < 0 ? a + size : a), size);
    b = Math.min(Math.max(0, b < 0 ? b + size : b), size);
    return a <= b ? text.slice(a, b).join("") : "";
  }
  function pow(x, y) {  // Math.pow, as functions._pow
    var a = num(x), b = num(y);
    return b !== b ? NaN : b === 0 ? 1 : Math.pow(a, b);
  }
  function log(base10) {
    return function (x) { x = num(x); return x !== x || x < 0 ? NaN : x === 0 ? -Infinity : base10 ? Math.log10(x) : Math.log(x); };
  }

  /* name: function over evaluated arguments; names in ENV take the evaluation first */
  var ENV = { "once": 1, "position": 1, "jr:choice-name": 1, "normalize-space": 1, "string-length": 1, "pulldata": 1,
    "today": 1, "now": 1, "decimal-time": 1, "format-date": 1, "format-date-time": 1, "random": 1, "uuid": 1,
    "randomize": 1 };
  var FUNCTIONS = {
    "not": function (x) { return !bool(x); },
    "true": function () { return true; },
    "false": function () { return false; },
    "boolean": bool,
    "boolean-from-string": function (s) { s = str(s); return s.toLowerCase() === "true" || s === "1"; },
    "coalesce": function (a, b) { return (isNum(a) ? num(a) !== num(a) : str(a) === "") ? b : a; },
    "once": function (env, v) { return empty(env.current) ? v : env.current; },
    "position": function (env, path) {
      var p = env.pos != null && path === undefined ? env.pos : env.ctx.position;
      return p == null ? NaN : +p;
    },
    "checklist": function (low, high) {
      var yes = each([].slice.call(arguments, 2)).filter(function (v) { return str(v) === "yes"; }).length;
      return between(yes, low, high);
    },
    "weighted-checklist": function (low, high) {
      for (var total = 0, i = 2; i + 1 < arguments.length; i += 2) {
        if (str(arguments[i]) === "yes") { total += num(arguments[i + 1]); }
      }
      return between(total, low, high);
    },
    "selected": function (a, b) { return items(a).indexOf(str(b).replace(STRIP, "")) >= 0; },
    "count-selected": function (a) { return items(a).length; },
    "selected-at": function (a, n) {
      var list = items(a), k = (n = num(n)) === n && isFinite(n) ? trunc(n) : -1;
      return k >= 0 && k < list.length ? list[k] : "";
    },
    "jr:choice-name": function (env, v, q) {
      var label = env.ctx.choiceLabel ? env.ctx.choiceLabel(questionName(str(q)), str(v), env.ctx.lang) : null;
      return label == null ? "" : String(label);
    },
    "string": str,
    "concat": function () { return each(arguments).map(str).join(""); },
    "join": function (sep) { return each([].slice.call(arguments, 1)).map(str).join(str(sep)); },
    "substr": substr,
    "substring-before": function (s, t) { s = str(s); t = str(t); var at = s.indexOf(t); return at >= 0 ? s.slice(0, at) : ""; },
    "substring-after": function (s, t) { s = str(s); t = str(t); var at = s.indexOf(t); return at >= 0 ? s.slice(at + t.length) : ""; },
    "translate": function (s, from, to) {
      var table = {}, f = chars(str(from)), t = chars(str(to));
      f.forEach(function (c, i) { if (!has.call(table, c)) { table[c] = i < t.length ? t[i] : ""; } });
      return chars(str(s)).map(function (c) { return has.call(table, c) ? table[c] : c; }).join("");
    },
    "normalize-space": function (env, s) {
      return str(s === undefined ? env.current : s).replace(/[ \t\r\n]+/g, " ").replace(/^ | $/g, "");
    },
    "string-length": function (env, s) { return chars(str(s === undefined ? env.current : s)).length; },
    "contains": function (s, t) { return str(s).indexOf(str(t)) >= 0; },
    "starts-with": function (s, t) { return str(s).lastIndexOf(str(t), 0) === 0; },
    "ends-with": function (s, t) {
      s = str(s);
      t = str(t);
      return s.length >= t.length && s.slice(s.length - t.length) === t;
    },
    "regex": regex,
    "digest": digest,
    "base64-decode": base64Decode,
    "pulldata": function (env, i, c, kc, k) {
      var v = env.ctx.pulldata ? env.ctx.pulldata(str(i), str(c), str(kc), str(k)) : null;
      return v == null ? "" : String(v);
    },
    "number": num,
    "int": function (x) { x = num(x); return isFinite(x) ? trunc(x) : x; },
    "round": round,
    "pow": pow,
    "log": log(false),
    "log10": log(true),
    "abs": function (x) { return Math.abs(num(x)); },
    "sin": mathOf(Math.sin), "cos": mathOf(Math.cos), "tan": mathOf(Math.tan), "asin": mathOf(Math.asin),
    "acos": mathOf(Math.acos), "atan": mathOf(Math.atan), "sqrt": mathOf(Math.sqrt), "exp": mathOf(Math.exp),
    "atan2": function (y, x) { return Math.atan2(num(y), num(x)); },
    "exp10": function (x) { return pow(10, x); },
    "pi": function () { return Math.PI; },
    "min": extreme(function (a, b) { return a < b; }),
    "max": extreme(function (a, b) { return a > b; }),
    "sum": function (v) {
      return isNodes(v) ? numbers([v]).reduce(function (total, n) { return total + n; }, 0) : num(v);
    },
    "count": function (v) { return isNodes(v) ? v.nodes.length : 1; },
    "indexed-repeat": indexedRepeat,
    "count-non-empty": function (v) { return nodesOf(v).filter(function (n) { return !empty(n); }).length; },
    "today": function (env) { return env.today; },
    "now": function (env) { return moment(env); },
    "date": function (s) { return (isNum(s) ? dateFromDays(num(s)) : toDate(s)) || NaN; },
    "date-time": function (s) { return (isNum(s) ? dtFromDays(num(s)) : toDateTime(s)) || NaN; },
    "decimal-date-time": function (s) { var m; return isNum(s) ? num(s) : (m = toDateTime(s)) ? num(m) : NaN; },
    "decimal-time": decimalTime,
    "format-date": format,
    "format-date-time": format,
    "random": function (env) { return env.random(); },
    "uuid": uuid,
    "randomize": randomize,
    "area": area,
    "enclosed-area": area,
    "distance": distance
  };

  function filter(candidates, predicates, env) {
    (predicates || []).forEach(function (predicate) {
      candidates = candidates.filter(function (c, i) {
        var v = evaluate(predicate, { answers: env.answers, current: env.current, ctx: env.ctx, today: env.today,
          random: env.random, item: c, pos: i + 1 });
        return isNum(v) ? num(v) === i + 1 : bool(v);
      });
    });
    return candidates;
  }
  function instance(node, env) {  // instance('name')/root/item[...]/field over the context's rows
    var rows = (env.ctx.instance && env.ctx.instance(node.v)) || [], steps = node.a, field;
    var selected = filter([{ "": "" }], steps[0].a, env);
    if (steps.length > 1) { selected = filter(selected.length ? rows.filter(isRow) : [], steps[1].a, env); }
    if (steps.length > 2) {
      field = steps[2].v;
      selected = filter(selected.filter(function (r) { return has.call(r, field) && r[field] != null; })
        .map(function (r) { return r[field]; }), steps[2].a, env);
    }
    return new NodeSet(selected);
  }

  function evaluate(node, env) {
    var k = node.k, v = node.v, args = node.a || [], left, f;
    function sub(n) { return evaluate(n, env); }
    if (k === "num") { return Number(v); }  // a number, or "Infinity"
    if (k === "str") { return v; }
    if (k === "dot") { left = env.pos != null ? env.item : env.current; return left == null ? "" : left; }
    if (k === "current") { return env.current == null ? "" : env.current; }
    if (k === "parent") { return ""; }
    if (k === "ref") { return has.call(env.answers, v) && env.answers[v] != null ? env.answers[v] : ""; }
    if (k === "field") {
      if (env.pos == null) { return new NodeSet([]); }  // outside a predicate: the question's child
      return isRow(env.item) && has.call(env.item, v) && env.item[v] != null ? env.item[v] : ""; }
    if (k === "inst") { return instance(node, env); }
    if (k === "neg") { return -num(sub(args[0])); }
    if (k === "op") {
      left = sub(args[0]);
      if (v === "or") { return bool(left) || bool(sub(args[1])); }
      if (v === "and") { return bool(left) && bool(sub(args[1])); }
      return /^[=!<>]/.test(v) ? compare(v, left, sub(args[1])) : arithmetic(v, left, sub(args[1]));
    }
    if (k !== "call") { fail(); }
    if (v === "if") { return sub(args[bool(sub(args[0])) ? 1 : 2]); }
    if (!has.call(FUNCTIONS, v)) { fail(); }
    f = FUNCTIONS[v];
    args = args.map(sub);
    return has.call(ENV, v) ? f.apply(null, [env].concat(args)) : f.apply(null, args);
  }
  /* context: "YYYY-MM-DD" (today), or an object { today, now (ISO dateTime with offset), lang,
     choiceLabel(question, name, lang), pulldata(instance, column, keyColumn, key), instance(name) -> rows,
     position, random() -> [0, 1), monthNames, dayNames } */
  function run(tree, answers, current, context) {
    var ctx = typeof context === "object" && context ? context : { today: context }, now = new Date(), today, m;
    today = isoDate(String(ctx.today || ""));
    if (!today && ctx.now && (m = parseDateTime(ctx.now))) { today = toDate(m); }
    today = today || day(now.getFullYear(), now.getMonth() + 1, now.getDate());
    return evaluate(tree, { answers: answers || {}, current: current, ctx: ctx, today: today,
      random: ctx.random || Math.random, item: null, pos: null });
  }
  function out(value) { return value instanceof Int ? +value : value; }

  window.SurveyExpressions = {
    /* The value: "", string, number, boolean, Date, DateTime or NodeSet; NaN on any error. context: the
       day as "YYYY-MM-DD" (the device's local date if left out) or a context object (see run). */
    evaluate: function (tree, answers, current, context) {
      try { return out(run(tree, answers, current, context)); } catch (e) { return NaN; }
    },
    isTrue: function (tree, answers, current, context) {
      try { return bool(run(tree, answers, current, context)); } catch (e) { return false; }
    },
    /* A context that reads plain tables, as Context.from_tables on the server: data.labels[question][choice]
       is a label or {lang: label}; data.instances[name] are rows, which pulldata() reads too; the other
       parts (today, now, lang, position, random, monthNames, dayNames) are passed on. */
    context: function (data) {
      var labels = data.labels || {}, instances = data.instances || {}, ctx = {}, k;
      for (k in data) { if (has.call(data, k) && k !== "labels" && k !== "instances") { ctx[k] = data[k]; } }
      ctx.choiceLabel = function (question, name, lang) {
        var label = has.call(labels, question) && has.call(labels[question], name) ? labels[question][name] : null;
        return label !== null && typeof label === "object" ? (has.call(label, lang || "") ? label[lang || ""] : null)
          : label;
      };
      ctx.instance = function (name) { return has.call(instances, name) ? instances[name] : null; };
      ctx.pulldata = function (instance, column, keyColumn, key) {
        var rows = has.call(instances, instance) ? instances[instance] : [], i;
        for (i = 0; i < rows.length; i++) {
          if (rows[i][keyColumn] != null && String(rows[i][keyColumn]) === key) {
            return rows[i][column] == null ? null : String(rows[i][column]);
          }
        }
        return null;
      };
      return ctx;
    },
    /* A repeat's answers to one question (or rows), as a node-set value for `answers`. */
    nodeset: function (values, paths, scope, whole) {
      return new NodeSet(values.slice(), paths ? paths.slice() : null, scope, whole);
    },
    NodeSet: NodeSet,
    DateTime: DateTime,
    /* A dateTime answer ("2026-11-22T10:30:00.000+02:00") as a value, or null. */
    dateTime: function (text) { return parseDateTime(text); },
    string: function (value) { try { return str(value); } catch (e) { return ""; } },
    /* A stored answer as the evaluator wants it, as typed() in surveyapp/survey/rules.py does it. */
    typed: function (questionType, raw) {
      if (raw == null || raw === "") { return ""; }
      var value = questionType === "integer" ? pyInt(raw) : questionType === "decimal" ? pyFloat(raw)
        : questionType === "range" ? pyRange(raw) : questionType === "date" ? isoDate(String(raw))
        : questionType === "dateTime" ? parseDateTime(String(raw)) : null;
      return value === null ? raw : value;
    }
  };
}());
