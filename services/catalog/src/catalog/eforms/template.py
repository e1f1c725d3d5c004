"""Non-interactive forms (level 2, R-CAT-2): a printable HTML or plain-text form generated from the
e-form's schema, to download, fill by hand and bring to the desk. No external binaries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from catalog.eforms import formats

_BOXES = {formats.PERSONAL_ID: 12, formats.TAX_CODE: 13}


@dataclass(frozen=True)
class FormHeading:
    title: str
    procedure_name: str
    procedure_code: str
    version: int
    agency_name: str | None


@dataclass(frozen=True)
class Line:
    """One printed line: a field to fill, or a section heading (``depth`` for nesting)."""

    label: str
    hint: str
    guidance: str | None
    required: bool
    depth: int
    heading: bool = False
    choices: tuple[str, ...] = ()


def _label(name: str, spec: Mapping[str, Any]) -> str:
    return str(spec.get("title") or name.replace("_", " ").capitalize())


def _hint(spec: Mapping[str, Any]) -> str:
    fmt = spec.get("format")
    if fmt in _BOXES:
        return "□" * _BOXES[fmt]
    if fmt == "date":
        return "ngày …… tháng …… năm ……"
    if spec.get("type") == "boolean":
        return "☐ Có   ☐ Không"
    return "." * 60


def _choices(spec: Mapping[str, Any]) -> tuple[str, ...]:
    if isinstance(spec.get("enum"), list):
        return tuple(str(v) for v in spec["enum"])
    if isinstance(spec.get("oneOf"), list):
        return tuple(str(o.get("title") or o.get("const")) for o in spec["oneOf"] if isinstance(o, Mapping))
    return ()


def lines(
    schema: Mapping[str, Any], guidance: Mapping[str, str], prefix: str = "", depth: int = 0
) -> list[Line]:
    """The form's fields in schema order, nested objects as sections, arrays as three blank rows."""
    out: list[Line] = []
    required = set(schema.get("required") or ())
    for name, spec in (schema.get("properties") or {}).items():
        if not isinstance(spec, Mapping):
            continue
        path = f"{prefix}{name}"
        label = _label(name, spec)
        items = spec.get("items") if isinstance(spec.get("items"), Mapping) else None
        if spec.get("type") == "object":
            out.append(Line(label, "", guidance.get(path), name in required, depth, heading=True))
            out += lines(spec, guidance, f"{path}.", depth + 1)
        elif spec.get("type") == "array" and items is not None and items.get("type") == "object":
            out.append(Line(label, "", guidance.get(path), name in required, depth, heading=True))
            for row in range(1, 4):
                out.append(Line(f"{label} ({row})", "", None, False, depth + 1, heading=True))
                out += lines(items, guidance, f"{path}.", depth + 2)
        else:
            out.append(
                Line(label, _hint(spec), guidance.get(path), name in required, depth, choices=_choices(spec))
            )
    return out


_NATIONAL_HEADER = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
_SIGNATURE = ("……, ngày …… tháng …… năm ……", "NGƯỜI KHAI", "(Ký, ghi rõ họ tên)")


def render_text(heading: FormHeading, body: list[Line]) -> str:
    out = [*_NATIONAL_HEADER, "", heading.title.upper(), ""]
    if heading.agency_name:
        out.append(f"Kính gửi: {heading.agency_name}")
    out.append(
        f"Thủ tục: {heading.procedure_name} (mã {heading.procedure_code}, phiên bản {heading.version})"
    )
    out.append("")
    for line in body:
        indent = "    " * line.depth
        mark = " (*)" if line.required else ""
        if line.heading:
            out.append(f"{indent}{line.label}{mark}:")
        elif line.choices:
            out.append(f"{indent}{line.label}{mark}: " + "   ".join(f"☐ {c}" for c in line.choices))
        else:
            out.append(f"{indent}{line.label}{mark}: {line.hint}")
        if line.guidance:
            out.append(f"{indent}    Hướng dẫn: {line.guidance}")
    out += ["", "(*) Thông tin bắt buộc.", "", *(" " * 40 + s for s in _SIGNATURE), ""]
    return "\n".join(out)


def render_html(heading: FormHeading, body: list[Line]) -> str:
    e = escape
    rows = []
    for line in body:
        style = f' style="margin-left:{line.depth * 1.5}em"'
        mark = ' <span class="req">(*)</span>' if line.required else ""
        if line.heading:
            rows.append(f"<h3{style}>{e(line.label)}{mark}</h3>")
        else:
            value = "&nbsp;&nbsp;".join(f"☐ {e(c)}" for c in line.choices) if line.choices else e(line.hint)
            rows.append(f'<p{style}><span class="label">{e(line.label)}{mark}:</span> {value}</p>')
        if line.guidance:
            rows.append(f'<p class="guide"{style}>Hướng dẫn: {e(line.guidance)}</p>')
    agency = f"<p>Kính gửi: {e(heading.agency_name)}</p>" if heading.agency_name else ""
    signature = "<br>".join(e(s) for s in _SIGNATURE)
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{e(heading.title)}</title>
<style>body{{font-family:"Times New Roman",serif;max-width:46em;margin:2em auto;line-height:1.6}}
.center{{text-align:center}}.req{{color:#b00}}.guide{{font-style:italic;color:#444;font-size:.9em}}
.label{{font-weight:bold}}.sign{{margin-left:55%;text-align:center;margin-top:3em}}
@media print{{.guide{{color:#000}}}}</style></head>
<body><div class="center"><strong>{e(_NATIONAL_HEADER[0])}</strong><br><u>{e(_NATIONAL_HEADER[1])}</u></div>
<h2 class="center">{e(heading.title.upper())}</h2>{agency}
<p>Thủ tục: {e(heading.procedure_name)} (mã {e(heading.procedure_code)}, phiên bản {heading.version})</p>
{"".join(rows)}
<p><span class="req">(*)</span> Thông tin bắt buộc.</p>
<p class="sign">{signature}</p></body></html>
"""
