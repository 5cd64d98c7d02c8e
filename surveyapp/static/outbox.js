/* Kiosk outbox: finished responses wait in IndexedDB, under their id, until the server acknowledges
   them. Sending is repeated on load, when the network returns and every 15 s; the server stores a
   response once however often it arrives. A refusal with a reason (4xx) is kept for a staff member,
   never dropped. A response with files (Blobs kept with it) goes as one multipart post, its JSON in
   the part `response` and each file under its answer key, so it is stored with all its files or not
   at all. The files a person is choosing wait in the store `files` (offline-files.js); the start
   screen, where nobody is answering, deletes them: the next person never reaches them. */
window.KioskOutbox = (function () {
  "use strict";
  var NAME = "surveyapp-kiosk";
  var STORE = "outbox";
  var FILES = "files";
  var sending = null;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(NAME, 2);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains(STORE)) { db.createObjectStore(STORE, { keyPath: "id" }); }
        if (!db.objectStoreNames.contains(FILES)) { db.createObjectStore(FILES, { keyPath: "id" }); }
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  /* `work` gets the store (or, for several stores, the transaction): one transaction, all or nothing. */
  function run(mode, work, stores) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(stores || STORE, mode);
        var request = work(stores ? tx : tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(request && request.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function put(item) { return run("readwrite", function (s) { return s.put(item); }).then(show); }
  function all() { return run("readonly", function (s) { return s.getAll(); }); }
  function remove(id) { return run("readwrite", function (s) { return s.delete(id); }); }

  function request(item) {
    var keys = Object.keys(item.files || {});
    if (!keys.length) {
      return { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(item.body) };
    }
    var form = new FormData();
    form.append("response", new Blob([JSON.stringify(item.body)], { type: "application/json" }), "response.json");
    keys.forEach(function (key) { form.append(key, item.files[key].blob, item.files[key].name); });
    return { method: "POST", credentials: "same-origin", body: form };
  }

  function sendOne(item) {
    return fetch(item.send, request(item)).then(function (response) {
      if (response.ok) { return remove(item.id); }
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
        item.problem = response.status;
        return run("readwrite", function (s) { return s.put(item); });
      }
      return null;
    }, function () { return null; });
  }

  function flush() {
    if (sending) { return sending; }
    sending = all().then(function (items) {
      return items.filter(function (item) { return !item.problem; }).reduce(function (chain, item) {
        return chain.then(function () { return sendOne(item); });
      }, Promise.resolve());
    }).catch(function () { return null; }).then(function () { sending = null; return show(); });
    return sending;
  }

  function show() {
    var status = document.getElementById("outbox");
    return all().then(function (items) {
      var problems = items.filter(function (item) { return item.problem; }).length;
      var waiting = items.length - problems;
      document.documentElement.setAttribute("data-outbox", String(waiting));
      if (!status) { return; }
      var text = waiting ? status.getAttribute("data-waiting").replace("{n}", waiting) : "";
      if (problems) { text += (text ? " · " : "") + status.getAttribute("data-problems").replace("{n}", problems); }
      status.textContent = text;
      status.hidden = !text;
    });
  }

  window.addEventListener("online", flush);
  setInterval(flush, 15000);
  if (!document.getElementById("survey-data")) {
    run("readwrite", function (tx) { return tx.objectStore(FILES).clear(); }, [FILES]).catch(function () { return null; });
  }
  flush();
  return { put: put, flush: flush, all: all, run: run, show: show, STORE: STORE, FILES: FILES };
}());
