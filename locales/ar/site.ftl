# Draft translation (machine-assisted): waiting for review by a fluent speaker.
site-title = دليلك: حقوقك في المشاركة في الحياة في المملكة المتحدة
