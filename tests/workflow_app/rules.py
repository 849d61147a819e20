from decimal import Decimal

from gazette.rules.registry import failed, not_applicable, passed, rule


@rule("TEST-A1", regulation="FUND-2022", article="第一条", statement="金额不得超过上限")
def amount_cap(*, amount: Decimal, cap: Decimal = Decimal("30000.00")) -> object:
    if amount is None:
        return not_applicable("未填写金额")
    if amount > cap:
        return failed(f"金额{amount}元超过上限{cap}元", f"{amount} exceeds {cap}", amount=amount, cap=cap)
    return passed(f"金额{amount}元未超过上限{cap}元", amount=amount, cap=cap)
