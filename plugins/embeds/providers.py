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
    recogniser = HOST_KINDS.get(host)
    return recogniser(path, query) if recogniser else None


def _youtube(path, query):
    if path.rstrip("/") == "/watch" and _one(query, "v", YOUTUBE_ID):
        return "youtube", "video"
    if path.rstrip("/") == "/playlist" and _one(query, "list", YOUTUBE_LIST):
        return "youtube", "playlist"
    return ("youtube", "video") if YOUTUBE_PATH.fullmatch(path) else None


def _youtube_short(path, query):
    return ("youtube", "video") if YOUTUBE_ID.fullmatch(path[1:].rstrip("/")) else None


def _youtube_nocookie(path, query):
    return ("youtube", "video") if path.startswith("/embed/") and YOUTUBE_PATH.fullmatch(path) else None


def _vimeo(path, query):
    return ("vimeo", "video") if VIMEO_PATH.fullmatch(path) else None


def _vimeo_player(path, query):
    return ("vimeo", "video") if VIMEO_PLAYER_PATH.fullmatch(path) else None


def _spotify(path, query):
    match = SPOTIFY_PATH.fullmatch(path)
    return ("spotify", SPOTIFY_KINDS[match.group("kind")]) if match else None


def _apple_podcasts(path, query):
    if not APPLE_PATH.fullmatch(path):
        return None
    return "apple-podcasts", "podcast episode" if _one(query, "i", re.compile(r"\d+")) else "podcast"


def _soundcloud_short(path, query):
    return ("soundcloud", "audio") if SOUNDCLOUD_SHORT.fullmatch(path) else None


def _soundcloud(path, query=None):
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


# Which recogniser reads an address on each host.
HOST_KINDS = {
    **{host: _youtube for host in YOUTUBE_HOSTS},
    "youtu.be": _youtube_short,
    "youtube-nocookie.com": _youtube_nocookie, "www.youtube-nocookie.com": _youtube_nocookie,
    "vimeo.com": _vimeo, "www.vimeo.com": _vimeo,
    "player.vimeo.com": _vimeo_player,
    "open.spotify.com": _spotify,
    "podcasts.apple.com": _apple_podcasts,
    **{host: _soundcloud for host in SOUNDCLOUD_HOSTS},
    "on.soundcloud.com": _soundcloud_short,
}
