"""The contact markers: ids, disguised numbers and bracketed contacts.

Every string here is written for the test (no page text), each the form an
advert uses to hide a phone number or an id from filters, or the everyday
text each detector must leave alone.
"""

from __future__ import annotations

import pytest

from segtext.spam.markers import bracketed, disguised, scan


@pytest.mark.parametrize(
    ("text", "ways"),
    [
        ("加薇 56O7.88I2 详谈", 1),  # O and I for 0 and 1
        ("电话 139一加一2468", 1),  # 一加一 for 1+1
        ("号码 ⒈⒊⒏⒉⒋⒍⒎", 1),  # full-stop digits
        ("联系 𝟏𝟑𝟗𝟖𝟖", 1),  # mathematical digits
        ("电 139...2468...1357", 1),  # ellipses cut the number
        ("微 W  X  Y  7  3  9", 1),  # spaced out
        ("威信：幺三九 八八八 六六六六", 1),  # Chinese numerals
        ("号 ⒈⒊⒏ 56O7 139...2468", 3),  # three ways at once
    ],
)
def test_disguised_numbers_are_found(text: str, ways: int) -> None:
    assert disguised(text) == ways


@pytest.mark.parametrize(
    "text",
    [
        "电话：010-62345678",  # a plain phone number
        "1 2 3 4 5 下一页",  # a page list counts up
        "发布于 2026-02-19 16:37:39",
        "版本 1.2.3.4 已发布",
        "I am a boy and you are a girl",
        "第1章 第2章 第3章",
        "二〇二四年十二月一日",  # a date in Chinese numerals is short
    ],
)
def test_everyday_numbers_are_not_disguised(text: str) -> None:
    assert disguised(text) == 0


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("包过【+微/电 139...2468】", 1),  # a contact marker and digits
        ("详询【13924681357】", 1),  # a bare number of five digits or more
        ("【徴⒈⒊⒏⒉⒋】", 1),  # a marker and styled digits
        ("【客服:@example_handle88】", 1),  # a handle with digits
        ("好运【QWRTZPK】", 1),  # a tag of capitals
        ("【13924681357】【QWRTZPK】", 2),
    ],
)
def test_bracketed_contacts_are_counted(text: str, count: int) -> None:
    assert bracketed(text) == count


@pytest.mark.parametrize(
    "text",
    [
        "（2024年12月16日）",  # a date
        "[1] 参考文献",
        "【本报北京12月1日电】",
        "(UNESCO) and (TPHCM)",  # acronyms have vowels or are short
        "[link](https://example.com/t/806592)",  # a link's address
        "《关于印发通知的说明》",
        "（@某某日报）",  # a cited account, no id
    ],
)
def test_everyday_brackets_are_not_contacts(text: str) -> None:
    assert bracketed(text) == 0


def test_scan_counts_markers_by_line() -> None:
    view = "第一行没有\n加微信 abc12345 或 qq 12345678\n网站 example.com\n网纸 请手动输入"
    starts = [0]
    starts += [i + 1 for i, c in enumerate(view) if c == "\n"]
    found = scan(view, starts)
    contacts, domains, evasions, marks = found.contacts, found.domains, found.evasions, found.marks
    assert 0 not in contacts
    assert contacts[1] >= 2  # 微信 and the qq id
    assert domains[2] == 1
    assert evasions[3] == 2  # 网纸 and 手动输入
    marked = {view[a:b] for a, b in marks}
    assert {"微信", "微", "qq"} <= marked  # the contact markers, and the mark 微
    assert "手" in marked  # a mark: 手 of 手动输入, an everyday character
    assert not any(view[a:b] == "q" for a, b in marks)  # the q of qq is no word alone


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("wx: doposn", 1),  # an id after a colon
        ("联系方式: telegram: @magollan", 1),  # marker and @handle: one id
        ("tg💡  yuantou2048", 1),  # an emoji between, an id with digits
        ("一人一号,+q647106319", 1),
        ("加微信 abc12345 或 qq 12345678", 2),
        ("t.me/abcdef", 1),
        ("the line between us", 0),  # a word, not an id
        ("join our telegram channel", 0),
        ("微信支付宝都可以", 0),
        ("可以zfb和qq @bruskyii panda", 0),  # a forum mention after qq
        ("thanks @someone for the fix", 0),  # an @handle alone is a mention
        ("电话: 12345678", 0),  # a phone number is not a messenger id
    ],
)
def test_messenger_ids_are_counted(text: str, ids: int) -> None:
    assert scan(text, [0]).ids[0] == ids
