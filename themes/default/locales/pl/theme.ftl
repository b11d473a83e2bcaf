# Draft translation (machine-assisted): waiting for review by a fluent speaker.
skip-to-content = Przejdź do treści
languages-label = Przeczytaj tę stronę w innym języku
breadcrumbs-label = Gdzie jesteś
footer-privacy = Ta strona nie używa plików cookie ani śledzenia i niczego nie pobiera z innych stron.
all-languages = Wszystkie języki
notice-fallback = Ta strona nie jest jeszcze przetłumaczona, więc pokazujemy ją w języku oryginału ({ $original }).
notice-stale = Oryginał tej strony ({ $original }) zmienił się od czasu przygotowania tego tłumaczenia. Niektóre informacje mogą być nieaktualne.
notice-draft = Tego tłumaczenia nie sprawdziła jeszcze osoba biegle znająca język. Może zawierać błędy.
last-checked = Ostatnio sprawdzono:
on-this-page = Na tej stronie
sources-heading = Skąd pochodzą te informacje
guide-count = { $count ->
    [one] { $count } poradnik
    [few] { $count } poradniki
    [many] { $count } poradników
   *[other] { $count } poradnika
}
topics-heading = Tematy
choose-language = Wybierz język
not-found-title = Nie znaleziono strony
not-found-text = Nie możemy znaleźć tej strony. Mogła zostać przeniesiona. Wybierz język, aby zacząć od nowa.
listen = Odsłuchaj tę stronę
listen-stop = Zatrzymaj czytanie
quick-exit = Opuść tę stronę
quick-exit-hint = Możesz też nacisnąć klawisz Shift 3 razy. Przeniesie cię to na stronę pogody BBC.
print-guide = Wydrukuj ten poradnik
handout-label = Wersja do druku
handout-pdf = Pobierz PDF do druku
handout-back = Wróć do poradnika
handout-qr = Kod QR: zeskanuj go aparatem telefonu, aby otworzyć ten poradnik w internecie
handout-online = Przeczytaj ten poradnik w internecie:
handouts-title = Materiały do druku
handouts-intro = Każdy poradnik jest dostępny jako ulotka A4 do druku w czerni i bieli. Na każdej jest kod QR, który otwiera ten sam poradnik w internecie w tym samym języku.
handout-print-all = Pobierz wszystkie poradniki w jednym PDF
handout-bilingual-pdf = PDF dwujęzyczny ({ $language } i { $original })
