# Draft translation (machine-assisted): waiting for review by a fluent speaker.
skip-to-content = رفتن به محتوای اصلی
languages-label = این صفحه را به زبانی دیگر بخوانید
breadcrumbs-label = جایی که هستید
footer-privacy = این سایت از کوکی یا ردیابی استفاده نمی‌کند و چیزی از وب‌سایت‌های دیگر بارگیری نمی‌کند.
all-languages = همهٔ زبان‌ها
notice-fallback = این صفحه هنوز ترجمه نشده است، برای همین به زبان اصلی ({ $original }) نمایش داده می‌شود.
notice-stale = نسخهٔ اصلی این صفحه ({ $original }) پس از این ترجمه تغییر کرده است. ممکن است برخی جزئیات اینجا به‌روز نباشند.
notice-draft = این ترجمه هنوز توسط کسی که به این زبان مسلط است بررسی نشده است. ممکن است اشتباه داشته باشد.
last-checked = آخرین بررسی:
on-this-page = در این صفحه
sources-heading = منبع این اطلاعات
guide-count = { $count ->
    [one] { $count } راهنما
   *[other] { $count } راهنما
}
topics-heading = موضوع‌ها
choose-language = زبان خود را انتخاب کنید
not-found-title = صفحه پیدا نشد
not-found-text = این صفحه را پیدا نمی‌کنیم. شاید جابه‌جا شده باشد. برای شروع دوباره، زبان خود را انتخاب کنید.
listen = این صفحه را بشنوید
listen-stop = توقف خواندن
quick-exit = خروج از این صفحه
quick-exit-hint = یا سه بار کلید Shift را فشار دهید. این کار شما را به وب‌سایت آب‌وهوای BBC می‌برد.
print-guide = چاپ این راهنما
handout-label = برگهٔ قابل چاپ
handout-pdf = دریافت برگهٔ PDF
handout-back = بازگشت به راهنما
handout-qr = کد QR: آن را با دوربین گوشی اسکن کنید تا این راهنما به‌صورت آنلاین باز شود
handout-online = این راهنما را آنلاین بخوانید:
handouts-title = برگه‌های قابل چاپ
handouts-intro = هر راهنما به‌صورت یک برگهٔ A4 برای چاپ سیاه‌وسفید در دسترس است. هر برگه یک کد QR دارد که همان راهنما را به همان زبان به‌صورت آنلاین باز می‌کند.
handout-print-all = دریافت همهٔ راهنماها در یک فایل PDF
handout-bilingual-pdf = PDF دوزبانه ({ $language } و { $original })
