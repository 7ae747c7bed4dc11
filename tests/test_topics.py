"""Newsletter topics (NEWSLETTER_TOPICS): a category's sign-up box and a CTA with `Topic:` send
the category's tag in the fields each service reads, and index.json lists each email's topics.

The fields, per service (plugins/email_export/topics.py; README "Topics"): Buttondown reads
`email` and a `tag` per tag (its name); Kit `email_address` and `tags[]` (the tag's number);
Mailchimp `EMAIL` and `tags` (numbers), or a group checkbox's own field `group[LIST][BIT]`.
"""

import json

import pytest

ACTION = "https://newsletter.example/subscribe"
SIGNUP = """\
    Title: Get the next story by email
    Button: Send me the stories
    Kind: signup
    Email: New stories every two weeks.

    One honest story every two weeks.
"""


@pytest.fixture
def topics(site):
    """A site with a sign-up CTA as the default, posts in two categories, and a form address."""
    site.write("ctas/newsletter.md", SIGNUP)
    site.post("asked", "About an interview.", Category="Interviews", Date="2026-01-10")
    site.post("moved", "About a move.", Category="Job search", Date="2026-01-12")
    site.settings.update(NEWSLETTER_SIGNUP_ACTION=ACTION, CTA_DEFAULT="newsletter")
    return site


def signup_form(soup):
    """The one sign-up form of a page: (the email field, [(name, value)] of its hidden fields)."""
    [form] = soup.select("main aside.cta form.cta-form")
    assert form["action"] == ACTION and form["method"] == "post"
    [email] = form.select('input[type="email"]')
    assert form.select_one("label")["for"] == email["id"] and email.has_attr("required")
    return email["name"], [(field["name"], field["value"]) for field in form.select('input[type="hidden"]')]


@pytest.mark.parametrize(
    "esp, tag, email_field, hidden",
    [
        ("buttondown", "interviews", "email", [("tag", "interviews")]),
        ("kit", "1234567", "email_address", [("tags[]", "1234567")]),
        ("mailchimp", "7654321", "EMAIL", [("tags", "7654321")]),
        ("mailchimp", "group[364468][2]", "EMAIL", [("group[364468][2]", "2")]),
        ("generic", "interviews", "email", [("tag", "interviews")]),
    ],
)
def test_a_categorys_pages_sign_up_with_its_topic_in_the_services_fields(topics, esp, tag, email_field, hidden):
    topics.build(EMAIL_ESP=esp, NEWSLETTER_TOPICS={"interviews": tag})  # any capitals
    page = topics.soup("category/interviews/index.html")
    assert signup_form(page) == (email_field, hidden)
    assert page.select_one("main aside.cta .cta-title").get_text() == "Get the next story by email"
    # A category without a topic has the form too, with nothing hidden.
    assert signup_form(topics.soup("category/job-search/index.html")) == (email_field, [])
    # Posts' own forms are the CTA's, whatever their category.
    assert signup_form(topics.soup("2026/asked/index.html")) == (email_field, [])


def test_a_cta_with_a_topic_sends_that_tag(topics):
    topics.write("ctas/interview-tips.md", SIGNUP.replace("Kind: signup", "Kind: signup\n    Topic: Interviews"))
    topics.write("ctas/by-tag.md", SIGNUP.replace("Kind: signup", "Kind: signup\n    Topic: interview-stories"))
    topics.post("tips", "Before.\n\n[[cta:interview-tips]]\n\nAfter.\n\n[[cta:by-tag]]", Category="Job search")
    topics.build(NEWSLETTER_TOPICS={"Interviews": "interview-stories"})
    page = topics.soup("2026/tips/index.html")
    forms = {aside["data-cta"]: aside for aside in page.select("main aside.cta")}
    for name in ("interview-tips", "by-tag"):  # a category of NEWSLETTER_TOPICS, or its tag
        hidden = forms[name].select('form input[type="hidden"]')
        assert [(field["name"], field["value"]) for field in hidden] == [("tag", "interview-stories")]
    assert forms["newsletter"].select('input[type="hidden"]') == []  # the default CTA has no topic
    # Feeds and emails link to the Subscribe page instead of a form: no fields to carry.
    assert "interview-stories" not in topics.text("feeds/atom.xml")


