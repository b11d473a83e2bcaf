# Draft translation (machine-assisted): waiting for review by a fluent speaker.
site-title = دليلك: المشاركة في الحياة العامة في المملكة المتحدة
