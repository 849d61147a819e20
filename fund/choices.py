"""Choices of the fund app (TextChoices; Chinese labels, English values)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationKind(models.TextChoices):
    TREATMENT = "treatment", _("抢救治疗费垫付")
    FUNERAL = "funeral", _("丧葬费垫付")
    HARDSHIP = "hardship", _("一次性经济困难补助")


class ApplicantType(models.TextChoices):
    VICTIM = "victim", _("受害人")
    RELATIVE = "relative", _("近亲属")
    OTHER_PARTY = "other_party", _("其他当事人")
    HOSPITAL = "hospital", _("医疗机构")
    FUNERAL_SERVICE = "funeral_service", _("殡葬服务机构")


# Who may apply for which kind (第二十三条, 第二十五条, 第二十七条).
APPLICANTS_BY_KIND = {
    ApplicationKind.TREATMENT: {ApplicantType.VICTIM, ApplicantType.RELATIVE, ApplicantType.OTHER_PARTY,
                                ApplicantType.HOSPITAL},
    ApplicationKind.FUNERAL: {ApplicantType.RELATIVE, ApplicantType.FUNERAL_SERVICE},
    ApplicationKind.HARDSHIP: {ApplicantType.VICTIM, ApplicantType.RELATIVE},
}


class InsuranceStatus(models.TextChoices):
    INSURED = "insured", _("已投保交强险并已赔付")
    UNINSURED = "uninsured", _("未投保交强险")
    NOT_COVERED = "not_covered", _("投保但不属于交强险赔偿范围")
    INSURER_NOT_PAID = "insurer_not_paid", _("投保但保险公司30日内未支付")
    UNKNOWN = "unknown", _("肇事车辆不明")


class HardshipGrade(models.TextChoices):
    DEATH = "death", _("死亡")
    GRADE_1_6 = "grade_1_6", _("六级（含）以上残疾")
    GRADE_7_10 = "grade_7_10", _("六级以下残疾")


class ApprovalLevel(models.TextChoices):
    MANAGER = "manager", _("救助基金管理人审核")
    COUNTY = "county", _("县级联席会议办公室")
    CITY = "city", _("市级联席会议办公室")
    PROVINCE = "province", _("省联席会议办公室")
    JOINT_MEETING = "joint_meeting", _("省联席会议")


APPROVAL_ORDER = [ApprovalLevel.COUNTY, ApprovalLevel.CITY, ApprovalLevel.PROVINCE, ApprovalLevel.JOINT_MEETING]


class DocumentCode(models.TextChoices):
    POLICE_ADVANCE_NOTICE = "police_advance_notice", _("抢救治疗费垫付通知书")
    TREATMENT_FORM = "treatment_form", _("抢救治疗费垫付申请书")
    COST_LIST = "cost_list", _("抢救治疗费日清单及治疗情况说明或病历（加盖公章）")
    APPLICANT_ID = "applicant_id", _("申请人身份证明")
    HOSPITAL_LICENCE = "hospital_licence", _("医疗机构许可证复印件")
    VICTIM_ID = "victim_id", _("受害人身份证明或身份无法确认证明")
    POST7_REASONS = "post7_reasons", _("医疗机构关于7日后费用的书面说明")
    BODY_NOTICE = "body_notice", _("尸体处理通知书")
    FUNERAL_FORM = "funeral_form", _("丧葬费垫付申请书")
    KINSHIP_PROOF = "kinship_proof", _("申请人身份及近亲属证明或公证书")
    FUNERAL_LICENCE = "funeral_licence", _("殡葬服务机构许可证复印件及收费依据")
    INABILITY_PROOF = "inability_proof", _("赔偿义务人无力赔偿或获赔低于60%的证明")
    HARDSHIP_FORM = "hardship_form", _("一次性经济困难补助申请书")
    ACCIDENT_DETERMINATION = "accident_determination", _("道路交通事故认定书")
    DISABILITY_OR_DEATH = "disability_or_death", _("伤残等级鉴定意见书或死亡证明")
    HARDSHIP_CERTIFICATE = "hardship_certificate", _("家庭特殊困难证明")


class Liability(models.TextChoices):
    FULL = "full", _("全部责任")
    MAIN = "main", _("主要责任")
    EQUAL = "equal", _("同等责任")
    MINOR = "minor", _("次要责任")
    UNDETERMINED = "undetermined", _("责任无法查清")


class LedgerKind(models.TextChoices):
    LEVY = "levy", _("交强险保险费提取")
    FINE = "fine", _("未投保交强险罚款")
    RECOVERY = "recovery", _("追偿资金")
    INTEREST = "interest", _("救助基金孳息")
    SUBSIDY = "subsidy", _("财政临时补助")
    DONATION = "donation", _("社会捐款")
    OTHER_IN = "other_in", _("其他资金")
    ADVANCE_TREATMENT = "advance_treatment", _("垫付抢救治疗费")
    ADVANCE_FUNERAL = "advance_funeral", _("垫付丧葬费")
    HARDSHIP_PAYMENT = "hardship_payment", _("一次性经济困难补助")


INFLOW_KINDS = {LedgerKind.LEVY, LedgerKind.FINE, LedgerKind.RECOVERY, LedgerKind.INTEREST, LedgerKind.SUBSIDY,
                LedgerKind.DONATION, LedgerKind.OTHER_IN}
PAYMENT_KINDS = {LedgerKind.ADVANCE_TREATMENT, LedgerKind.ADVANCE_FUNERAL, LedgerKind.HARDSHIP_PAYMENT}


class Direction(models.TextChoices):
    IN = "in", _("收入")
    OUT = "out", _("支出")


class RecoveryState(models.TextChoices):
    OPEN = "open", _("管理人追偿中")
    WITH_TRUSTEE = "with_trustee", _("已移交追偿受托人")
    SETTLED = "settled", _("已结清")
    WRITE_OFF_PENDING = "write_off_pending", _("核销审批中")
    WRITTEN_OFF = "written_off", _("已核销")


class WriteOffGround(models.TextChoices):
    HIT_AND_RUN_UNSOLVED = "hit_and_run_unsolved", _("肇事逃逸案件超过3年未侦破")
    LIABLE_PARTY_GONE = "liable_party_gone", _("责任人死亡、被宣告失踪或终止且无财产可供追偿")
    EXTREME_HARDSHIP = "extreme_hardship", _("家庭经济特别困难且无财产可供追偿或退还")
    OTHER = "other", _("省联席会议核销办法规定的其他情形")


class WriteOffState(models.TextChoices):
    SUBMITTED = "submitted", _("待联席会议批准")
    APPROVED = "approved", _("已批准核销")
    REJECTED = "rejected", _("不予核销")


class ReportKind(models.TextChoices):
    QUARTERLY = "quarterly", _("季度财务会计报告")
    ANNUAL = "annual", _("年度工作报告和财务会计报告")
    FINANCE_ANNUAL = "finance_annual", _("省财政厅年度情况报告")
    PUBLICATION = "publication", _("向社会公布上一年度情况")


class ReportState(models.TextChoices):
    DUE = "due", _("待报送")
    SUBMITTED = "submitted", _("已报送")


class ObligationState(models.TextChoices):
    DUE = "due", _("待履行")
    FULFILLED = "fulfilled", _("已履行")


class ObligationKind(models.TextChoices):
    """Duties owed to the fund by other bodies, each with a statutory due date (第十五条, 第十六条)."""

    LEVY_RATIO = "levy_ratio", _("确定当年交强险提取比例")
    LEVY_TRANSFER = "levy_transfer", _("保险公司季度转入交强险提取资金")
    FINES_TRANSFER = "fines_transfer", _("财政部门季度划转未投保交强险罚款")


class ApplicationState(models.TextChoices):
    RECEIVED = "received", _("已接收")
    UNDER_REVIEW = "under_review", _("审核中")
    COLLECTING = "collecting", _("材料收集中")
    AWAITING_APPROVAL = "awaiting_approval", _("待联席办审批")
    DISPUTED = "disputed", _("争议协调中")
    APPROVED = "approved", _("已批准待划拨")
    PAID = "paid", _("已划拨")
    REFUSED = "refused", _("不予垫付")


OPEN_STATES = (ApplicationState.RECEIVED, ApplicationState.UNDER_REVIEW, ApplicationState.COLLECTING,
               ApplicationState.AWAITING_APPROVAL, ApplicationState.DISPUTED, ApplicationState.APPROVED)