def test_index_json_lists_each_emails_topics(topics):
    topics.build("publish", NEWSLETTER_TOPICS={"Interviews": "interviews"})
    emails = {entry["slug"]: entry for entry in json.loads(topics.text("email/index.json"))["emails"]}
    assert emails["asked"]["topics"] == ["interviews"]
    assert emails["moved"]["topics"] == []


def test_no_sign_up_box_without_a_default_sign_up_cta(topics):
    topics.write("ctas/call.md", "Title: Talk to me\nButton: Book a call\nURL: https://cal.example/maya\n\nA call.\n")
    topics.build(CTA_DEFAULT="call", NEWSLETTER_TOPICS={"Interviews": "interviews"})
    assert topics.soup("category/interviews/index.html").select("main aside.cta") == []


# --- mistakes stop the build --------------------------------------------------------------


def test_a_topic_that_names_no_category_or_tag_stops_the_build(topics):
    topics.write("ctas/tips.md", SIGNUP.replace("Kind: signup", "Kind: signup\n    Topic: Interveiws"))
    [line] = topics.build_fails(NEWSLETTER_TOPICS={"Interviews": "interviews"})
    assert line.startswith(f"{topics.content / 'ctas/tips.md'}:4: unknown topic 'Interveiws': "), line
    assert "NEWSLETTER_TOPICS ('Interviews' ('interviews'))" in line
    assert line.endswith("Fix: write one of those categories after Topic:, or add the category and its tag "
                         "to NEWSLETTER_TOPICS in pelicanconf.py"), line


def test_a_topic_on_a_link_cta_stops_the_build(topics):
    topics.write("ctas/call.md", "Title: Talk\nButton: Book\nURL: https://cal.example/maya\nTopic: Interviews\n\nA call.\n")
    [line] = topics.build_fails(NEWSLETTER_TOPICS={"Interviews": "interviews"})
    assert "call.md:4: the CTA has 'Topic: Interviews' but is a link" in line, line
    assert line.endswith("Fix: remove the Topic: line, or write 'Kind: signup' to make it a sign-up form"), line


def test_a_topic_for_a_category_no_post_has_stops_the_build(topics):
    [line] = topics.build_fails(NEWSLETTER_TOPICS={"Interveiws": "interviews"})
    assert line == (
        "pelicanconf.py: NEWSLETTER_TOPICS names the category 'Interveiws', which no post is filed under "
        "(categories: Interviews, Job search). Fix: write the category as the posts' Category: lines do, "
        "or remove that pair"
    )


@pytest.mark.parametrize(
    "esp, tag, words",
    [
        ("kit", "interviews", "but Kit's forms take a tag's number, not its name. Fix: in Kit's Subscribers, click the tag"),
        ("mailchimp", "interviews", "but Mailchimp's forms take a tag's number or a group field"),
        ("mailchimp", "group[12][x]", "but Mailchimp's forms take a tag's number or a group field"),
        ("buttondown", "  ", "both the category and its tag must be written"),
    ],
)
def test_a_tag_the_services_form_cannot_take_stops_the_build(topics, esp, tag, words):
    [line] = topics.build_fails(EMAIL_ESP=esp, NEWSLETTER_TOPICS={"Interviews": tag})
    assert line.startswith("pelicanconf.py: NEWSLETTER_") and words in line, line


def test_topics_written_as_a_list_stop_the_build(topics):
    [line] = topics.build_fails(NEWSLETTER_TOPICS=["Interviews"])
    assert line.startswith("pelicanconf.py: NEWSLETTER_TOPICS is ['Interviews'], but it maps each category"), line
