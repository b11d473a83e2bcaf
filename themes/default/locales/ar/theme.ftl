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
