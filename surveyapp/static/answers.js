/* Answers in parts on the offline kiosk page, read as the server reads them (survey/geo_answers.py,
   survey/rank.py, survey/date_parts.py, with calendars.js): a geopoint's inputs, a trace's or shape's typed points, a
   ranking's positions, a date asked in parts. Each returns [stored value, message] as offline.js's
   parse does; the messages are the server's (kiosk/offline.py messages()). */
(function () {
  "use strict";
  var NUMBER = /^[+-]?(\d{1,15}([.,]\d{0,15})?|[.,]\d{1,15})$/;
  var MIN_POINTS = { geotrace: 2, geoshape: 4 };

  function coordinate(text, ascii) {
    text = ascii(String(text || "").trim());
    if (!NUMBER.test(text)) { return null; }
    var sign = text.charAt(0) === "-" ? "-" : "";
    var body = text.replace(/^[+-]/, "").replace(",", ".");
    if (body.charAt(0) === ".") { body = "0" + body; }
    return sign + body.replace(/\.$/, "");
  }
  function point(parts, ascii) {
    if (parts.length < 2 || parts.length > 4) { return null; }
    var n = parts.map(function (p) { return coordinate(p, ascii); });
    if (n.some(function (x) { return x === null; })) { return null; }
    if (Math.abs(parseFloat(n[0])) > 90 || Math.abs(parseFloat(n[1])) > 180) { return null; }
    var alt = n[2] || "0", acc = n[3] || "0";
    if (parseFloat(acc) < 0) { return null; }
    return [n[0], n[1], alt, acc].join(" ");
  }
  function tokens(line) {
    var t = line.trim().split(/\s+/).map(function (s) { return s.replace(/,+$/, ""); });
    if (t.length === 1 && t[0].split(",").length === 2) { t = t[0].split(","); }
    return t.filter(function (s) { return s; });
  }
  function geo(q, value, m, ascii) {
    if (q.type === "geopoint") {
      var parts = (Array.isArray(value) ? value : String(value || "").split(/\s+/))
        .map(function (p) { return String(p || "").trim(); });
      parts = parts.concat(["", "", "", ""]).slice(0, 4);
      if (!parts[0] && !parts[1]) { return [null, null]; }
      var p = point([parts[0], parts[1], parts[2] || "0", parts[3] || "0"], ascii);
      return p ? [p, null] : [null, m.parts.geopoint];
    }
    var text = String(value || "").trim();
    if (!text) { return [null, null]; }
    var lines = text.replace(/\r/g, "\n").split(/[;\n]/).filter(function (l) { return l.trim(); });
    var kept = lines.map(function (l) { return point(tokens(l), ascii); });
    if (kept.some(function (x) { return x === null; })) { return [null, m.parts[q.type]]; }
    var first = kept[0].split(" ").slice(0, 2).join(" ");
    if (q.type === "geoshape" && first !== kept[kept.length - 1].split(" ").slice(0, 2).join(" ")) {
      kept.push(kept[0]);
    }
    return kept.length >= MIN_POINTS[q.type] ? [kept.join(";"), null] : [null, m.parts[q.type]];
  }
  function rank(q, value, m) {
    var picked = Array.isArray(value) ? value.map(function (v) { return String(v).trim(); })
      : String(value || "").split(/\s+/);
    var chosen = picked.filter(function (v) { return v; });
    if (!chosen.length) { return [null, null]; }
    if (chosen.some(function (v) { return q.choices.indexOf(v) < 0; })) { return [null, m.choice]; }
    if (chosen.some(function (v, i) { return chosen.indexOf(v) !== i; })) { return [null, m.parts.rankTwice]; }
    if (chosen.length < q.choices.length) { return [null, m.parts.rankAll]; }
    return [chosen.join(" "), null];
  }
  function isoDay(y, mo, d) {
    var when = new Date(0);
    when.setUTCFullYear(y, mo - 1, d);  // not Date.UTC, which reads years 0-99 as 1900-1999
    if (y < 1 || when.getUTCFullYear() !== y || when.getUTCMonth() !== mo - 1 || when.getUTCDate() !== d) { return null; }
    return ("000" + y).slice(-4) + "-" + (mo < 10 ? "0" : "") + mo + "-" + (d < 10 ? "0" : "") + d;
  }
  var PARTS = { "no-calendar": ["day", "month", "year"], "month-year": ["month", "year"], year: ["year"] };
  function dateParts(q, value, m, ascii) {
    /* A date in another calendar (q.calendar) is read in that calendar's parts (calendars.js) and
       kept as its Gregorian date, as survey/date_parts.py does. */
    var kind = q.dateParts, cal = q.calendar, values = {}, C = window.SurveyCalendars;
    var message = m.parts[cal ? kind + " " + cal : kind];
    if (Array.isArray(value)) {
      var posted = value.map(function (v) { return ascii(String(v || "")).trim(); });
      if (!posted.some(function (v) { return v; })) { return [null, null]; }
      PARTS[kind].forEach(function (p, i) { values[p] = posted[i] || ""; });
    } else {
      var text = String(value || "").trim(), iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (!text) { return [null, null]; }
      if (!iso) { return [null, message]; }
      var inCal = cal ? C.fromGregorian(cal, text) : [iso[1], +iso[2], +iso[3]];
      if (!inCal) { return [null, message]; }
      values = { year: ("000" + inCal[0]).slice(-4), month: String(inCal[1]), day: String(inCal[2]) };
    }
    var whole = /^\d{1,9}$/;
    var y = values.year, mo = kind === "year" ? "1" : values.month, d = kind === "no-calendar" ? values.day : "1";
    if (!/^\d{4}$/.test(y) || !whole.test(mo) || !whole.test(d)) { return [null, message]; }
    var first = cal && kind !== "no-calendar" ? C.firstDay(cal, +y, kind === "year" ? null : +mo) : [+mo, +d];
    var day = cal ? C.toGregorian(cal, +y, first[0], first[1]) : isoDay(+y, +mo, +d);
    return day ? [day, null] : [null, message];
  }
  window.SurveyAnswers = {
    value: function (input) { return input.value; },
    /* The inputs and selects of a question answered in parts, without their selects' options. */
    own: function (els) { return els.filter(function (e) { return e.tagName !== "OPTION"; }); },
    /* [stored, message] for a question answered in parts, or null for the others. */
    parse: function (q, value, m, ascii) {
      if (q.type === "geopoint" || q.type === "geotrace" || q.type === "geoshape") { return geo(q, value, m, ascii); }
      if (q.type === "rank") { return rank(q, value, m); }
      if (q.type === "date" && q.dateParts) { return dateParts(q, value, m, ascii); }
      return null;
    }
  };
}());
