"""Feed and email forms of CTAs (lxml), for inline blocks and the end-of-post CTA alike.

Feed form: the CTA's text and a plain link paragraph, no form:

    <div class="cta cta-NAME">
      <p><strong>Title</strong></p> pitch…         (or the `Email:` text when there is one)
      <p class="cta-link"><a href="URL">Button</a></p>
    </div>

A sign-up CTA links to the Subscribe page (CTA_SUBSCRIBE_URL, or its own `URL:`),
since a form endpoint is no page to visit; without `Email:` text it is left out.

Email form: the feed form in a one-cell table with a "bulletproof" button (a table
cell with bgcolor around a styled link): tables and inline styles only, which
Outlook (Word) and every other client render alike.
"""

import copy

import lxml.html
from lxml import etree

from content_forms import new_element, parse_fragment, portable_fragment, replace_element

from .extension import catalog_from

# Compiled once, not per post.
WEB_BLOCKS = etree.XPath(".//aside[@data-cta]")
WEB_BODIES = etree.XPath('./div[@class="cta-body"]')
BUTTON_FONT = "Arial,Helvetica,sans-serif"
TEXT_FONT = "Georgia,'Times New Roman',serif"


def feed_block(web_block, cta, catalog):
    """The feed form of one web CTA block, or None when it has no form for feeds."""
    block = new_element("div", {"class": f"cta cta-{cta.name}"})
    if cta.email:
        for child in list(parse_fragment(catalog.email_text_html(cta))):
            block.append(child)
    elif cta.kind == "signup":
        return None
    else:
        title = etree.SubElement(block, "p")
        etree.SubElement(title, "strong").text = cta.title
        for body in WEB_BODIES(web_block):
            for child in body:
                block.append(copy.deepcopy(child))
    link = etree.SubElement(block, "p", {"class": "cta-link"})
    etree.SubElement(link, "a", {"href": catalog.link_target(cta)}).text = cta.button
    return block


def email_block(feed, colors):
    """The email form of one feed CTA block: a panel table with a bulletproof button."""
    panel = new_element(
        "table",
        {"role": "presentation", "class": feed.get("class"), "width": "100%",
         "cellpadding": "0", "cellspacing": "0", "border": "0",
         "style": "margin:24px 0;border-collapse:collapse"},
    )
    cell = etree.SubElement(
        etree.SubElement(panel, "tr"),
        "td",
        {"bgcolor": colors["panel"],
         "style": f"padding:20px 24px;background-color:{colors['panel']};"
                  f"border-left:4px solid {colors['rule']};color:{colors['text']};"
                  f"font-family:{TEXT_FONT};font-size:17px;line-height:1.5"},
    )
    link = None
    for child in list(feed):
        if child.get("class") == "cta-link":
            link = child.find("a")
        else:
            cell.append(child)
    if link is not None:
        cell.append(bulletproof_button(link.get("href"), link.text_content(), colors))
    return panel


def bulletproof_button(href, label, colors):
    button = new_element(
        "table",
        {"role": "presentation", "class": "cta-button", "cellpadding": "0",
         "cellspacing": "0", "border": "0", "style": "margin:8px 0 0 0;border-collapse:separate"},
    )
    cell = etree.SubElement(
        etree.SubElement(button, "tr"),
        "td",
        {"bgcolor": colors["button"], "align": "center",
         "style": f"background-color:{colors['button']};border-radius:4px"},
    )
    etree.SubElement(
        cell,
        "a",
        {"href": href,
         "style": f"display:inline-block;padding:12px 22px;color:{colors['button_text']};"
                  f"background-color:{colors['button']};font-family:{BUTTON_FONT};font-size:16px;"
                  "font-weight:bold;line-height:1.2;text-decoration:none;border-radius:4px"},
    ).text = label
    return button


def cta_feed_form(article, root):
    """`content_forms.feed_form`: every inline web CTA becomes its feed form."""
    catalog = catalog_from(article.settings)
    for web in WEB_BLOCKS(root):
        cta = catalog.ctas.get(web.get("data-cta")) if catalog else None
        replace_element(web, feed_block(web, cta, catalog) if cta else None)


def is_feed_block(node):
    classes = (node.get("class") or "").split()
    return node.tag == "div" and "cta" in classes


def cta_email_form(article, root):
    """`content_forms.email_form`: every feed CTA block becomes its email form."""
    catalog = catalog_from(article.settings)
    if catalog is None:
        return
    for feed in [node for node in root.iter("div") if is_feed_block(node)]:
        replace_element(feed, email_block(feed, catalog.email_colors))


def end_forms(web_html, cta, catalog):
    """(feed_html, email_html) of a standalone CTA, with absolute URLs."""
    web = WEB_BLOCKS(parse_fragment(web_html))[0]
    feed = feed_block(web, cta, catalog)
    if feed is None:
        return "", ""
    feed_html = portable_fragment(lxml.html.tostring(feed, encoding="unicode"), catalog.base_url)
    wrapper = parse_fragment(feed_html)
    email = email_block(wrapper[0], catalog.email_colors)
    return feed_html, lxml.html.tostring(email, encoding="unicode")

