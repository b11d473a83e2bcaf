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
