# Draft translation (machine-assisted): waiting for review by a fluent speaker.
skip-to-content = انتقل إلى المحتوى الرئيسي
languages-label = اقرأ هذه الصفحة بلغة أخرى
breadcrumbs-label = أين أنت
footer-privacy = لا يستخدم هذا الموقع ملفات تعريف الارتباط ولا التتبع، ولا يحمّل أي شيء من مواقع أخرى.
all-languages = كل اللغات
notice-fallback = هذه الصفحة غير مترجمة بعد، لذلك تظهر بلغتها الأصلية ({ $original }).
notice-stale = تغيّرت النسخة الأصلية من هذه الصفحة ({ $original }) بعد إعداد هذه الترجمة. قد تكون بعض التفاصيل هنا قديمة.
notice-draft = لم يراجع هذه الترجمة شخص يتقن اللغة بعد. قد تحتوي على أخطاء.
last-checked = آخر مراجعة:
on-this-page = في هذه الصفحة
sources-heading = مصادر هذه المعلومات
guide-count = { $count ->
    [zero] لا توجد أدلة
    [one] دليل واحد
    [two] دليلان
    [few] { $count } أدلة
    [many] { $count } دليلًا
   *[other] { $count } دليل
}
topics-heading = المواضيع
choose-language = اختر لغتك
not-found-title = الصفحة غير موجودة
not-found-text = لا يمكننا العثور على هذه الصفحة. ربما نُقلت. اختر لغتك لتبدأ من جديد.
listen = استمع إلى هذه الصفحة
listen-stop = أوقف القراءة
quick-exit = اخرج من هذه الصفحة
quick-exit-hint = أو اضغط مفتاح Shift ثلاث مرات. سينقلك هذا إلى موقع الطقس في BBC.
print-guide = اطبع هذا الدليل
handout-label = نشرة للطباعة
handout-pdf = نزّل النشرة بصيغة PDF
handout-back = ارجع إلى الدليل
handout-qr = رمز QR: امسحه بكاميرا الهاتف لتفتح هذا الدليل على الإنترنت
handout-online = اقرأ هذا الدليل على الإنترنت:
handouts-title = نشرات للطباعة
handouts-intro = كل دليل متوفر كنشرة بحجم A4 للطباعة بالأبيض والأسود. في كل نشرة رمز QR يفتح الدليل نفسه على الإنترنت باللغة نفسها.
handout-print-all = نزّل كل الأدلة في ملف PDF واحد
handout-bilingual-pdf = ملف PDF بلغتين ({ $language } و{ $original })
