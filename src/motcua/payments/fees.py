"""What a citizen pays online: pure functions over the catalog and the officer's notice.

Decree 118/2025/NĐ-CP Art 24: fees and charges are paid directly, by transfer, or online; when a
dossier needs a financial obligation the agency notifies the applicant, the clock pauses until it is
met. The amount charged online is the one in that notice; the catalog fee is what the notice
normally repeats and what is shown when the notice has no amount.
"""

from __future__ import annotations

from motcua.catalog.models import ProcedureVersion


def catalog_fee_vnd(version: ProcedureVersion, *, online: bool) -> int:
    """Return the fee the catalog states for a procedure version, in đồng.

    Today this is `ProcedureVersion.fee_vnd`, the main fee. The catalog is gaining fee lines with
    variants and an online rate (`Fee.amount_vnd`, `Fee.online_amount_vnd`, issue 6 "online discounts
    applied"); when it lands, this is the one place to change: sum the lines that apply and, when
    `online` is true, take each line's online rate where it has one.
    """
    del online  # the online rate plugs in here once the catalog has it (see above)
    return int(version.fee_vnd)


def amount_due_vnd(*, requested_vnd: int | None, version: ProcedureVersion, online: bool = True) -> int:
    """Return what to charge: the amount in the officer's notice, else the catalog fee (0 = nothing)."""
    if requested_vnd is not None and requested_vnd > 0:
        return requested_vnd
    return catalog_fee_vnd(version, online=online)


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ")


def _three_digits(n: int, *, full: bool) -> list[str]:
    """Read 0–999; `full` reads leading zeros ("không trăm linh năm") inside a larger number."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5 and tens > 0:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def vnd_in_words(amount: int) -> str:
    """Spell an amount of đồng in Vietnamese for receipts ("Bằng chữ").

    25000 → "Hai mươi lăm nghìn đồng"; 1000005 → "Một triệu không trăm linh năm đồng".
    """
    if not 0 <= amount < 10**12:
        raise ValueError("amount out of range")
    if amount == 0:
        return "Không đồng"
    groups: list[int] = []
    n = amount
    while n:
        groups.append(n % 1000)
        n //= 1000
    words: list[str] = []
    for index in reversed(range(len(groups))):
        if groups[index] == 0:
            continue
        words += _three_digits(groups[index], full=bool(words))
        if _GROUPS[index]:
            words.append(_GROUPS[index])
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]
