# Draft translation (machine-assisted): waiting for review by a fluent speaker.
skip-to-content = Перейти до основного змісту
languages-label = Читати цю сторінку іншою мовою
breadcrumbs-label = Де ви зараз
footer-privacy = Цей сайт не використовує файли cookie і стеження та нічого не завантажує з інших сайтів.
all-languages = Усі мови
notice-fallback = Цю сторінку ще не перекладено, тому її показано мовою оригіналу ({ $original }).
notice-stale = Оригінал цієї сторінки ({ $original }) змінився після того, як зробили цей переклад. Деякі відомості тут можуть бути застарілими.
notice-draft = Цей переклад ще не перевірила людина, яка вільно володіє мовою. У ньому можуть бути помилки.
last-checked = Востаннє перевірено:
on-this-page = На цій сторінці
sources-heading = Звідки ця інформація
guide-count = { $count ->
    [one] { $count } посібник
    [few] { $count } посібники
    [many] { $count } посібників
   *[other] { $count } посібника
}
topics-heading = Теми
choose-language = Оберіть мову
not-found-title = Сторінку не знайдено
not-found-text = Ми не можемо знайти цю сторінку. Можливо, її перенесли. Оберіть мову, щоб почати знову.
listen = Прослухати цю сторінку
listen-stop = Зупинити читання
quick-exit = Вийти з цієї сторінки
quick-exit-hint = Або натисніть клавішу Shift 3 рази. Це відкриє сайт погоди BBC.
print-guide = Надрукувати цей посібник
handout-label = Версія для друку
handout-pdf = Завантажити PDF для друку
handout-back = Повернутися до посібника
handout-qr = QR-код: відскануйте його камерою телефона, щоб відкрити цей посібник онлайн
handout-online = Читайте цей посібник онлайн:
handouts-title = Матеріали для друку
handouts-intro = Кожен посібник є у форматі A4 для чорно-білого друку. На кожному аркуші є QR-код, який відкриває той самий посібник онлайн тією самою мовою.
handout-print-all = Завантажити всі посібники одним PDF
handout-bilingual-pdf = Двомовний PDF ({ $language } і { $original })
