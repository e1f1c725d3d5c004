"""``/docs``: a self-contained HTML page rendered on the server from the merged OpenAPI document.

No script, no CDN: it works on a closed government network and with a screen reader.
"""

from __future__ import annotations

from html import escape
from typing import Any

from gateway.openapi import HTTP_METHODS, Document

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:64rem;
padding:1rem 1.5rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}
details{border:1px solid #ddd;border-radius:4px;margin:.4rem 0;padding:.3rem .6rem}
summary{cursor:pointer}code{font-size:.95em}
.m{display:inline-block;min-width:4.5rem;font-weight:700;font-family:monospace}
.get{color:#075985}.post{color:#166534}.put,.patch{color:#92400e}.delete{color:#991b1b}
.warn{background:#fff4e5;border:1px solid #f0b35b;padding:.5rem 1rem}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
"""


def _operations(doc: Document) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
    groups: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for path, item in (doc.get("paths") or {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                for tag in operation.get("tags") or ["khác"]:
                    groups.setdefault(tag, []).append((method, path, operation))
    return groups


def _operation_html(method: str, path: str, op: dict[str, Any]) -> str:
    summary = op.get("summary") or op.get("operationId") or ""
    parts = [
        f'<details id="{escape(op.get("operationId") or f"{method}-{path}")}"><summary>'
        f'<span class="m {method}">{method.upper()}</span> <code>{escape(path)}</code> — {escape(summary)}'
        "</summary>"
    ]
    if op.get("description"):
        parts.append(f"<p>{escape(op['description'])}</p>")
    params = [p for p in op.get("parameters") or [] if isinstance(p, dict) and "name" in p]
    if params:
        rows = "".join(
            f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(str(p.get('in', '')))}</td>"
            f"<td>{'có' if p.get('required') else 'không'}</td>"
            f"<td>{escape(str(p.get('description', '')))}</td></tr>"
            for p in params
        )
        parts.append(
            "<table><thead><tr><th>Tham số</th><th>Vị trí</th><th>Bắt buộc</th><th>Mô tả</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    statuses = ", ".join(escape(str(code)) for code in (op.get("responses") or {}))
    if statuses:
        parts.append(f"<p>Mã phản hồi: {statuses}</p>")
    if op.get("x-motcua-service"):
        parts.append(f"<p>Dịch vụ: <code>{escape(str(op['x-motcua-service']))}</code></p>")
    parts.append("</details>")
    return "".join(parts)


def render_docs(doc: Document) -> str:
    """The docs page: operations grouped by tag, with links to the raw document."""
    info = doc.get("info") or {}
    tag_docs = {t.get("name"): t.get("description", "") for t in doc.get("tags") or [] if isinstance(t, dict)}
    body = [
        f"<h1>Tài liệu API — {escape(str(info.get('title', 'motcua')))}</h1>",
        f"<p>{escape(str(info.get('description', '')))}</p>",
        '<p>Tài liệu OpenAPI 3.1 đầy đủ (máy đọc được): <a href="/openapi.json">/openapi.json</a>. '
        "Lỗi được trả về theo RFC 9457 (<code>application/problem+json</code>); "
        "gửi <code>Accept-Language: en</code> để nhận thông báo tiếng Anh.</p>",
    ]
    unavailable = doc.get("x-motcua-unavailable") or []
    if unavailable:
        names = ", ".join(escape(str(s)) for s in unavailable)
        body.append(
            f'<p class="warn" role="status">Tạm thời thiếu tài liệu của dịch vụ: {names} '
            "(dịch vụ không phản hồi).</p>"
        )
    groups = _operations(doc)
    if groups:
        body.append('<nav aria-label="Nhóm API"><ul>')
        body.extend(f'<li><a href="#tag-{escape(tag)}">{escape(tag)}</a></li>' for tag in sorted(groups))
        body.append("</ul></nav>")
    for tag in sorted(groups):
        body.append(f'<section><h2 id="tag-{escape(tag)}">{escape(tag)}</h2>')
        if tag_docs.get(tag):
            body.append(f"<p>{escape(str(tag_docs[tag]))}</p>")
        body.extend(_operation_html(m, p, op) for m, p, op in groups[tag])
        body.append("</section>")
    if not groups:
        body.append("<p>Chưa có API nào (các dịch vụ chưa sẵn sàng).</p>")
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Tài liệu API motcua</title><style>{_STYLE}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>"
    )
