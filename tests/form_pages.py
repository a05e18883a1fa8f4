"""Reading a rendered form page: its error summary and the fields its links point to."""

from lxml import html as lxml_html


def has_class(name):
    """An XPath predicate: the element's class attribute holds `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def page_tree(response):
    return lxml_html.fromstring(response.content.decode())


def summary_links(tree):
    """The error summary's links as {text: href}, after checking it is announced."""
    [summary] = tree.xpath(f"//*[{has_class('error-summary')}]")
    assert summary.get("role") == "alert"
    assert summary.xpath("string(.//h2)") == "There is a problem"
    return {" ".join(a.text_content().split()): a.get("href") for a in summary.xpath(".//li/a")}


def control(tree, element_id):
    """The input, select or textarea with that id (an error summary link's target)."""
    [element] = tree.xpath("//*[@id=$id]", id=element_id)
    assert element.tag in {"input", "select", "textarea"}, element.tag
    return element


def assert_tied_to_its_error(tree, element_id):
    """The field is marked invalid and described by its error message (on the input, or on
    the fieldset of a group of radio buttons or checkboxes)."""
    element = control(tree, element_id)
    assert element.get("aria-invalid") == "true"
    field_id = element_id.removesuffix("_0")
    described = element if element.get("type") not in {"radio", "checkbox"} else None
    if described is None:
        described = next(element.iterancestors("fieldset"))
    assert f"{field_id}_error" in described.get("aria-describedby", "").split()
    [error] = tree.xpath("//*[@id=$id]", id=f"{field_id}_error")
    return error.text_content()
