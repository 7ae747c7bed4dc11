"""The feed and email forms of callouts: receivers for content_forms' signals (lxml).

Feed readers drop <details>, <aside> styling and most CSS; mail clients keep only
tables and inline styles. Contract other plugins rely on (the plain-text helper finds
`.callout` and reads its `.callout-title`):

  feed   <div class="callout callout-TYPE"><p class="callout-title"><strong>LABEL: Title</strong></p>…body…</div>
         (just LABEL without a title; folded callouts shown open, no details/summary)
         quote: <blockquote class="callout callout-quote">…body…<p class="callout-title">— attribution</p></blockquote>
  email  the feed form's box as <table role="presentation" class="callout callout-TYPE" …><tr><td style=…>
         holding the same title paragraph and body; the quote as an inline-styled blockquote.
"""

from lxml import etree

from content_forms import has_class, new_element, replace_element

from .types import resolve_types

# Compiled once: these run for every callout of every post, twice (feed and email).
LABEL_TEXT = etree.XPath("span[@class='callout-label']//text()", smart_strings=False)
TITLE_TEXT = etree.XPath("strong//text()", smart_strings=False)
TEXT_COLOUR = "#1f2328"
MUTED_COLOUR = "#4f5661"


def callouts(root, *tags):
    """The callouts among root's descendants with these tags, in document order (a list:
    the receivers replace them). Found by tag in C, then by class: no XPath per post."""
    return [element for element in root.iter(*tags) if element is not root and has_class(element, "callout")]


def titles(holder):
    """holder's children of class callout-title."""
    return [child for child in holder if isinstance(child.tag, str) and has_class(child, "callout-title")]


def callout_type_name(element):
    """`tip` from class="callout callout-tip"."""
    for css_class in element.get("class", "").split():
        if css_class.startswith("callout-") and css_class != "callout-title":
            return css_class[len("callout-") :]
    return ""


def move_content(source, target, skip=()):
    """Move source's text and children (except `skip`) to the end of target."""
    if source.text and source.text.strip():
        append_text(target, source.text)
    for child in list(source):
        if child in skip:
            if child.tail and child.tail.strip():
                append_text(target, child.tail)
            continue
        target.append(child)


def append_text(target, text):
    if len(target):
        target[-1].tail = (target[-1].tail or "") + text
    else:
        target.text = (target.text or "") + text


def title_paragraph(heading):
    """<p class="callout-title"><strong>LABEL: Title</strong></p> from the web title."""
    label = "".join(LABEL_TEXT(heading)).strip()
    title = "".join(TITLE_TEXT(heading)).strip()
    text = f"{label} {title}" if title else label.rstrip(":")
    paragraph = new_element("p", {"class": "callout-title"})
    paragraph.append(new_element("strong", text=text))
    return paragraph


def feed_box(aside):
    details = aside.find("details")
    holder = details if details is not None else aside
    heading = titles(holder)
    box = new_element("div", {"class": aside.get("class")})
    box.text = "\n"
    if heading:
        box.append(title_paragraph(heading[0]))
    move_content(holder, box, skip=heading)
    return box


def feed_quote(figure):
    quote = new_element("blockquote", {"class": figure.get("class")})
    body = figure.find("blockquote")
    if body is not None:
        move_content(body, quote)
    caption = figure.find("figcaption")
    if caption is not None:
        attribution = caption.text_content().strip()
        if attribution:
            quote.append(new_element("p", {"class": "callout-title"}, f"\u2014 {attribution}"))
    return quote


def feed_callouts(article, root):
    """content_forms.feed_form: web callouts -> feed callouts (see module docstring)."""
    for element in callouts(root, "aside", "figure"):
        if element.tag == "aside":
            replace_element(element, feed_box(element))
        elif element.tag == "figure":
            replace_element(element, feed_quote(element))


def style(**declarations):
    return "; ".join(f"{name.replace('_', '-')}: {value}" for name, value in declarations.items())


def email_box(box, callout_type):
    table = new_element(
        "table",
        {
            "role": "presentation",
            "class": box.get("class"),
            "width": "100%",
            "cellpadding": "0",
            "cellspacing": "0",
            "border": "0",
            "style": style(border_collapse="collapse", margin="0 0 20px 0"),
        },
    )
    cell = new_element(
        "td",
        {
            "style": style(
                border_left=f"4px solid {callout_type.email_border}",
                background_color=callout_type.email_background,
                padding="12px 16px",
                color=TEXT_COLOUR,
            )
        },
    )
    row = new_element("tr")
    row.append(cell)
    table.append(row)
    for title in titles(box):
        title.set("style", style(margin="0 0 8px 0", color=TEXT_COLOUR))
    move_content(box, cell)
    if len(cell):  # no gap under the last block inside the box
        last = cell[-1]
        last.set("style", "; ".join(filter(None, [last.get("style"), style(margin_bottom="0")])))
    return table


def email_quote(quote, callout_type):
    quote.set(
        "style",
        style(
            margin="0 0 20px 0",
            padding="4px 0 4px 16px",
            border_left=f"4px solid {callout_type.email_border}",
            font_size="20px",
            line_height="1.5",
            font_style="italic",
            color=TEXT_COLOUR,
        ),
    )
    for title in titles(quote):
        title.set("style", style(margin="8px 0 0 0", font_size="15px", font_style="normal", color=MUTED_COLOUR))
    return quote


def email_callouts(article, root):
    """content_forms.email_form: feed callouts -> table boxes and styled quotes, inline
    styles only, colours from the callout types (CALLOUT_TYPES over the defaults)."""
    found = callouts(root, "div", "blockquote")
    if not found:
        return
    types = resolve_types(article.settings.get("CALLOUT_TYPES"))
    for element in found:
        callout_type = types.get(callout_type_name(element), types["note"])
        if element.tag == "div":
            replace_element(element, email_box(element, callout_type))
        elif element.tag == "blockquote":
            email_quote(element, callout_type)
