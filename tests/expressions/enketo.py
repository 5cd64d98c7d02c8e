"""Enketo's own evaluator (openrosa-xpath-evaluator, from node_modules) in Chromium, as a reference.

The package ships CommonJS sources; a small loader gives them `require` in the page (node-forge, which only
its digest() needs, is left out). Expressions are evaluated on an XML instance as Enketo evaluates a form.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "node_modules" / "openrosa-xpath-evaluator"

LOADER = r"""
(function () {
  const cache = {};
  function resolve(from, name) {
    const parts = from.split("/").slice(0, -1);
    name.split("/").forEach(function (p) {
      if (p === "..") { parts.pop(); } else if (p !== ".") { parts.push(p); }
    });
    return parts.join("/");
  }
  function load(from, name) {
    if (name === "node-forge") { return {}; }
    let path = name.charAt(0) === "." ? resolve(from, name) : name + "/src/openrosa-xpath.js";
    if (!(path in SOURCES)) { path += ".js"; }
    if (cache[path]) { return cache[path].exports; }
    const module = { exports: {} };
    cache[path] = module;
    new Function("module", "exports", "require", SOURCES[path])(module, module.exports,
      function (n) { return load(path, n); });
    return module.exports;
  }
  window.orxe = load("", "openrosa-xpath-evaluator")();
  window.enketoEvaluate = function (cases) {
    return cases.map(function (c) {
      const doc = new DOMParser().parseFromString(c.xml, "text/xml");
      const node = doc.evaluate(c.context, doc, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null)
        .singleNodeValue;
      try {
        const r = window.orxe.evaluate(c.expression, node, null, c.type, null);
        const v = c.type === 1 ? r.numberValue : c.type === 2 ? r.stringValue : r.booleanValue;
        return typeof v === "number" && !isFinite(v) ? String(v) : v;
      } catch (e) { return { error: String(e) }; }
    });
  };
}());
"""


def sources() -> dict[str, str]:
    return {
        "openrosa-xpath-evaluator/" + str(p.relative_to(PACKAGE)): p.read_text(encoding="utf-8")
        for p in (PACKAGE / "src").rglob("*.js")
    }


def instance_xml(answers: dict[str, Any], current: str) -> str:
    """<data> with one element per answer (one per node of a node-set) and <cur> for `.`."""
    body = []
    for name, value in sorted(answers.items()):
        for v in value if isinstance(value, tuple) else (value,):
            body.append(f"<{name}>{escape(str(v))}</{name}>")
    return f"<data>{''.join(body)}<cur>{escape(current)}</cur></data>"


def evaluate(page: Any, cases: list[dict[str, Any]]) -> list[Any]:
    """Each case ({xml, expression, type: 1 number, 2 string, 3 boolean, context: a path}) in a page."""
    page.set_content("<!doctype html><title>enketo</title>")
    page.add_script_tag(content=f"const SOURCES = {json.dumps(sources())};\n{LOADER}")
    return page.evaluate("(cases) => window.enketoEvaluate(cases)", cases)
