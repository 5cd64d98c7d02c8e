/* File questions on the offline kiosk page: a chosen file (or a drawing, draw.js) is checked as the
   server checks it (size, empty, kind; the same messages, data.messages.files) and kept in IndexedDB
   (the outbox's store `files`, a Blob with its name, type and size) under the draft's id, so that a
   language switch keeps it. At the end the draft's files go into the outbox item and leave the store
   in one transaction. Files of any other draft are deleted when the page opens (and on the start
   screen, outbox.js): the next person never reaches them. A repeat instance removed takes its files,
   the later instances' files move down with their answers (`carry`). */
window.KioskFiles = function (ctx) {
  "use strict";
  var O = window.KioskOutbox, m = ctx.data.messages.files, chosen = {};
  var media = { image: 1, audio: 1, video: 1, file: 1 };

  function isFile(q) { return !!media[q.type]; }
  function input(q) { return ctx.form.querySelector("input[type=file][name='" + q.field + "']"); }
  function box(q) { return document.getElementById(q.field + "-box"); }
  function byField(name) { return ctx.questions().filter(function (q) { return q.field === name && isFile(q); })[0]; }

  /* The server's services.media.accepts, on what the browser says (the server reads the bytes). */
  function accepts(accept, file) {
    var wanted = accept.split(",").map(function (a) { return a.trim().toLowerCase(); }).filter(Boolean);
    var type = (file.type || "").toLowerCase(), dot = file.name.lastIndexOf(".");
    var extension = dot >= 0 ? file.name.slice(dot).toLowerCase() : "";
    return !wanted.length || wanted.some(function (item) {
      return item === type || item === "*/*" || item === type.split("/")[0] + "/*" || item === extension;
    });
  }
  function problem(q, file) {
    if (file.size > ctx.data.uploadMax) { return m.tooLarge; }
    if (!file.size) { return m.empty; }
    return accepts(input(q).getAttribute("accept") || "", file) ? null : m.kind[q.name];
  }

  function say(q, message) {
    var old = document.getElementById(q.field + "-error"), b = box(q);
    if (old) { old.parentNode.removeChild(old); }
    b.classList.toggle("has-error", !!message);
    if (!message) { input(q).removeAttribute("aria-invalid"); return; }
    var p = document.createElement("p");
    p.className = "error";
    p.id = q.field + "-error";
    p.textContent = message;
    var anchor = b.querySelector("label[for], legend");
    if (anchor) { anchor.insertAdjacentElement("afterend", p); } else { b.insertBefore(p, b.firstChild); }
    input(q).setAttribute("aria-invalid", "true");
    input(q).setAttribute("aria-describedby", p.id);
  }
  function note(q) {
    var id = q.field + "-chosen", p = document.getElementById(id);
    if (!chosen[q.name]) { if (p) { p.parentNode.removeChild(p); } return; }
    if (!p) {
      p = document.createElement("p");
      p.className = "current-file";
      p.id = id;
      input(q).insertAdjacentElement("beforebegin", p);
    }
    p.textContent = m.chosen.replace("{name}", chosen[q.name].name);
  }

  function files(mode, work, stores) { return O.run(mode, work, stores || [O.FILES]); }
  function keep(q, file) {
    var item = { id: ctx.id() + "|" + q.name, draft: ctx.id(), key: q.name, name: file.name,
      type: file.type, size: file.size, blob: file };
    return files("readwrite", function (tx) { return tx.objectStore(O.FILES).put(item); })
      .then(function () { chosen[q.name] = item; });
  }
  function drop(q) {
    delete chosen[q.name];
    return files("readwrite", function (tx) { return tx.objectStore(O.FILES).delete(ctx.id() + "|" + q.name); });
  }

  ctx.form.addEventListener("change", function (event) {
    var q = event.target.type === "file" && byField(event.target.name);
    if (!q) { return; }
    var file = event.target.files && event.target.files[0], refused = file && problem(q, file);
    say(q, refused || "");
    if (refused) { event.target.value = ""; return; }
    (file ? keep(q, file) : drop(q)).then(function () { note(q); ctx.changed(); });
  });

  /* This draft's files back (a language switch reloads the page); every other draft's deleted. */
  var ready = files("readwrite", function (tx) {
    var store = tx.objectStore(O.FILES), all = store.getAll();
    all.onsuccess = function () {
      all.result.forEach(function (r) { if (r.draft === ctx.id()) { chosen[r.key] = r; } else { store.delete(r.id); } });
    };
    return all;
  }).then(function () {
    ctx.questions().filter(isFile).forEach(function (q) { if (input(q)) { note(q); } });
    ctx.changed();
  });

  /* A repeat instance removed: `rename(map)` renames the files' keys in place as the answers' keys
     move (survey-repeats.js remove), dropping the removed instance's; the store follows. */
  function carry(rename) {
    var before = Object.keys(chosen).map(function (key) { return chosen[key]; });
    rename(chosen);
    var moved = [];
    Object.keys(chosen).forEach(function (key) {
      var r = chosen[key];
      if (r.key !== key) {
        chosen[key] = { id: ctx.id() + "|" + key, draft: r.draft, key: key, name: r.name, type: r.type,
          size: r.size, blob: r.blob };
        moved.push(chosen[key]);
      }
    });
    var kept = moved.concat(Object.keys(chosen).map(function (key) { return chosen[key]; }));
    return files("readwrite", function (tx) {
      var store = tx.objectStore(O.FILES), last;
      before.forEach(function (r) { if (kept.indexOf(r) < 0) { last = store.delete(r.id); } });
      moved.forEach(function (r) { last = store.put(r); });
      return last || store.count();
    });
  }

  /* The finished response into the outbox with the files of `keys`; the draft's files leave the store. */
  function finish(item, keys) {
    return files("readwrite", function (tx) {
      var store = tx.objectStore(O.FILES), all = store.getAll();
      all.onsuccess = function () {
        item.files = {};
        all.result.forEach(function (r) {
          if (r.draft === ctx.id() && keys.indexOf(r.key) >= 0) {
            item.files[r.key] = { name: r.name, type: r.type, size: r.size, blob: r.blob };
          }
          store.delete(r.id);
        });
        tx.objectStore(O.STORE).put(item);
      };
      return all;
    }, [O.STORE, O.FILES]).then(O.show);
  }

  return { isFile: isFile, value: function (q) { return chosen[q.name] ? chosen[q.name].name : ""; },
    ready: ready, finish: finish, carry: carry };
};
