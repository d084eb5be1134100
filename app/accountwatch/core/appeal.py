"""The appeal to support for a restricted or frozen account, as a Japanese or English letter.

The letter is written in the language of the support desk it goes to, whatever language the app
is shown in, so its fixed wording lives here in both languages (not in the gettext catalogue,
which follows the app's language). Japanese follows business-mail form: 件名, 宛名,
いつもお世話になっております, 名乗り, 弊社, one closing, 署名.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from accountwatch.core.model import Account, AccountStatus, CompanyRecord
from accountwatch.core.platforms import load_platforms
from accountwatch.core.recovery import Attachment, Contact

# Languages a letter can be written in; a contact lists the ones its desk reads.
LETTER_LANGUAGES = ("ja", "en")
LANGUAGE_NAMES = {"ja": "日本語", "en": "English"}


class Part(StrEnum):
    """The parts of a letter, in the order they appear (what tests and the panel look for)."""

    SUBJECT = "subject"
    ADDRESSEE = "addressee"
    GREETING = "greeting"
    INTRODUCTION = "introduction"
    NOTICE = "notice"
    DETAILS = "details"
    REASON = "reason"
    EXPLANATION = "explanation"
    ACTIONS = "actions"
    APOLOGY = "apology"
    REQUEST = "request"
    ATTACHMENTS = "attachments"
    CLOSING = "closing"
    SIGNATURE = "signature"


@dataclass(frozen=True)
class Fix:
    """Findings of one rule that were open at the notice and are fixed now (how many)."""

    rule: str
    count: int = 1


@dataclass(frozen=True)
class AppealFacts:
    """Everything a letter says, as the user recorded it: nothing here is invented."""

    account: Account
    company: CompanyRecord | None = None
    contact: Contact = field(default_factory=Contact)
    reason: str = ""  # the notice's reason, word for word
    explanation: str = ""  # what happened, in the user's words
    fixes: tuple[Fix, ...] = ()  # findings fixed since the notice
    actions: tuple[str, ...] = ()  # what else the user did, one sentence each
    attachments: frozenset[Attachment] = frozenset()
    other_attachment: str = ""
    apology: bool = True


@dataclass(frozen=True)
class Letter:
    """A letter as its parts (each a block of lines); `text` is what is copied or saved."""

    language: str
    parts: tuple[tuple[Part, str], ...]

    @property
    def subject(self) -> str:
        return self.part(Part.SUBJECT)

    def part(self, which: Part) -> str:
        return next((text for part, text in self.parts if part == which), "")

    @property
    def text(self) -> str:
        return "\n\n".join(text for _part, text in self.parts) + "\n"


def letter_language(contact: Contact, fallback: str = "ja") -> str:
    """The language to write to `contact` in: Japanese when its desk reads Japanese, else the
    first letter language it lists, else `fallback` (our users are Japanese companies)."""
    listed = {code.strip().lower() for code in contact.languages}
    for code in LETTER_LANGUAGES:
        if code in listed:
            return code
    return fallback if fallback in LETTER_LANGUAGES else "ja"


def missing_facts(facts: AppealFacts) -> list[str]:
    """Keys of the facts a letter should have and the user has not recorded yet:
    notice_on, case_number (the account's recovery record), sender, phone (the company)."""
    company = facts.company or CompanyRecord()
    missing = []
    if facts.account.recovery.notice_on is None:
        missing.append("notice_on")
    if not facts.account.recovery.case_number.strip():
        missing.append("case_number")
    if not (company.contact_person.strip() or company.representative.strip()):
        missing.append("sender")
    if not (company.contact_phone.strip() or company.phone.strip()):
        missing.append("phone")
    return missing


def draft(facts: AppealFacts, language: str) -> Letter:
    """The letter in `language` ("ja" or "en")."""
    return _japanese(facts) if language == "ja" else _english(facts)


# --- what was done, per rule -------------------------------------------------------------------

# A fixed finding → what the company did, in each language; {n} is how many. Rules whose fixing
# is no action to report (a payment now due, points lapsing, the restriction itself) are absent.
_LISTING_JA = "{what}を含む出品{n}件を、取り下げまたは修正いたしました。"
_LISTING_EN = "We withdrew or corrected {n} {listings} with {what}."
_LISTING_WHAT = {
    "CON-PROHIBITED-LISTING": (
        "偽造品と受け取られるおそれのある表記",
        "wording that could be read as counterfeit",
    ),
    "CON-BRAND-LISTING": ("使用許諾のないブランド名", "brand names we are not authorised to use"),
    "CON-UNSAFE-LISTING": (
        "安全基準を満たさないおそれのある商品",
        "products that may not meet safety standards",
    ),
    "CON-INAPPROPRIATE-CONTENT": ("不適切な表現", "inappropriate wording"),
    "CON-EXAGGERATED-CLAIM": ("誇大な表現", "exaggerated claims"),
}
_DONE: dict[str, tuple[str, str]] = {
    "CON-OVER-PROMOTION": (
        "貴社の規約に沿うよう、販促表現を見直しました。",
        "We revised our promotional wording to follow your rules.",
    ),
    "CON-BULK-MESSAGING": (
        "購入者へのメッセージの一斉送信を取りやめました。",
        "We stopped sending bulk messages to buyers.",
    ),
    "CON-INCENTIVIZED-REVIEWS": (
        "見返りを伴うレビューの依頼を取りやめました。",
        "We stopped asking for reviews in return for incentives.",
    ),
    "PAY-OVERDUE": ("未払いの料金をお支払いしました。", "We paid the outstanding amount."),
    "PAY-CARD-EXPIRED": (
        "有効期限の切れたカードに代えて、有効なカードを登録しました。",
        "We replaced the expired card with a valid one.",
    ),
    "PAY-NO-VALID-METHOD": (
        "有効な支払い方法を登録しました。",
        "We registered a valid payment method.",
    ),
    "PAY-OFF-PLATFORM": (
        "貴社が認めていない決済方法の利用を取りやめました。",
        "We stopped using payment methods you do not approve.",
    ),
    "PAY-CARD-NOT-OWN": (
        "支払いに使うカードを弊社名義のものに切り替えました。",
        "We now pay with a card in our company's name.",
    ),
    "SEC-PASSWORD-WEAK": (
        "推測されにくいパスワードに変更しました。",
        "We changed the password to a strong one.",
    ),
    "SEC-PASSWORD-REUSED": (
        "他のサービスと共通だったパスワードを変更しました。",
        "We changed the password, which had also been used on other services.",
    ),
    "SEC-PASSWORD-OLD": ("パスワードを変更しました。", "We changed the password."),
    "SEC-PASSWORD-EXPOSED": (
        "不審なページで入力したパスワードを変更しました。",
        "We changed the password that had been entered on a suspicious page.",
    ),
    "SEC-PASSWORD-BREACHED": (
        "情報漏えいで流出していたパスワードを変更しました。",
        "We changed the password, which had appeared in a known data breach.",
    ),
    "SEC-2FA-OFF": ("二段階認証を設定しました。", "We turned on two-step verification."),
    "SEC-2FA-WEAK": (
        "二段階認証を認証アプリ方式に切り替えました。",
        "We moved two-step verification to an authenticator app.",
    ),
    "SEC-ACCOUNT-SHARED": (
        "アカウントの共用をやめ、利用者を限定しました。",
        "We stopped sharing the account; only named staff use it now.",
    ),
    "SEC-LOGINS-UNREVIEWED": (
        "ログイン履歴を確認しました。",
        "We reviewed the account's sign-in history.",
    ),
    "REG-INCOMPLETE": (
        "登録情報の不足していた項目を入力しました。",
        "We completed the missing registration details.",
    ),
    "REG-MISMATCH": (
        "登録情報を弊社の現在の正しい情報に更新しました。",
        "We updated our registration details to match our company's current records.",
    ),
    "REG-UNVERIFIED": (
        "登録情報の内容を確認しました。",
        "We checked our registration details.",
    ),
    "REG-LICENSE-EXPIRED": (
        "期限の切れていた許認可・登記書類を更新しました。",
        "We renewed the expired licence and registration documents.",
    ),
    "REG-TERMS-UNREVIEWED": (
        "貴社の利用規約を改めて確認しました。",
        "We read your terms again in full.",
    ),
}

# The order in which fixes are told: listings (what notices are mostly about) first.
_ORDER = (*_LISTING_WHAT, *_DONE)


def fix_sentence(fix: Fix, language: str) -> str | None:
    """What the company did to fix `fix`, in `language`; None for a rule with nothing to tell."""
    if fix.rule in _LISTING_WHAT:
        ja, en = _LISTING_WHAT[fix.rule]
        if language == "ja":
            return _LISTING_JA.format(what=ja, n=fix.count)
        listings = "listing" if fix.count == 1 else "listings"
        return _LISTING_EN.format(n=fix.count, listings=listings, what=en)
    if fix.rule in _DONE:
        return _DONE[fix.rule][0 if language == "ja" else 1]
    return None


def _fix_sentences(fixes: Iterable[Fix], language: str) -> list[str]:
    rank = {rule: i for i, rule in enumerate(_ORDER)}
    ordered = sorted(fixes, key=lambda f: rank.get(f.rule, len(rank)))
    sentences = [fix_sentence(f, language) for f in ordered]
    return list(dict.fromkeys(s for s in sentences if s))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def _own_actions(actions: Sequence[str]) -> list[str]:
    """The user's lines as the letter's sentences: their own bullets dropped (the letter sets
    its own), a full stop added where the line has none."""
    sentences = []
    for line in actions:
        text = line.strip().lstrip("・-*•").strip()
        if text:
            # A line written in the other language still ends the way its own script does.
            stop = "." if text[-1].isascii() else "。"
            sentences.append(text if text[-1] in "。．.!?！？)）」" else text + stop)
    return sentences


# --- Japanese ----------------------------------------------------------------------------------

_JA_WEEKDAYS = "月火水木金土日"
_SIGNATURE_RULE = "――――――――――――――――――――"


def japanese_date(day: dt.date) -> str:
    """2026年10月25日(日): the date style of Japanese business writing."""
    return f"{day.year}年{day.month}月{day.day}日({_JA_WEEKDAYS[day.weekday()]})"


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def english_date(day: dt.date) -> str:
    """25 October 2026: unambiguous to readers of British and American English alike (month
    names of our own: strftime's follow the C locale, which Qt sets from the environment)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def domestic_phone(phone: str) -> str:
    """+81-3-1234-5678 → 03-1234-5678, as a number is written inside Japan."""
    text = phone.strip()
    for prefix in ("+81-", "+81 ", "+81"):
        if text.startswith(prefix):
            return "0" + text[len(prefix) :].lstrip("0")
    return text


def _blank_ja(what: str) -> str:
    return f"【{what}】"


def _blank_en(what: str) -> str:
    return f"[{what}]"


def in_latin_letters(name: str) -> bool:
    """Whether `name` is written in Latin letters only (Ito Kenji, Müller), so that a support
    desk reading English can read it; 伊藤 健二 is not."""
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)


def english_sender(sender: str) -> str:
    """The sender's name as the English letter gives it: a name in another script is a blank to
    fill in (the profile records no romanised name; kanji is unreadable to an English desk)."""
    if not sender:
        return _blank_en("your name")
    return sender if in_latin_letters(sender) else _blank_en("your name in Latin letters")


@dataclass(frozen=True)
class _Wording:
    """What the two letters say alike, each in its language: headings, labels, blanks."""

    date: Callable[[dt.date], str]
    blank: Callable[[str], str]
    details: str  # the heading, then the labels (each ends with its separator)
    company: str
    corporate_number: str
    login_id: str
    email: str
    notice_on: str
    case: str
    reason: str
    quote: str  # {line}
    reason_blank: str
    explanation: str
    explanation_blank: str
    contacted_twice: str  # {first}, {last}
    contacted_once: str  # {day}
    actions: str
    attachments: str
    bullet: str
    attachment_names: dict[Attachment, str]


_JA = _Wording(
    date=japanese_date,
    blank=_blank_ja,
    details="■ アカウント情報",
    company="会社名：",
    corporate_number="法人番号：",
    login_id="ログインID：",
    email="登録メールアドレス：",
    notice_on="ご通知日：",
    case="お問い合わせ番号：",
    reason="■ ご通知の理由",
    quote="「{line}」",
    reason_blank="ご通知に記載された理由を、そのまま引用してください",
    explanation="■ 経緯",
    explanation_blank="規約違反の認識の有無と、何が起きたかを具体的にご記入ください",
    contacted_twice=(
        "なお、{first}に貴社サポート窓口へご連絡し、{last}にも状況をお問い合わせしております。"
    ),
    contacted_once="なお、{day}に貴社サポート窓口へご連絡しております。",
    actions="■ 弊社の対応",
    attachments="■ 添付資料",
    bullet="・",
    attachment_names={
        Attachment.IDENTITY: "本人確認書類（パスポートまたは運転免許証）",
        Attachment.TRANSACTIONS: "取引履歴",
        Attachment.SCREENSHOTS: "スクリーンショット",
        Attachment.OTHER: "その他の資料",
    },
)
_EN = _Wording(
    date=english_date,
    blank=_blank_en,
    details="Account details",
    company="Company: ",
    corporate_number="Corporate number: ",
    login_id="Login ID: ",
    email="Registered e-mail: ",
    notice_on="Notice received: ",
    case="Case number: ",
    reason="Reason given in the notice",
    quote="“{line}”",
    reason_blank="Quote the reason stated in the notice, word for word.",
    explanation="What happened",
    explanation_blank="Say whether you knew of a violation and what happened, specifically.",
    contacted_twice=(
        "We first contacted your support team about this on {first} and followed up on {last}."
    ),
    contacted_once="We contacted your support team about this on {day}.",
    actions="What we have done",
    attachments="Attachments",
    bullet="- ",
    attachment_names={
        Attachment.IDENTITY: "Identity document (passport or driving licence)",
        Attachment.TRANSACTIONS: "Transaction history",
        Attachment.SCREENSHOTS: "Screenshots",
        Attachment.OTHER: "Other supporting material",
    },
)


def _details(facts: AppealFacts, company_name: str, w: _Wording) -> str:
    account, record = facts.account, facts.account.recovery
    company = facts.company or CompanyRecord()
    case = record.case_number.strip()
    details = [w.details, f"{w.company}{company_name}"]
    if company.corporate_number.strip():
        details.append(f"{w.corporate_number}{company.corporate_number.strip()}")
    details.append(f"{w.login_id}{account.login_id}")
    if account.email:
        details.append(f"{w.email}{account.email}")
    if record.notice_on is not None:
        details.append(f"{w.notice_on}{w.date(record.notice_on)}")
    if case:
        details.append(f"{w.case}{case}")
    return "\n".join(details)


def _body(facts: AppealFacts, company_name: str, w: _Wording) -> list[tuple[Part, str]]:
    """The details, the notice's reason and what happened: the same facts in both letters."""
    reason_lines = _lines(facts.reason)
    reason = (
        w.reason
        + "\n"
        + (
            "\n".join(w.quote.format(line=line) for line in reason_lines)
            if reason_lines
            else w.blank(w.reason_blank)
        )
    )
    explanation = w.explanation + "\n" + (facts.explanation.strip() or w.blank(w.explanation_blank))
    return [
        (Part.DETAILS, _details(facts, company_name, w)),
        (Part.REASON, reason),
        (Part.EXPLANATION, explanation),
    ]


def _contacts(facts: AppealFacts, w: _Wording) -> str:
    """When support was contacted (first and last), or "" when it was not yet."""
    record = facts.account.recovery
    first, last = record.contacted_support_on, record.last_follow_up_on
    if first is not None and last is not None and last > first:
        return w.contacted_twice.format(first=w.date(first), last=w.date(last))
    day = first or last
    return "" if day is None else w.contacted_once.format(day=w.date(day))


def _listed(heading: str, lines: Sequence[str], w: _Wording) -> str:
    return heading + "\n" + "\n".join(f"{w.bullet}{line}" for line in lines)


def _japanese(facts: AppealFacts) -> Letter:
    account, record = facts.account, facts.account.recovery
    company = facts.company or CompanyRecord()
    frozen = account.status == AccountStatus.FROZEN
    platform = load_platforms()[account.platform].name
    company_name = company.name_local.strip() or company.name.strip() or _blank_ja("会社名")
    sender = company.contact_person.strip() or company.representative.strip()
    case = record.case_number.strip()
    # 凍結解除 is the guide's word; a restriction is lifted (利用制限の解除).
    action = "凍結" if frozen else "利用制限"
    where = f"{platform}アカウント" if platform else "アカウント"

    subject = f"件名：アカウント{action}解除のお願い"
    if case:
        subject += f"（お問い合わせ番号：{case}）"
    desk = f"{platform}カスタマーサポート" if platform else "カスタマーサポート"
    addressee = f"{desk} ご担当者様"
    greeting = "いつもお世話になっております。"
    introduction = f"{company_name}の{sender or _blank_ja('担当者名')}と申します。"

    if record.notice_on is not None:
        notice = f"{japanese_date(record.notice_on)}付けで、"
    else:
        notice = f"{_blank_ja('ご通知の日付')}付けで、"
    notice += (
        f"弊社の{where}（ログインID：{account.login_id}）について、{action}のご通知をいただきました"
    )
    notice += f"（お問い合わせ番号：{case}）。" if case else "。"
    notice += "\n本件の経緯と弊社の対応をご報告するとともに、"
    notice += f"{action}の解除をお願いしたく、ご連絡いたしました。"
    contacted = _contacts(facts, _JA)
    if contacted:
        notice += "\n" + contacted

    done = _fix_sentences(facts.fixes, "ja") + _own_actions(facts.actions)
    parts: list[tuple[Part, str]] = [
        (Part.SUBJECT, subject),
        (Part.ADDRESSEE, addressee),
        (Part.GREETING, greeting + "\n" + introduction),
        (Part.NOTICE, notice),
        *_body(facts, company_name, _JA),
    ]
    if done:
        parts.append((Part.ACTIONS, _listed(_JA.actions, done, _JA)))
    if facts.apology:
        parts.append(
            (
                Part.APOLOGY,
                "このたびは、弊社の確認不足により貴社にご迷惑をおかけしましたことを、深くお詫び"
                "申し上げます。\n今後は出品内容や登録情報の確認を徹底し、再発防止に努めてまいります。",
            )
        )
    parts.append(
        (
            Part.REQUEST,
            f"つきましては、ご確認のうえ、{action}を解除していただけますようお願い申し上げます。\n"
            "追加の資料やご説明が必要でしたら、速やかに対応いたします。",
        )
    )
    attached = _attachments(facts, _JA.attachment_names)
    if attached:
        parts.append((Part.ATTACHMENTS, _listed(_JA.attachments, attached, _JA)))
    parts.append((Part.CLOSING, "何卒よろしくお願い申し上げます。"))
    parts.append((Part.SIGNATURE, _japanese_signature(company, company_name, sender, account)))
    return Letter("ja", tuple(parts))


def _japanese_address(company: CompanyRecord) -> str:
    region, address = company.region.strip(), company.address.strip()
    if not region or region in address:
        place = address
    elif address.isascii():  # an address written the English way keeps its order
        place = f"{address}, {region}" if address else region
    else:
        place = region + address
    postal = company.postal_code.strip()
    return f"〒{postal} {place}".strip() if postal else place


def _japanese_signature(
    company: CompanyRecord, company_name: str, sender: str, account: Account
) -> str:
    lines = [_SIGNATURE_RULE, company_name]
    lines.append(f"担当：{sender or _blank_ja('担当者名')}")
    phone = company.contact_phone.strip() or company.phone.strip()
    lines.append(f"電話：{domestic_phone(phone) if phone else _blank_ja('電話番号')}")
    mail = company.email.strip() or account.email.strip()
    if mail:
        lines.append(f"メール：{mail}")
    address = _japanese_address(company)
    if address:
        lines.append(address)
    lines.append(_SIGNATURE_RULE)
    return "\n".join(lines)


def _attachments(facts: AppealFacts, names: dict[Attachment, str]) -> list[str]:
    return [
        facts.other_attachment.strip()
        if a == Attachment.OTHER and facts.other_attachment.strip()
        else names[a]
        for a in Attachment
        if a in facts.attachments
    ]


# --- English -----------------------------------------------------------------------------------

_COUNTRIES = {"JP": "Japan", "CN": "China", "US": "United States"}


def _english(facts: AppealFacts) -> Letter:
    account, record = facts.account, facts.account.recovery
    company = facts.company or CompanyRecord()
    frozen = account.status == AccountStatus.FROZEN
    platform = load_platforms()[account.platform].name
    company_name = company.name.strip() or company.name_local.strip() or _blank_en("company name")
    sender = english_sender(company.contact_person.strip() or company.representative.strip())
    case = record.case_number.strip()
    lift = "unfreeze" if frozen else "lift the restriction on"
    state = "frozen" if frozen else "restricted"

    subject = f"Subject: Request to {lift} account {account.login_id}"
    if case:
        subject += f" (case {case})"
    desk = facts.contact.name.strip() or (
        f"{platform} customer support" if platform else "customer support"
    )
    addressee = f"Dear {desk} team,"
    where = f"our {platform} account" if platform else "our account"
    introduction = f"My name is {sender}, and I am writing on behalf of "
    introduction += f"{company_name} about {where}, login ID {account.login_id}."
    when = english_date(record.notice_on) if record.notice_on else _blank_en("date of the notice")
    notice = f"On {when} we received your notice that the account has been {state}"
    notice += f" (case {case})." if case else "."
    notice += " I would like to explain what happened and what we have done, and to ask you to "
    notice += f"{'unfreeze the account' if frozen else 'lift the restriction'}."
    contacted = _contacts(facts, _EN)
    if contacted:
        notice += " " + contacted

    done = _fix_sentences(facts.fixes, "en") + _own_actions(facts.actions)
    parts: list[tuple[Part, str]] = [
        (Part.SUBJECT, subject),
        (Part.ADDRESSEE, addressee),
        (Part.INTRODUCTION, introduction),
        (Part.NOTICE, notice),
        *_body(facts, company_name, _EN),
    ]
    if done:
        parts.append((Part.ACTIONS, _listed(_EN.actions, done, _EN)))
    if facts.apology:
        parts.append(
            (
                Part.APOLOGY,
                "We sincerely apologise for the trouble this has caused. We will check our "
                "listings and account details carefully so that it does not happen again.",
            )
        )
    parts.append(
        (
            Part.REQUEST,
            f"We respectfully ask you to review our case and {lift} the account. We will "
            "provide any further information or documents you need promptly.",
        )
    )
    attached = _attachments(facts, _EN.attachment_names)
    if attached:
        parts.append((Part.ATTACHMENTS, _listed(_EN.attachments, attached, _EN)))
    parts.append((Part.CLOSING, "Thank you for your time and help.\n\nKind regards,"))
    parts.append((Part.SIGNATURE, _english_signature(company, company_name, sender, account)))
    return Letter("en", tuple(parts))


def _english_address(company: CompanyRecord) -> str:
    address, region = company.address.strip(), company.region.strip()
    parts = [address] if address else []
    if region and region not in address:
        parts.append(region)
    line = ", ".join(parts)
    postal = company.postal_code.strip()
    if postal:
        line = f"{line} {postal}".strip()
    country = _COUNTRIES.get(company.country.strip().upper(), "")
    return f"{line}, {country}" if line and country else line


def _english_signature(
    company: CompanyRecord, company_name: str, sender: str, account: Account
) -> str:
    lines = [sender, company_name]
    phone = company.contact_phone.strip() or company.phone.strip()
    lines.append(f"Phone: {phone or _blank_en('phone number')}")
    mail = company.email.strip() or account.email.strip()
    if mail:
        lines.append(f"E-mail: {mail}")
    address = _english_address(company)
    if address:
        lines.append(address)
    return "\n".join(lines)
