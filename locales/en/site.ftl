# The site's own UI strings. They override the theme's strings of the same name.
site-title = Signpost: taking part in UK life
