"""Template fragments rendered once per process for a given content, then reused.

A long, data-driven fragment (the home page's world map, the 194 rows of the member states
table) costs most of its page's time in the template engine. `render_once(template, key,
context)` keys the rendered HTML by the template, the active language and `key`, which must hold
everything the fragment shows: a change of any shown value is a new key, so nothing needs to be
invalidated; the least recently used fragments are dropped beyond `MAX_FRAGMENTS`. `context`
may be a function returning the context, called only when the fragment is rendered (a key
cheaper to get than the data to render, e.g. a digest of the rows).
"""

from collections import OrderedDict

from django.template.loader import render_to_string
from django.utils.translation import get_language

# A country page's profile section is one per member state and language (~30 KB), the home
# page's map ~90 KB: a few MB at most per process.
MAX_FRAGMENTS = 256
_rendered = OrderedDict()


def render_once(template_name, key, context):
    full_key = (template_name, get_language(), key)
    html = _rendered.get(full_key)
    if html is None:
        html = render_to_string(template_name, context() if callable(context) else context)
        _rendered[full_key] = html
        while len(_rendered) > MAX_FRAGMENTS:
            _rendered.popitem(last=False)
    else:
        _rendered.move_to_end(full_key)
    return html
