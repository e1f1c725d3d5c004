"""Checking and rendering template sources: no I/O, so unit tests cover every rule.

Text parts (subject, plain body, SMS) render without escaping; the HTML body renders with
``autoescape``, and when a template has no HTML body it is derived from the rendered text after
escaping it — so event data can never inject markup into an email. Every environment is sandboxed
(templates are written by administrators, not by us) and uses ``StrictUndefined``: a variable the
caller did not supply is an error, never an empty string in a legal notice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from notify.kinds import Channel, MessageKind
from notify.templates.errors import (
    TemplateInvalid,
    TemplateRenderFailed,
    TemplateVariableMissing,
    field_error,
)
from notify.templates.filters import FILTERS
from servicekit.errors import FieldError


@dataclass(frozen=True)
class TemplateSource:
    channel: Channel
    subject: str | None
    body_text: str
    body_html: str | None = None


@dataclass(frozen=True)
class Rendered:
    subject: str | None
    body_text: str
    body_html: str | None = None


@cache
def _environment(html: bool) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=1024)
def _compiled(text: str, html: bool) -> Template:
    """Compiling is most of a render's cost; a template's text never changes once saved."""
    return _environment(html).from_string(text)


def _parts(source: TemplateSource) -> list[tuple[str, str, bool]]:
    parts = [("body_text", source.body_text, False)]
    if source.subject is not None:
        parts.insert(0, ("subject", source.subject, False))
    if source.body_html is not None:
        parts.append(("body_html", source.body_html, True))
    return parts


def check(source: TemplateSource, kind: MessageKind) -> list[str]:
    """Refuse a source that could fail at send time; returns the placeholders it uses.

    Checks the channel's shape, Jinja syntax, that every variable is one the kind supplies, and that
    it renders with the kind's sample data (catches unknown filters and type errors).
    """
    errors: list[FieldError] = _shape_errors(source)
    used: set[str] = set()
    for field, text, html in _parts(source):
        env = _environment(html)
        try:
            names = meta.find_undeclared_variables(env.parse(text)) - set(env.globals)
            env.from_string(text)
        except TemplateSyntaxError as exc:
            errors.append(field_error(field, "syntax_error", line=exc.lineno, reason=exc.message or ""))
            continue
        except TemplateError as exc:
            errors.append(field_error(field, "syntax_error", line=0, reason=str(exc)))
            continue
        unknown = sorted(names - kind.allowed_variables)
        if unknown:
            errors.append(
                field_error(
                    field,
                    "unknown_variable",
                    names=", ".join(unknown),
                    allowed=", ".join(sorted(kind.allowed_variables)),
                )
            )
        used |= names
    if not errors:
        try:
            render(source, kind.sample_variables())
        except (TemplateVariableMissing, TemplateRenderFailed) as exc:
            errors.append(
                field_error("body_text", "sample_render_failed", reason=exc.render_detail(None) or "")
            )
    if errors:
        raise TemplateInvalid(errors=errors)
    return sorted(used)


def _shape_errors(source: TemplateSource) -> list[FieldError]:
    errors: list[FieldError] = []
    if source.channel == Channel.SMS and source.subject is not None:
        errors.append(field_error("subject", "subject_not_allowed"))
    if source.channel != Channel.SMS and not (source.subject or "").strip():
        errors.append(field_error("subject", "subject_required"))
    if source.channel != Channel.EMAIL and source.body_html is not None:
        errors.append(field_error("body_html", "html_not_allowed"))
    return errors


def render(source: TemplateSource, variables: Mapping[str, Any], *, language: str = "vi") -> Rendered:
    """Render every part; a missing variable or a failing filter is a 422-class error."""
    subject = _render(source.subject, variables, html=False) if source.subject is not None else None
    if subject is not None:
        subject = " ".join(subject.split())  # one header line, whatever the template did
    body_text = _render(source.body_text, variables, html=False).strip()
    body_html: str | None = None
    if source.channel == Channel.EMAIL:
        fragment = (
            # Autoescaped output: event data in it is already escaped.
            Markup(_render(source.body_html, variables, html=True))  # noqa: S704
            if source.body_html is not None
            else text_to_html(body_text)
        )
        body_html = html_document(subject or "", fragment, language=language)
    return Rendered(subject=subject, body_text=body_text, body_html=body_html)


def _render(text: str, variables: Mapping[str, Any], *, html: bool) -> str:
    try:
        return _compiled(text, html).render(**variables)
    except UndefinedError as exc:
        name = _undefined_name(str(exc))
        raise TemplateVariableMissing(variable=name) from exc
    except (TemplateError, TypeError, ValueError, ArithmeticError) as exc:
        raise TemplateRenderFailed(reason=str(exc)) from exc


def _undefined_name(message: str) -> str:
    match = re.search(r"'([^']+)' is undefined", message)
    return match.group(1) if match else message


def text_to_html(text: str) -> Markup:
    """Escaped text as HTML: blank lines separate paragraphs, ``- `` lines become a list."""
    blocks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in paragraph.splitlines()]
        if lines and all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(f"<li>{escape(line.lstrip()[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append("<p>" + "<br>\n".join(str(escape(line)) for line in lines) + "</p>")
    return Markup("\n".join(blocks))  # noqa: S704 - every piece of text above went through escape()


def html_document(title: str, content: Markup, *, language: str = "vi") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>\n"
        '<body style="font-family:Arial,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">\n'
        f"{content}\n</body></html>\n"
    )
