<?xml version="1.0" encoding="UTF-8"?>
<!--
  What a browser shows for one of Candle's RSS or Atom feeds: a readable page saying what a feed
  is and how to follow it, with the feed's newest items. Feed readers ignore it. Served by Candle
  from its own origin under a hashed name (the stylesheet link below is filled in at start), so
  it needs nothing the Content-Security-Policy does not already allow: no inline style or script.
  Text is copied with value-of (escaped); nothing is output unescaped.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="description" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="page" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>
  <xsl:variable name="self" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <link rel="stylesheet" href="{{site.css}}"/>
      </head>
      <body>
        <main id="main" class="page feed-preview">
          <header class="page-header">
            <p class="page-header__sub">This is a news feed</p>
            <h1><xsl:value-of select="$title"/></h1>
            <p><xsl:call-template name="unescape"><xsl:with-param name="text" select="$description"/></xsl:call-template></p>
          </header>
          <section aria-labelledby="feed-how">
            <h2 id="feed-how">Follow it in a feed reader</h2>
            <p>Copy this address into your feed reader or news app to get every new item as it is published:</p>
            <p><code><xsl:value-of select="$self"/></code></p>
            <p><a href="{$page}">Read these items on the site</a></p>
          </section>
          <section aria-labelledby="feed-items">
            <h2 id="feed-items">Newest items</h2>
            <ul class="feed-preview__items">
              <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
            </ul>
          </section>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <h3><a href="{link}"><xsl:value-of select="title"/></a></h3>
      <p><xsl:value-of select="pubDate"/></p>
      <p><xsl:call-template name="unescape"><xsl:with-param name="text" select="description"/></xsl:call-template></p>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <h3>
        <a href="{atom:link[not(@rel)]/@href | atom:link[@rel='alternate']/@href}">
          <xsl:call-template name="unescape"><xsl:with-param name="text" select="atom:title"/></xsl:call-template>
        </a>
      </h3>
      <p><xsl:value-of select="substring(atom:published, 1, 10)"/></p>
      <p><xsl:call-template name="unescape"><xsl:with-param name="text" select="atom:summary"/></xsl:call-template></p>
    </li>
  </xsl:template>

  <!--
    Titles and summaries travel as escaped HTML (&amp;amp; for &amp;): shown as the text they
    stand for, still through value-of, so nothing becomes markup.
  -->
  <xsl:template name="unescape">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="contains($text, '&amp;')">
        <xsl:value-of select="substring-before($text, '&amp;')"/>
        <xsl:variable name="rest" select="substring-after($text, '&amp;')"/>
        <xsl:choose>
          <xsl:when test="starts-with($rest, 'amp;')">&amp;<xsl:call-template name="unescape"><xsl:with-param name="text" select="substring($rest, 5)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'lt;')">&lt;<xsl:call-template name="unescape"><xsl:with-param name="text" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'gt;')">&gt;<xsl:call-template name="unescape"><xsl:with-param name="text" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
          <xsl:otherwise>&amp;<xsl:call-template name="unescape"><xsl:with-param name="text" select="$rest"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
