/* The other calendars of date questions on the offline kiosk page, day for day as the server's
   survey/calendars.py (and so as ODK Collect) converts them: Ethiopian and Coptic (Joda-Time's
   chronologies), Islamic (Joda's civil LEAP_YEAR_16_BASED), Persian (Khayyam-Borkowski) and Bikram
   Sambat (the month-length table the page carries, data.bikramSambat), and Myanmar (mmcalendar's
   arithmetic, as survey/myanmar_calendar.py writes it, with its months numbered alike: first Waso 0,
   Late Tagu 13, Late Kason 14). Days are counted as the server counts them (1 is 0001-01-01); the
   years are Collect's pickers'. */
(function () {
  "use strict";
  var YEARS = { ethiopian: [1893, 2093], coptic: [1617, 1817], islamic: [1318, 1524],
                "bikram-sambat": [1970, 2090], persian: [1278, 1478], myanmar: [1261, 1462] };
  var EPOCH = { ethiopian: 2795, coptic: 103604, islamic: 227014 };
  var BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192,
                2262, 2324, 2394, 2456, 3178];
  var UNIX = 719163;  // the day of 1970-01-01
  var bs = null;

  function div(a, b) { return Math.floor(a / b); }
  function gregorianDay(y, m, d) {
    var when = new Date(0);
    when.setUTCFullYear(y, m - 1, d);
    return div(when.getTime(), 86400000) + UNIX;
  }
  function iso(day) {
    var when = new Date((day - UNIX) * 86400000), y = when.getUTCFullYear(), m = when.getUTCMonth() + 1, d = when.getUTCDate();
    return ("000" + y).slice(-4) + "-" + (m < 10 ? "0" : "") + m + "-" + (d < 10 ? "0" : "") + d;
  }
  function persianFirstDay(year) {
    var leaps = -14, jump = 0, before = BREAKS[0];
    for (var i = 1; i < BREAKS.length; i++) {
      jump = BREAKS[i] - before;
      if (year < BREAKS[i]) { break; }
      leaps += div(jump, 33) * 8 + div(jump % 33, 4);
      before = BREAKS[i];
    }
    var since = year - before;
    leaps += div(since, 33) * 8 + div(since % 33 + 3, 4);
    if (jump % 33 === 4 && jump - since === 4) { leaps += 1; }
    var g = year + 621, gLeaps = div(g, 4) - div((div(g, 100) + 1) * 3, 4) - 150;
    return gregorianDay(g, 3, 1) + 19 + leaps - gLeaps;
  }
  function persianLeap(year) {
    var jump = 0, before = BREAKS[0];
    for (var i = 1; i < BREAKS.length; i++) {
      jump = BREAKS[i] - before;
      if (year < BREAKS[i]) { break; }
      before = BREAKS[i];
    }
    var since = year - before;
    if (jump - since < 6) { since = since - jump + div(jump + 4, 33) * 33; }
    return ((since + 1) % 33 - 1) % 4 === 0;
  }
  function bsMonth(year, month) { return 29 + +bs.months.charAt((year - bs.firstYear) * 12 + month - 1); }
  function monthsIn(cal) { return cal === "ethiopian" || cal === "coptic" ? 13 : 12; }
  function daysIn(cal, year, month) {
    if (cal === "ethiopian" || cal === "coptic") { return month < 13 ? 30 : year % 4 === 3 ? 6 : 5; }
    if (cal === "islamic") { return month % 2 === 1 || (month === 12 && (14 + 11 * year) % 30 < 11) ? 30 : 29; }
    if (cal === "persian") { return month < 7 ? 31 : month < 12 || persianLeap(year) ? 30 : 29; }
    return bsMonth(year, month);
  }
  function dayOf(cal, year, month, day) {
    if (cal === "ethiopian" || cal === "coptic") {
      return EPOCH[cal] + 365 * (year - 1) + div(year, 4) + 30 * (month - 1) + day;
    }
    if (cal === "islamic") {
      return EPOCH.islamic + 354 * (year - 1) + div(3 + 11 * year, 30) + 29 * (month - 1) + div(month, 2) + day;
    }
    if (cal === "persian") {
      return persianFirstDay(year) - 1 + (month <= 7 ? 31 * (month - 1) : 186 + 30 * (month - 7)) + day;
    }
    var n = gregorianDay(1913, 4, 13) - 1 + day;
    for (var y = bs.firstYear; y < year; y++) { for (var m = 1; m <= 12; m++) { n += bsMonth(y, m); } }
    for (var k = 1; k < month; k++) { n += bsMonth(year, k); }
    return n;
  }
  /* The Myanmar calendar, on Julian day numbers (survey/myanmar_calendar.py says why). */
  var SY = 1577917828.0 / 4320000.0, LM = 1577917828.0 / 53433336.0, MO = 1954168.050623, JD = 1721425;
  var ERAS = [[1312, -0.5, 8, { 1377: 1 }, [1344, 1345]], [1217, -1.0, 4, { 1234: 1, 1261: -1 }, [1263, 1264]]];
  function watat(year) {
    var era = ERAS[year >= ERAS[0][0] ? 0 : 1], offset = era[1] + (era[3][year] || 0), months = era[2];
    var excess = (SY * (year + 3739)) % LM;
    if (excess < (SY / 12 - LM) * (12 - months)) { excess += LM; }
    var fullMoon = Math.floor(SY * year + MO - excess + 4.5 * LM + offset + 0.5);
    var leap = excess >= LM - (SY / 12 - LM) * months;
    return [leap !== (era[4].indexOf(year) >= 0), fullMoon];
  }
  function mmYear(year) {
    var w = watat(year), back = 0, before;
    do { back++; before = watat(year - back); } while (!before[0] && back < 3);
    var kind = w[0] ? div((w[1] - before[1]) % 354, 31) + 1 : 0;
    return [kind, before[1] + 354 * back - 102];
  }
  function mmLength(kind) { return 354 + (kind ? 30 : 0) + div(kind, 2); }
  function mmFromDay(jdn) {
    var year = Math.floor((jdn - 0.5 - MO) / SY), y = mmYear(year), kind = y[0];
    var count = jdn - y[1] + 1, big = div(kind, 2), common = kind === 0 ? 1 : 0;
    var late = div(count - 1, mmLength(kind));
    count -= late * mmLength(kind);
    var a = div(count + 423, 512), month = Math.floor((count - big * a + common * a * 30 + 29.26) / 29.544);
    var e = div(month + 12, 16), f = div(month + 11, 16);
    var day = count - Math.floor(29.544 * month - 29.26) - big * e + common * f * 30;
    return [year, month + f * 3 - e * 4 + 12 * late, day];
  }
  function mmToDay(year, month, day) {
    var y = mmYear(year), kind = y[0], late = div(month, 13), big = div(kind, 2), common = kind === 0 ? 1 : 0;
    month = month % 13 + late;
    month += 4 - div(month + 15, 16) * 4 + div(month + 12, 16);
    var count = day + Math.floor(29.544 * month - 29.26) - common * div(month + 11, 16) * 30 + big * div(month + 12, 16);
    return count + late * mmLength(kind) + y[1] - 1;
  }
  function mmExists(year, month, day) {
    if (!(year >= YEARS.myanmar[0] && year <= YEARS.myanmar[1] && month >= 0 && month <= 14 && day >= 1 && day <= 30)) { return false; }
    var back = mmFromDay(mmToDay(year, month, day));
    return back[0] === year && back[1] === month && back[2] === day;
  }
  function usable(cal) { return YEARS[cal] && (cal !== "bikram-sambat" || bs); }

  window.SurveyCalendars = {
    /* The Bikram Sambat table from the page's data (kiosk/offline.py). */
    use: function (table) { bs = table || null; },
    /* "YYYY-MM-DD" of a date in the calendar, or null where it has no such day. */
    toGregorian: function (cal, year, month, day) {
      if (cal === "myanmar") { return mmExists(year, month, day) ? iso(mmToDay(year, month, day) - JD) : null; }
      if (!usable(cal) || year < YEARS[cal][0] || year > YEARS[cal][1] || month < 1 ||
          month > monthsIn(cal) || day < 1 || day > daysIn(cal, year, month)) { return null; }
      return iso(dayOf(cal, year, month, day));
    },
    /* [year, month, day] in the calendar of a "YYYY-MM-DD", or null outside Collect's years. */
    fromGregorian: function (cal, text) {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
      if (!usable(cal) || !m) { return null; }
      var day = gregorianDay(+m[1], +m[2], +m[3]);
      if (iso(day) !== text) { return null; }
      if (cal === "myanmar") {
        var mm = mmFromDay(day + JD);
        return mm[0] >= YEARS.myanmar[0] && mm[0] <= YEARS.myanmar[1] ? mm : null;
      }
      var low = YEARS[cal][0], high = YEARS[cal][1], start = dayOf(cal, low, 1, 1);
      if (day < start || day >= dayOf(cal, high + 1, 1, 1)) { return null; }
      var year = low + div(day - start, cal === "islamic" ? 355 : 366);
      while (year < high && dayOf(cal, year + 1, 1, 1) <= day) { year++; }
      var rest = day - dayOf(cal, year, 1, 1), month = 1;
      while (rest >= daysIn(cal, year, month)) { rest -= daysIn(cal, year, month); month++; }
      return [year, month, rest + 1];
    },
    /* [month, day] of the first day of a month of the year, or of the year (month null), as
       survey/calendars.py first_day: 1 (of month 1) but in the Myanmar calendar. */
    firstDay: function (cal, year, month) {
      if (cal !== "myanmar" || year < YEARS.myanmar[0] || year > YEARS.myanmar[1]) { return [month || 1, 1]; }
      if (month === null) { return mmFromDay(Math.floor(SY * year + MO + 0.5) + 1).slice(1); }
      for (var d = 1; d <= 30; d++) { if (mmExists(year, month, d)) { return [month, d]; } }
      return [month, 1];
    }
  };
}());
