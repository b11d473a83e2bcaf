# Draft translation (machine-assisted): waiting for review by a fluent speaker.
skip-to-content = Saltar al contenido principal
languages-label = Leer esta página en otro idioma
breadcrumbs-label = Dónde está
footer-privacy = Este sitio no usa cookies ni seguimiento, y no carga nada de otros sitios web.
all-languages = Todos los idiomas
notice-fallback = Esta página aún no está traducida, así que se muestra en el idioma original ({ $original }).
notice-stale = La versión original de esta página ({ $original }) ha cambiado desde que se hizo esta traducción. Algunos datos pueden estar desactualizados.
notice-draft = Esta traducción aún no la ha revisado una persona que hable bien el idioma. Puede contener errores.
last-checked = Última revisión:
on-this-page = En esta página
sources-heading = De dónde viene esta información
guide-count = { $count ->
    [one] { $count } guía
   *[other] { $count } guías
}
topics-heading = Temas
choose-language = Elija su idioma
not-found-title = Página no encontrada
not-found-text = No encontramos esta página. Puede que se haya movido. Elija su idioma para empezar de nuevo.
listen = Escuchar esta página
listen-stop = Dejar de escuchar
quick-exit = Salir de esta página
quick-exit-hint = O pulse la tecla Mayúsculas (Shift) 3 veces. Esto le lleva a la web del tiempo de la BBC.
print-guide = Imprimir esta guía
handout-label = Versión para imprimir
handout-pdf = Descargar el folleto en PDF
handout-back = Volver a la guía
handout-qr = Código QR: escanéelo con la cámara del teléfono para abrir esta guía en internet
handout-online = Lea esta guía en internet:
handouts-title = Folletos para imprimir
handouts-intro = Cada guía está disponible como folleto A4 para imprimir en blanco y negro. Cada folleto tiene un código QR que abre la misma guía en internet en el mismo idioma.
handout-print-all = Descargar todas las guías en un solo PDF
handout-bilingual-pdf = PDF bilingüe ({ $language } y { $original })
