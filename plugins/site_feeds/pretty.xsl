<?xml version="1.0" encoding="UTF-8"?>
<!--
  How a browser shows our feeds: a short page that says what a feed is and how to
  follow it, and the newest stories. Feed readers ignore this stylesheet.
  One stylesheet serves both formats (Atom and RSS 2.0).
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes"
    doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:variable name="title" select="atom:feed/atom:title | rss/channel/title"/>
    <xsl:variable name="subtitle" select="atom:feed/atom:subtitle | rss/channel/description"/>
    <xsl:variable name="self" select="(atom:feed/atom:link[@rel='self'] | rss/channel/atom:link[@rel='self'])/@href"/>
    <xsl:variable name="home" select="atom:feed/atom:link[@rel='alternate']/@href | rss/channel/link"/>
    <xsl:variable name="format">
      <xsl:choose>
        <xsl:when test="atom:feed">Atom</xsl:when>
        <xsl:otherwise>RSS</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <html lang="{atom:feed/@xml:lang | rss/channel/language}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> (<xsl:value-of select="$format"/> feed)</title>
        <style>
          :root { --bg: #fbf8f3; --surface: #fff; --text: #1f1c19; --muted: #5d564f;
                  --accent: #9a3b1f; --rule: #e3dcd2; color-scheme: light dark; }
          @media (prefers-color-scheme: dark) {
            :root { --bg: #1a1816; --surface: #24211e; --text: #f1ece5; --muted: #b9b0a6;
                    --accent: #f0a07f; --rule: #3a3530; }
          }
          body { margin: 0; background: var(--bg); color: var(--text);
                 font: 1.0625rem/1.6 Georgia, "Times New Roman", serif; }
          main { max-width: 40rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
          h1, h2, .meta, .note { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
          h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 .25rem; }
          .meta { color: var(--muted); margin: 0 0 1.5rem; }
          .note { background: var(--surface); border: 1px solid var(--rule);
                  border-left: 4px solid var(--accent); border-radius: 6px; padding: 1rem 1.25rem; }
          .note p { margin: 0 0 .75rem; }
          .note p:last-child { margin-bottom: 0; }
          code { display: block; overflow-wrap: anywhere; padding: .5rem .75rem; margin-top: .25rem;
                 background: var(--bg); border: 1px solid var(--rule); border-radius: 4px;
                 font: .95rem/1.4 ui-monospace, Menlo, Consolas, monospace; }
          a { color: var(--accent); }
          a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
          h2 { font-size: 1.2rem; margin: 2.5rem 0 1rem; }
          ol { list-style: none; padding: 0; margin: 0; }
          li { padding: .75rem 0; border-top: 1px solid var(--rule); }
          li a { font-size: 1.15rem; }
          time { display: block; color: var(--muted); font-size: .9rem;
                 font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
        </style>
      </head>
      <body>
        <main>
          <h1><xsl:value-of select="$title"/></h1>
          <p class="meta"><xsl:value-of select="$subtitle"/></p>
          <section class="note" aria-label="What this page is">
            <p><strong>This is a feed</strong> (<xsl:value-of select="$format"/>): a free, private
            way to follow a site. It is made for a feed reader, not for reading here.</p>
            <p>To follow these stories, copy this address and paste it into your feed reader
            (such as NetNewsWire, Feedly or Thunderbird). New stories then arrive there by
            themselves, with no account, no tracking and no email.
            <code><xsl:value-of select="$self"/></code></p>
            <p><a href="{$home}">Read the stories on the website instead</a></p>
          </section>
          <h2>Newest stories</h2>
          <ol>
            <xsl:apply-templates select="atom:feed/atom:entry | rss/channel/item"/>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
    </li>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <time><xsl:value-of select="substring(pubDate, 6, 11)"/></time>
    </li>
  </xsl:template>
</xsl:stylesheet>
