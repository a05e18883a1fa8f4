"""Template fragments rendered once per process for a given content, then reused.

A long, data-driven fragment (the home page's world map, the 194 rows of the member states
table) costs most of its page's time in the template engine. `render_once(template, key,
context)` keys the rendered HTML by the template, the active language and `key`, which must hold
everything the fragment shows: a change of any shown value is a new key, so nothing needs to be
invalidated; the least recently used fragments are dropped beyond `MAX_FRAGMENTS`.
"""

from collections import OrderedDict

from django.template.loader import render_to_string
from django.utils.translation import get_language

MAX_FRAGMENTS = 64
_rendered = {}  # template name: its fragments, least recently used first


def render_once(template_name, key, context):
    """`context` may be a callable, called only when the fragment is rendered. Each template
    keeps its own `MAX_FRAGMENTS`, so many keys of one (the catalogue's facets of each search)
    do not push out another's."""
    rendered = _rendered.setdefault(template_name, OrderedDict())
    full_key = (get_language(), key)
    html = rendered.get(full_key)
    if html is None:
        html = render_to_string(template_name, context() if callable(context) else context)
        rendered[full_key] = html
        while len(rendered) > MAX_FRAGMENTS:
            rendered.popitem(last=False)
    else:
        rendered.move_to_end(full_key)
    return html


def shown_values(*instances):
    """The values of every concrete field of model instances (None stays None), hashable: a
    fragment's key for what it shows of those rows (a new column is covered too)."""
    return tuple(
        None
        if instance is None
        else tuple(frozen(getattr(instance, f.attname)) for f in instance._meta.concrete_fields)
        for instance in instances
    )


def frozen(value):
    """`value` with its dicts and lists made tuples (hashable)."""
    if isinstance(value, dict):
        return tuple((k, frozen(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(frozen(v) for v in value)
    return value
