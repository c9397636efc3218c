// Material's bundle takes every <link rel="alternate"> for a language version and
// fetches the sitemap.xml next to it: the whole sitemap (hundreds of KB) on every
// page for our RSS links, and a 404 beside each task feed. The links stay in the
// HTML for feed readers, which read the page source; for the live page they become
// rel="alternate feed", which Material's exact [rel=alternate] match passes over.
for (const link of document.querySelectorAll('link[rel="alternate"][type="application/rss+xml"]')) {
  link.rel = "alternate feed";
}
