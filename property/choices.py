from django.db import models
from django.utils.translation import gettext_lazy as _


class Trigger(models.TextChoices):
    """组建情形, PROP-A6 (一)–(三)."""

    DELIVERY_UNDER_HALF = "delivery_under_half", _("（一）小区开始交付，已交付专有部分面积不足建筑总面积50%")
    ASSEMBLY_NOT_FORMED = "assembly_not_formed", _("（二）具备成立业主大会条件，但暂未成立")
    NO_COMMITTEE_ELECTED = "no_committee_elected", _("（三）业主大会会议召开后，未能选举产生业主委员会")


class CommitteeState(models.TextChoices):
    ANNOUNCING = "announcing", _("组建公告公示中")
    CANDIDATES = "candidates", _("待确定候选人")
    LIST_POSTED = "list_posted", _("成员名单公示中")
    ESTABLISHED = "established", _("已成立，待备案")
    RUNNING = "running", _("已备案，履职中")
    DISSOLVED = "dissolved", _("已解散")


class MemberKind(models.TextChoices):
    """PROP-A8: 社区（村）“两委”、社区工作者、网格员、业主."""

    TWO_COMMITTEES = "two_committees", _("社区（村）“两委”代表")
    SOCIAL_WORKER = "social_worker", _("社区工作者")
    GRID = "grid", _("网格员")
    OWNER = "owner", _("业主代表")


class MemberRole(models.TextChoices):
    DIRECTOR = "director", _("主任")
    DEPUTY = "deputy", _("副主任")
    MEMBER = "member", _("委员")


class MemberStatus(models.TextChoices):
    CANDIDATE = "candidate", _("候选人")
    ACTIVE = "active", _("在任")
    ENDED = "ended", _("资格终止")
    WITHDRAWN = "withdrawn", _("异议成立，已撤出")


class EndGround(models.TextChoices):
    """成员资格终止情形, PROP-A16 (一)–(八)."""

    NOT_OWNER = "1", _("（一）不再是本物业管理区域内业主（物业使用人）")
    RESIGNED = "2", _("（二）书面辞职并经同意")
    POST_CHANGED = "3", _("（三）居（村）民委员会代表因工作岗位调整不能继续担任")
    HEALTH = "4", _("（四）因健康等原因无法履行职责")
    OBSTRUCTS = "5", _("（五）拒不召集、拒不参加或者阻挠召开会议")
    PLEDGE_BROKEN = "6", _("（六）违反书面承诺")
    ABSENT = "7", _("（七）一年内累计缺席会议总次数一半以上")
    OTHER = "8", _("（八）法律、法规以及管理规约规定的其他情形")


# 第十六条第二款: (一)–(三) end the membership from the day they happen; (四)–(七) on the street office's decision.
AUTOMATIC_GROUNDS = {EndGround.NOT_OWNER, EndGround.RESIGNED, EndGround.POST_CHANGED}
REQUESTED_GROUNDS = {EndGround.HEALTH, EndGround.OBSTRUCTS, EndGround.PLEDGE_BROKEN, EndGround.ABSENT}


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("定期会议")
    EXTRA = "extra", _("临时会议")


class MeetingState(models.TextChoices):
    HELD = "held", _("已召开，待作出决定")
    ADOPTED = "adopted", _("决定已通过并公示")
    REFUSED = "refused", _("决定不成立")
    CORRECTING = "correcting", _("责令限期改正")
    CORRECTED = "corrected", _("已改正")
    REVOKED = "revoked", _("决定已撤销")


class Presence(models.TextChoices):
    PRESENT = "present", _("本人出席")
    PROXY = "proxy", _("委托代理人出席")
    ABSENT = "absent", _("缺席")


class DissolutionGround(models.TextChoices):
    """PROP-A20."""

    OWNERS_COMMITTEE = "owners_committee", _("业主大会依法选举产生业主委员会")
    AREA_CHANGED = "area_changed", _("物业管理区域调整、房屋灭失等客观原因无法存续")


class NoticeKind(models.TextChoices):
    """What a posting on the 公示栏 is, by the rule it is posted under."""

    ANNOUNCEMENT = "PROP-A7", _("组建公告")
    MEMBER_LIST = "PROP-A12", _("成员名单公示")
    CHECK_RESULT = "PROP-A12-CHECK", _("异议核查结果公示")
    DECISION = "PROP-A15", _("会议决定公告")
    CHANGE = "PROP-A16", _("成员变更公示")
    ACCOUNTS = "PROP-A18", _("工作经费收支公示")
    FEES = "PROP-A14", _("业主代表交费情况公示")
    DISSOLUTION = "PROP-A20", _("解散公示")
    CORRECTION = "PROP-A21", _("责令改正/撤销决定通告")
