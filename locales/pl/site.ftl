# Draft translation (machine-assisted): waiting for review by a fluent speaker.
site-title = Drogowskaz: twoje prawo do udziału w życiu Wielkiej Brytanii
