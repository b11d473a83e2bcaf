# Draft translation (machine-assisted): waiting for review by a fluent speaker.
site-title = Señales: sus derechos para participar en la vida del Reino Unido
