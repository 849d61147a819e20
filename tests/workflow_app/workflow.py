from gazette.workflow.definitions import Breach, DeadlineSpec, Transition, Workflow

from .choices import S

REVIEW = DeadlineSpec(kind="review", label="审核期限", rule_id="TEST-A1", amount=3, unit="workdays",
                      on_breach=Breach.ESCALATE)
RESPONSE = DeadlineSpec(kind="response", label="补正期限", rule_id="TEST-A1", amount=48, unit="hours",
                        on_breach=Breach.TRANSITION, breach_transition="expire")


# Case ids for which the approve transition's after-commit effect ran (stands in for "queue the payment").
APPROVED_EFFECTS: list[int] = []


def _approved(case, history) -> None:
    APPROVED_EFFECTS.append(case.pk)


def facts(case):
    return {"amount": case.amount}


WORKFLOW = Workflow(
    name="workflow_app.permit",
    facts=facts,
    separation_of_duties=(("submit", "approve"),),
    transitions=[
        Transition("submit", source=S.DRAFT, target=S.SUBMITTED, label="提交", start_deadlines=(REVIEW,)),
        Transition("request_materials", source=S.SUBMITTED, target=S.MATERIALS, label="要求补正",
                   pause_deadlines=("review",), start_deadlines=(RESPONSE,), requires_comment=True),
        Transition("provide_materials", source=S.MATERIALS, target=S.SUBMITTED, label="补正完毕",
                   resume_deadlines=("review",), stop_deadlines=("response",)),
        Transition("approve", source=S.SUBMITTED, target=S.APPROVED, label="批准", guards=("TEST-A1",),
                   stop_deadlines=("review",), effects=(_approved,), style="primary"),
        Transition("refuse", source=[S.SUBMITTED, S.MATERIALS], target=S.REFUSED, label="不予批准",
                   stop_deadlines=("*",), requires_comment=True, style="danger"),
        Transition("publicise", source=S.APPROVED, target=S.PUBLICISED, label="公示"),
        Transition("finalise", source=S.PUBLICISED, target=S.FINAL, label="公示期满办结", system=True),
        Transition("expire", source=S.MATERIALS, target=S.EXPIRED, label="逾期未补正关闭", system=True,
                   cancel_deadlines=("*",)),
    ],
)
