"""Which addresses are something to watch or listen to, and on which site.

`recognise(address)` reads an address with `urllib.parse` and checks it against the forms
each provider's share buttons and address bars give; anything else (a channel, a profile,
another site that borrows a name: `youtube.com.example.net`) is None, and stays a link.

    YouTube         youtube.com/watch?v=ID, youtu.be/ID, youtube.com/shorts/ID, /live/ID,
                    /embed/ID (also youtube-nocookie.com), youtube.com/playlist?list=ID
    Vimeo           vimeo.com/NUMBER (/HASH of an unlisted video), vimeo.com/channels/NAME/NUMBER,
                    player.vimeo.com/video/NUMBER
    Spotify         open.spotify.com/(intl-xx/)(episode|show|track|playlist|album)/ID
    Apple Podcasts  podcasts.apple.com/(cc/)podcast/(name/)idNUMBER (?i=NUMBER: one episode)
    SoundCloud      soundcloud.com/USER/TRACK, soundcloud.com/USER/sets/NAME, on.soundcloud.com/CODE
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Provider:
    name: str  # the CSS class and the tree's attribute: embed-youtube
    label: str  # what a reader sees: "YouTube"
    verb: str  # "Watch" or "Listen", for the play link: "Watch on YouTube"

    @property
    def play(self):
        return f"{self.verb} on {self.label}"


PROVIDERS = {
    provider.name: provider
    for provider in (
        Provider("youtube", "YouTube", "Watch"),
        Provider("vimeo", "Vimeo", "Watch"),
        Provider("spotify", "Spotify", "Listen"),
        Provider("apple-podcasts", "Apple Podcasts", "Listen"),
        Provider("soundcloud", "SoundCloud", "Listen"),
    )
}


@dataclass(frozen=True)
class Embed:
    provider: Provider
    kind: str  # what it is, in words: "video", "podcast episode", "playlist"
    url: str  # as the coach wrote it


YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
YOUTUBE_PATH = re.compile(r"/(?:shorts|live|embed)/(?P<id>[A-Za-z0-9_-]{11})/?")
YOUTUBE_LIST = re.compile(r"[A-Za-z0-9_-]{10,64}")
VIMEO_PATH = re.compile(r"/(?:channels/[\w-]+/)?\d+(?:/[0-9a-f]{6,})?/?")
VIMEO_PLAYER_PATH = re.compile(r"/video/\d+/?")
SPOTIFY_PATH = re.compile(r"(?:/intl-[a-z]{2}(?:-[a-z]{2})?)?/(?P<kind>episode|show|track|playlist|album)/[A-Za-z0-9]{22}/?")
SPOTIFY_KINDS = {"episode": "podcast episode", "show": "podcast", "track": "track", "playlist": "playlist",
                 "album": "album"}
APPLE_PATH = re.compile(r"(?:/[a-z]{2})?/podcast/(?:[^/]+/)?id\d+/?")
SOUNDCLOUD_HOSTS = {"soundcloud.com", "www.soundcloud.com", "m.soundcloud.com"}
SOUNDCLOUD_NAME = r"[A-Za-z0-9_-]+"
SOUNDCLOUD_TRACK = re.compile(rf"/(?P<user>{SOUNDCLOUD_NAME})/(?P<track>{SOUNDCLOUD_NAME})/?")
SOUNDCLOUD_SET = re.compile(rf"/(?P<user>{SOUNDCLOUD_NAME})/sets/{SOUNDCLOUD_NAME}/?")
SOUNDCLOUD_SHORT = re.compile(r"/[A-Za-z0-9]+/?")
# SoundCloud's own pages (soundcloud.com/discover/...) and a profile's tabs (USER/likes): no sound.
SOUNDCLOUD_SITE_PAGES = {"discover", "search", "stream", "you", "upload", "charts", "pages", "settings",
                         "messages", "notifications", "people", "tags", "popular", "jobs", "imprint",
                         "terms-of-use", "signin", "logout", "mobile"}
SOUNDCLOUD_PROFILE_TABS = {"tracks", "albums", "sets", "likes", "reposts", "following", "followers",
                           "popular-tracks", "comments", "spotlight", "stations"}


def recognise(address):
    """The Embed `address` is, or None when it is no such address."""
    try:
        parts = urlsplit(address)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("https", "http") or port is not None or parts.username or parts.password:
        return None
    host = (parts.hostname or "").lower()
    found = _kind(host, parts.path, parse_qs(parts.query))
    if found is None:
        return None
    name, kind = found
    return Embed(PROVIDERS[name], kind, address)


def _kind(host, path, query):
    """(provider name, kind) of an address's host, path and query, or None."""
    if host in YOUTUBE_HOSTS:
        if path.rstrip("/") == "/watch" and _one(query, "v", YOUTUBE_ID):
            return "youtube", "video"
        if path.rstrip("/") == "/playlist" and _one(query, "list", YOUTUBE_LIST):
            return "youtube", "playlist"
        if YOUTUBE_PATH.fullmatch(path):
            return "youtube", "video"
    elif host == "youtu.be":
        if YOUTUBE_ID.fullmatch(path[1:].rstrip("/")):
            return "youtube", "video"
    elif host in ("youtube-nocookie.com", "www.youtube-nocookie.com"):
        if path.startswith("/embed/") and YOUTUBE_PATH.fullmatch(path):
            return "youtube", "video"
    elif host in ("vimeo.com", "www.vimeo.com"):
        if VIMEO_PATH.fullmatch(path):
            return "vimeo", "video"
    elif host == "player.vimeo.com":
        if VIMEO_PLAYER_PATH.fullmatch(path):
            return "vimeo", "video"
    elif host == "open.spotify.com":
        match = SPOTIFY_PATH.fullmatch(path)
        if match:
            return "spotify", SPOTIFY_KINDS[match.group("kind")]
    elif host == "podcasts.apple.com":
        if APPLE_PATH.fullmatch(path):
            return "apple-podcasts", "podcast episode" if _one(query, "i", re.compile(r"\d+")) else "podcast"
    elif host in SOUNDCLOUD_HOSTS:
        return _soundcloud(path)
    elif host == "on.soundcloud.com":
        if SOUNDCLOUD_SHORT.fullmatch(path):
            return "soundcloud", "audio"
    return None


def _soundcloud(path):
    match = SOUNDCLOUD_SET.fullmatch(path)
    if match and match.group("user").lower() not in SOUNDCLOUD_SITE_PAGES:
        return "soundcloud", "playlist"
    match = SOUNDCLOUD_TRACK.fullmatch(path)
    if (match and match.group("user").lower() not in SOUNDCLOUD_SITE_PAGES
            and match.group("track").lower() not in SOUNDCLOUD_PROFILE_TABS):
        return "soundcloud", "audio"
    return None


def _one(query, name, pattern):
    """Whether the query has `name` once, matching `pattern` whole."""
    values = query.get(name, [])
    return len(values) == 1 and pattern.fullmatch(values[0]) is not None
