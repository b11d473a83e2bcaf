# Draft translation (machine-assisted): waiting for review by a fluent speaker.
site-title = راهنما: حق شما برای مشارکت در زندگی در بریتانیا
