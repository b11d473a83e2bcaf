# Draft translation (machine-assisted): waiting for review by a fluent speaker.
site-title = Дороговказ: ваші права брати участь у житті Великої Британії
