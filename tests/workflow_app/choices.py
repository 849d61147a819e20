from django.db import models


class S(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "审核中"
    MATERIALS = "materials", "补正材料"
    APPROVED = "approved", "已批准"
    PUBLICISED = "publicised", "公示中"
    FINAL = "final", "已办结"
    REFUSED = "refused", "不予批准"
    EXPIRED = "expired", "已超期关闭"
