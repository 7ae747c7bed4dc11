"""Email export for a newsletter service: the export carries the service's merge tags and the
.eml carries working values; both come from one render of the post, and must equal what
rendering each audience on its own writes (a `generic` export is exactly the .eml's audience)."""

import email
from email import policy

import pytest
from bs4 import BeautifulSoup

from conftest import SITEURL
from email_export.settings import ESP_TAGS

# A real unsubscribe address with characters that HTML escapes differently in text and
# in attributes, and a greeting with the name twice and characters that need escaping.
UNSUBSCRIBE_URL = "https://list.example/u?id=7&list=a'b"
GREETING = "Hello {name} & welcome, {name} <3"
BODY = "A post with a [link](https://example.org/?a=1&b=2), a *Café* and a > sign."


def eml_parts(site, slug):
    raw = site.path(f"email/{slug}/message.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=policy.default)
    return [part.get_content().replace("\r\n", "\n") for part in message.iter_parts()]


@pytest.mark.parametrize("esp", ["buttondown", "kit", "mailchimp"])
def test_eml_of_a_service_export_equals_the_generic_export(site, esp):
    site.post("hello", BODY, Title="Hello & <welcome>")
    settings = {"EMAIL_UNSUBSCRIBE_URL": UNSUBSCRIBE_URL, "EMAIL_GREETING": GREETING}
    site.build("publish", EMAIL_ESP="generic", **settings)
    generic_html = site.text("email/hello/email.html")
    generic_text = site.text("email/hello/email.txt")

    site.build("publish", EMAIL_ESP=esp, **settings)
    text, html = eml_parts(site, "hello")
    assert html == generic_html
    assert text == generic_text

    exported = BeautifulSoup(site.text("email/hello/email.html"), "lxml")
    tags = ESP_TAGS[esp]
    assert exported.find("a", string="Unsubscribe")["href"] == tags["unsubscribe"]
    assert exported.find("p", class_="greeting").get_text() == GREETING.replace("{name}", tags["name"])
    sent = BeautifulSoup(html, "lxml")
    assert sent.find("a", string="Unsubscribe")["href"] == UNSUBSCRIBE_URL
    assert sent.find("p", class_="greeting").get_text() == "Hello there & welcome, there <3"
    assert sent.find("a", href="https://example.org/?a=1&b=2") is not None
    assert SITEURL in html
