"""The API's docs page, drawn from its OpenAPI schema as plain HTML: no script, no CDN
(FastAPI's Swagger and ReDoc pages load their JavaScript from a CDN, so they are off)."""

from __future__ import annotations

from html import escape
from typing import Any


def _params(op: dict[str, Any]) -> str:
    rows = []
    for p in op.get("parameters", ()):
        schema = p.get("schema", {})
        kind = schema.get("type") or " | ".join(
            s.get("type", "") for s in schema.get("anyOf", ()) if s.get("type") != "null")
        if "enum" in schema:
            kind += " (" + ", ".join(str(v) for v in schema["enum"]) + ")"
        default = f" = {schema['default']}" if "default" in schema else ""
        rows.append(f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p.get('in', ''))}</td>"
                    f"<td>{escape(kind + default)}</td>"
                    f"<td>{escape(p.get('description', ''))}</td></tr>")
    if not rows:
        return ""
    return ("<table><tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr>"
            + "".join(rows) + "</table>")


def docs_page(schema: dict[str, Any]) -> str:
    """One HTML page listing every path, its methods, summary and parameters."""
    info = schema.get("info", {})
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<meta name=viewport content='width=device-width, initial-scale=1'>",
        f"<title>{escape(info.get('title', 'API'))} API</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em}"
        "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;"
        "padding:.2em .5em;text-align:left;vertical-align:top}code{font-size:.95em}</style>",
        "</head><body>",
        f"<h1>{escape(info.get('title', 'API'))} {escape(str(info.get('version', '')))}</h1>",
        f"<p>{escape(info.get('description', ''))}</p>",
        "<p>The machine-readable schema: <a href='/openapi.json'>/openapi.json</a>.</p>",
    ]
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            parts.append(f"<h2><code>{escape(method.upper())} {escape(path)}</code></h2>")
            parts.append(f"<p>{escape(op.get('summary', ''))}</p>")
            parts.append(_params(op))
    parts.append("</body></html>")
    return "\n".join(parts)
