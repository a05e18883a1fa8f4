"""Safe rendering of resource descriptions (Markdown) and schema.org JSON-LD."""

import json
import re

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def _below_description(match):
    """A heading of the description one level down, at least h3: the page's "Description" (h2)
    holds it, so a body's own "## Scope" does not leave that heading empty."""
    return f"<{match[1]}h{min(6, max(3, int(match[2]) + 1))}"


def render_markdown(text):
    """Markdown to HTML with only harmless tags left: no script, event handler or
    `javascript:` link survives (nh3, the Rust ammonia sanitizer)."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    html = HEADING_TAG.sub(_below_description, html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(cleaned)  # sanitized by nh3 just above


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """A `<script type="application/ld+json">` element whose JSON cannot close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def resource_json_ld(resource, request):
    """schema.org description of a resource (CreativeWork, or SoftwareApplication/Dataset),
    read by `Resource.objects.with_shown_relations()`."""
    types = {
        "global_good": "SoftwareApplication",
        "dataset": "Dataset",
        "training_course": "Course",
    }
    data = {
        "@context": "https://schema.org",
        "@type": types.get(resource.kind, "CreativeWork"),
        "name": resource.title,
        "description": resource.summary,
        "url": request.build_absolute_uri(resource.get_absolute_url()),
        "inLanguage": resource.language_list,
        "publisher": {"@type": "Organization", "name": resource.publisher.name},
        "genre": str(resource.get_kind_display()),
        "license": (
            f"https://spdx.org/licenses/{resource.licence}.html"
            if resource.licence != "all-rights-reserved"
            else None
        ),
        "keywords": [topic["label"] for topic in resource.topic_list],
        "spatialCoverage": [
            {"@type": "Country", "name": state["name_en"], "identifier": state["iso3"]}
            for state in resource.shown_member_states
        ],
        "dateModified": resource.updated_at.isoformat(),
    }
    if resource.publication_year:
        data["datePublished"] = str(resource.publication_year)
    if resource.link:
        data["sameAs"] = resource.link
    return json_ld_script({key: value for key, value in data.items() if value not in (None, [])})
