# The site's own UI strings. They override the theme's strings of the same name.
site-title = Signpost: your rights to take part in UK life
