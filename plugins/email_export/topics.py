"""Newsletter topics: each category's tag at the newsletter service (NEWSLETTER_TOPICS).

    NEWSLETTER_TOPICS = {"Interviews": "interviews"}

A reader who signs up on that category's page, or through a CTA with `Topic: Interviews`,
is given that tag by the service, and each email's entry in index.json lists the tags of
its post's category (`topics_of`), so that an issue can go to the readers who asked for it.

Each service reads a sign-up form's fields under its own names (EMAIL_FIELD, TAG_FIELD), checked in
their documentation and their form builders' code:

    buttondown  email, and a `tag` field per tag: the tag's name (or id); a new name
                makes a new tag
    kit         email_address, and a `tags[]` field per tag: the tag's number (its id)
    mailchimp   EMAIL, and one `tags` field with the tags' numbers separated by commas;
                or a group, written `group[LIST][BIT]`, sent as that field with BIT
    generic     email, and a `tag` field per tag

A category is matched as the site matches them, whatever the capitals.
"""

import re
from dataclasses import dataclass

from build.settings import defaults, setting
from writing_checks.errors import AuthorError

from .settings import load_esp

DEFAULTS = defaults({
    # {category: the newsletter service's tag for it}: sign-ups on that category's page carry
    # the tag, and index.json lists each email's tags. Kit and Mailchimp want the tag's number.
    "NEWSLETTER_TOPICS": {},
})

EMAIL_FIELD = {"buttondown": "email", "kit": "email_address", "mailchimp": "EMAIL", "generic": "email"}
TAG_FIELD = {"buttondown": "tag", "kit": "tags[]", "mailchimp": "tags", "generic": "tag"}
NUMBER = re.compile(r"\d+")
MAILCHIMP_GROUP = re.compile(r"group\[(\d+)\]\[(\d+)\]")
# Where each service shows the value to write (README, "Topics").
WHERE = {
    "kit": "in Kit's Subscribers, click the tag and copy the number at the end of the page's address "
           "(…?tag=1234567)",
    "mailchimp": "in Mailchimp's embedded form builder (Audience, Signup forms, Embedded forms), add the tag "
                 "(or tick a group) and copy from the form's code the value of the hidden \"tags\" field (or "
                 "the group checkbox's name, group[…][…])",
}


@dataclass(frozen=True)
class Topics:
    """NEWSLETTER_TOPICS, checked, for one service."""

    esp: str
    tags: dict  # lower-case category name -> tag
    categories: dict  # lower-case category name -> the category as written in the setting

    @property
    def email_field(self):
        """The name the service reads the reader's address under."""
        return EMAIL_FIELD[self.esp]

    def of_category(self, name):
        """The tag of the category `name`, or None."""
        return self.tags.get(str(name).strip().lower())

    def named(self, written):
        """The tag a CTA's `Topic:` names (a category of NEWSLETTER_TOPICS, or one of its
        tags), or None."""
        text = " ".join(str(written).split())
        tag = self.of_category(text)
        if tag is not None:
            return tag
        return next((tag for tag in self.tags.values() if tag.lower() == text.lower()), None)

    def form_fields(self, tags):
        """[(name, value)] of the hidden fields that send `tags` with a sign-up form."""
        tags = list(dict.fromkeys(tag for tag in tags if tag))
        groups = [tag for tag in tags if MAILCHIMP_GROUP.fullmatch(tag)]
        tags = [tag for tag in tags if tag not in groups]
        fields = [(group, MAILCHIMP_GROUP.fullmatch(group).group(2)) for group in groups]
        if self.esp == "mailchimp":
            return ([(TAG_FIELD["mailchimp"], ",".join(tags))] if tags else []) + fields
        return [(TAG_FIELD[self.esp], tag) for tag in tags] + fields

    def listing(self):
        """The categories and tags, for a message: 'Interviews' ('interviews'), ..."""
        return ", ".join(f"{self.categories[key]!r} ({tag!r})" for key, tag in self.tags.items()) or "none yet"


def load(settings):
    """The Topics of these settings; AuthorError (at pelicanconf.py) for a value the service
    cannot take."""
    esp = load_esp(settings)
    written = setting(settings, "NEWSLETTER_TOPICS") or {}
    if not isinstance(written, dict):
        raise AuthorError(
            f"NEWSLETTER_TOPICS is {written!r}, but it maps each category to its tag",
            'write it as NEWSLETTER_TOPICS = {"Interviews": "interviews"}, one "category": "tag" pair '
            "for each category with a tag",
            path="pelicanconf.py",
        )
    tags, categories = {}, {}
    for category, tag in written.items():
        name = " ".join(str(category).split())
        value = " ".join(str(tag if tag is not None else "").split())
        check_tag(esp, name, value)
        tags[name.lower()] = value
        categories[name.lower()] = name
    return Topics(esp=esp, tags=tags, categories=categories)


def check_tag(esp, category, tag):
    """Stop the build for a tag the service's form would not take."""
    if not category or not tag:
        raise AuthorError(
            f"NEWSLETTER_TOPICS maps {category!r} to {tag!r}: both the category and its tag must be written",
            'write each pair as "Category": "tag", or remove the pair',
            path="pelicanconf.py",
        )
    if esp == "kit" and not NUMBER.fullmatch(tag):
        raise AuthorError(
            f"NEWSLETTER_TOPICS gives {category!r} the tag {tag!r}, but Kit's forms take a tag's number, "
            "not its name",
            f"{WHERE['kit']}, and write it as \"{category}\": \"1234567\"",
            path="pelicanconf.py",
        )
    if esp == "mailchimp" and not (NUMBER.fullmatch(tag) or MAILCHIMP_GROUP.fullmatch(tag)):
        raise AuthorError(
            f"NEWSLETTER_TOPICS gives {category!r} the tag {tag!r}, but Mailchimp's forms take a tag's "
            "number or a group field (group[…][…]), not a name",
            WHERE["mailchimp"],
            path="pelicanconf.py",
        )


def topics_of(article, settings):
    """The service's tags of a post (its category's, if NEWSLETTER_TOPICS maps it), for
    index.json and any export that sends to readers by topic."""
    category = getattr(article, "category", None)
    tag = load(settings).of_category(category.name) if category is not None else None
    return [tag] if tag is not None else []


def check_categories(settings, categories):
    """Stop the build for a NEWSLETTER_TOPICS category that no post is filed under (a typo
    would leave that category's sign-ups without their tag); `categories` are every post's,
    drafts' and hidden posts' categories."""
    topics = load(settings)
    known = {str(category).strip().lower() for category in categories}
    for key, name in topics.categories.items():
        if key not in known:
            raise AuthorError(
                f"NEWSLETTER_TOPICS names the category {name!r}, which no post is filed under "
                f"(categories: {', '.join(sorted({str(c) for c in categories}, key=str.lower)) or 'none yet'})",
                "write the category as the posts' Category: lines do, or remove that pair",
                path="pelicanconf.py",
            )
