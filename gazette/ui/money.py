"""The one money format of pages, PDFs and rule messages: thousands separators and two decimals ("3,200,743.00").

Excel cells keep numbers (``gazette.documents.exports`` gives them the number format ``#,##0.00``), so this is for
text only.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def money_format(amount: Decimal | int | str) -> str:
    """``Decimal("3200743.0")`` → ``"3,200,743.00"``; rounds half up to the fen. Raises ``ValueError`` for what is
    not an amount (floats are refused: money is never a float)."""
    if isinstance(amount, float | bool):
        raise ValueError(f"money must be a Decimal, not {type(amount).__name__}")
    try:
        value = Decimal(amount) if isinstance(amount, Decimal | int) else Decimal(str(amount).strip())
    except InvalidOperation:
        raise ValueError(f"not an amount: {amount!r}") from None
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"
