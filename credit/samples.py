"""The sample score sheets (演示样例). The official sheets (156号附件1–4) are "见网络版", not in the gazette: the
province's administrators enter them as new versions. These samples are labelled as such everywhere they show."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from . import choices as ch
from .models import Indicator, ScoreSheet

K = ch.EnterpriseKind
SAMPLE_INDICATORS: dict[str, list[tuple[str, int, str]]] = {
    K.DEVELOPER: [("资质与备案", 10, "资质有效、按期备案得满分"), ("项目手续合法", 15, "每缺一项手续扣5分"),
                  ("预售资金监管", 15, "资金未进入监管账户的每次扣5分"), ("合同网签备案", 10, "未网签每起扣2分"),
                  ("工程质量", 15, "发生质量问题经认定的每起扣5分"), ("交付与办证", 10, "逾期交付或办证每起扣2分"),
                  ("投诉处理", 10, "有效投诉未按期处理每起扣1分"), ("信息公开", 5, "未按规定公示扣5分"),
                  ("人员管理", 5, "主要人员不符合要求扣5分"), ("纳税与社保", 5, "欠缴扣5分")],
    K.PROPERTY_SERVICE: [("备案与合同", 10, "合同备案完整得满分"), ("服务标准执行", 15, "抽查不达标每项扣3分"),
                         ("设施设备维护", 15, "维护记录缺失每项扣3分"), ("安全管理", 15, "发生安全责任事故扣15分"),
                         ("环境卫生", 10, "检查不合格每次扣2分"), ("业主满意度", 15, "满意度每低于90%一个百分点扣1分"),
                         ("投诉处理", 10, "有效投诉未按期处理每起扣1分"), ("收费公示", 5, "未公示扣5分"),
                         ("档案管理", 5, "档案不全扣5分")],
    K.APPRAISAL: [("资质与备案", 15, "资质有效得满分"), ("估价报告质量", 30, "抽查不合格每份扣5分"),
                  ("注册估价师", 15, "人数不足扣15分"), ("执业规范", 20, "违规执业每起扣5分"),
                  ("档案管理", 10, "档案不全扣10分"), ("投诉处理", 10, "有效投诉每起扣2分")],
    K.BROKERAGE: [("备案与公示", 15, "未备案或未公示扣15分"), ("经纪人员", 15, "持证人员不足扣15分"),
                  ("合同与网签", 20, "未使用示范文本或未网签每起扣2分"), ("交易资金", 20, "违规划转每起扣10分"),
                  ("房源信息", 15, "发布虚假房源每条扣3分"), ("投诉处理", 15, "有效投诉每起扣2分")],
}


def sample_sheets_ensure(*, effective_from: date = date(2022, 9, 17)) -> list[ScoreSheet]:
    """Create version 1 of each kind's sample sheet when no sheet of that kind exists (idempotent)."""
    sheets = []
    with transaction.atomic():
        for kind, rows in SAMPLE_INDICATORS.items():
            sheet = ScoreSheet.objects.filter(kind=kind).order_by("version").first()
            if sheet is None:
                sheet = ScoreSheet.objects.create(
                    kind=kind, version=1, title=f"{K(kind).label}信用评价评分表（演示样例）",
                    effective_from=effective_from, is_sample=True,
                    notes="演示样例：官方评分表为156号附件（见网络版），须由省级管理员录入为新版本。")
                Indicator.objects.bulk_create([
                    Indicator(sheet=sheet, code=f"S{n:02d}", name=name, max_points=Decimal(points), rule_text=text,
                              order=n) for n, (name, points, text) in enumerate(rows, start=1)])
            sheets.append(sheet)
    return sheets


def sample_points(sheet: ScoreSheet, total: Decimal) -> dict[str, Decimal]:
    """Points per indicator adding up to ``total``, each within its maximum (for the demo and tests)."""
    out, left = {}, Decimal(total)
    for indicator in sheet.indicators.order_by("order"):
        take = min(indicator.max_points, left)
        out[indicator.code] = take
        left -= take
    if left:
        raise ValueError(f"{total} is more than the sheet's maximum")
    return out
