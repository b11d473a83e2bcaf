# UI strings of signpost's default theme. A site's locales/<lang>/*.ftl override these.
skip-to-content = Skip to main content
languages-label = Read this page in another language
breadcrumbs-label = Where you are
footer-privacy = This site uses no cookies and no tracking, and it loads nothing from other websites.
all-languages = All languages
notice-fallback = This page is not translated into { $language } yet, so it is shown in { $original }.
notice-stale = The { $original } version of this page has changed since this translation was made. Some details here may be out of date.
notice-draft = This translation has not been checked by a fluent speaker yet. It may contain mistakes.
last-checked = Last checked:
on-this-page = On this page
sources-heading = Where this information comes from
guide-count = { $count ->
    [one] { $count } guide
   *[other] { $count } guides
}
topics-heading = Topics
choose-language = Choose your language
not-found-title = Page not found
not-found-text = We cannot find this page. It may have moved. Choose your language to start again.
listen = Listen to this page
listen-stop = Stop listening
quick-exit = Exit this page
quick-exit-hint = Or press the Shift key 3 times. This takes you to the BBC weather website.
print-guide = Print this guide
handout-label = Printable handout
handout-pdf = Download the PDF handout
handout-back = Back to the guide
handout-qr = QR code: scan it with a phone camera to open this guide online
handout-online = Read this guide online:
handouts-title = Printable handouts
handouts-intro = Every guide as an A4 handout for printing in black and white. Each handout has a QR code that opens the same guide online in the same language.
handout-print-all = Download all guides in one PDF
handout-bilingual-pdf = Bilingual PDF ({ $language } and { $original })
