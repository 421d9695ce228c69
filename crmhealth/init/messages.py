"""The comments ``init`` writes, in English and Chinese (``--lang``)."""

from __future__ import annotations

from typing import Any, Literal

Lang = Literal["en", "zh"]

MESSAGES: dict[str, dict[Lang, str]] = {
    "title": {
        "en": "crmhealth rules written by `crmhealth init` from {files}.",
        "zh": "由 `crmhealth init` 根据 {files} 生成的 crmhealth 规则。",
    },
    "review": {
        "en": "Each check says why it was chosen; review thresholds and allowed values, then run:",
        "zh": "每项检查都注明了选择它的原因；请复核阈值和允许值，然后运行：",
    },
    "this_file": {"en": "<this file>", "zh": "<本文件>"},
    "as_of": {
        "en": "the latest date in the data ({column}); delete this line to audit as of today",
        "zh": "数据中最新的日期（{column}）；删除此行则以今天为基准",
    },
    "region": {
        "en": "the region most phone columns fit",
        "zh": "多数电话列所属的地区",
    },
    "source": {
        "en": "{rows} rows, {columns} columns: {kind}",
        "zh": "{rows} 行，{columns} 列：{kind}",
    },
    "unreadable_source": {
        "en": "not read: {problem}",
        "zh": "未能读取：{problem}",
    },
    "empty_source": {
        "en": "no rows: nothing to check",
        "zh": "没有数据行：无可检查内容",
    },
    "unused_source": {
        "en": "{rows} rows, {columns} columns: nothing recognised to check",
        "zh": "{rows} 行，{columns} 列：没有识别出可检查的内容",
    },
    "table_heading": {
        "en": "{table}: {kind}, {rows} rows",
        "zh": "{table}：{kind}，{rows} 行",
    },
    "kind_person": {"en": "people", "zh": "人员表"},
    "kind_company": {"en": "companies", "zh": "公司表"},
    "kind_deal": {"en": "deals", "zh": "商机表"},
    "kind_activity": {"en": "an activity log", "zh": "活动记录"},
    "kind_feedback": {"en": "customer feedback", "zh": "客户反馈"},
    "kind_other": {"en": "a table", "zh": "数据表"},
    "header": {
        "en": "header '{header}' names {role}",
        "zh": "表头「{header}」表示{role}",
    },
    "email_content": {
        "en": "{share} of values are valid email addresses",
        "zh": "{share} 的值是有效的邮箱地址",
    },
    "phone_content": {
        "en": "{share} of values are valid {region} phone numbers",
        "zh": "{share} 的值是有效的 {region} 电话号码",
    },
    "phone_cn": {
        "en": "{share} of values are valid CN phone numbers ({mobiles} look like CN mobiles)",
        "zh": "{share} 的值是有效的中国大陆电话号码（{mobiles} 像手机号）",
    },
    "date_content": {
        "en": "{share} of values are dates",
        "zh": "{share} 的值是日期",
    },
    "fields_that_matter": {
        "en": "the fields that matter: {columns} (filled: {filled})",
        "zh": "需要填写的关键字段：{columns}（填写率：{filled}）",
    },
    "low_cardinality": {
        "en": "{distinct} distinct values: allowed = what is there, review the list",
        "zh": "只有 {distinct} 种取值：允许值即现有取值，请逐一复核",
    },
    "amount": {
        "en": "{share} of values are numbers; an amount is never negative",
        "zh": "{share} 的值是数字；金额不应为负",
    },
    "unique_email": {
        "en": "{share} of the emails are distinct: each should be one record",
        "zh": "{share} 的邮箱互不相同：每个邮箱应只对应一条记录",
    },
    "unique_phone": {
        "en": "{share} of the phones are distinct: each should be one record",
        "zh": "{share} 的电话互不相同：每个电话应只对应一条记录",
    },
    "key_repeats": {
        "en": "'{column}' is the table's id, yet {repeats} values repeat: ids must be unique",
        "zh": "「{column}」是本表的编号，但有 {repeats} 个值重复：编号必须唯一",
    },
    "fuzzy_person": {
        "en": "a table of people: the same person entered twice, written differently ({columns})",
        "zh": "人员表：同一个人被录入两次、写法不同（{columns}）",
    },
    "fuzzy_company": {
        "en": "a table of companies: the same company entered twice ({columns})",
        "zh": "公司表：同一家公司被录入两次（{columns}）",
    },
    "freshness": {
        "en": "'{header}' is the last-modified time ({share} are dates); "
        "records untouched for 180 days are stale",
        "zh": "「{header}」是最后修改时间（{share} 是日期）；180 天未更新的记录视为过期",
    },
    "slash_dates": {
        "en": "dates are written {format} (a day or month above 12 settles the order)",
        "zh": "日期写作 {format}（有大于 12 的日或月可确定顺序）",
    },
    "pair_by_name": {
        "en": "the name points at {target}, and {share} of the values are found there",
        "zh": "列名指向 {target}，且 {share} 的取值能在其中找到",
    },
    "pair_by_value": {
        "en": "{share} of the distinct values are found in {target}",
        "zh": "{share} 的不同取值能在 {target} 中找到",
    },
    "usage": {
        "en": "an activity log (user '{user}', time '{time}'): everyone should log "
        "4 activities in 30 days",
        "zh": "活动记录（用户「{user}」，时间「{time}」）：每人 30 天内应至少有 4 条活动",
    },
    "roster": {
        "en": "the users who should be active: {roster} ({share} of the log's users are there)",
        "zh": "应当活跃的用户名单：{roster}（日志中 {share} 的用户在名单里）",
    },
    "feedback": {
        "en": "{column} points at {target} ({share} of its values found): every customer "
        "should give feedback within 90 days",
        "zh": "{column} 指向 {target}（{share} 的取值能找到）：每位客户 90 天内都应有反馈",
    },
    "rows": {"en": "{rows} rows", "zh": "{rows} 行"},
    "variant_of": {
        "en": "{rows} rows: a case variant of '{value}', left out",
        "zh": "{rows} 行：是「{value}」的大小写变体，未列入",
    },
    "placeholder": {
        "en": "{rows} rows: a placeholder rather than a value, left out",
        "zh": "{rows} 行：占位符而非真实取值，未列入",
    },
    "other_script": {
        "en": "{rows} rows: another script than {share} of the rows use (a translation?), left out",
        "zh": "{rows} 行：与 {share} 的行所用文字不同（翻译？），未列入",
    },
}

ROLES: dict[str, dict[Lang, str]] = {
    "email": {"en": "an email", "zh": "邮箱"},
    "phone": {"en": "a phone number", "zh": "电话"},
    "full_name": {"en": "a person's name", "zh": "姓名"},
    "first_name": {"en": "a first name", "zh": "名"},
    "last_name": {"en": "a last name", "zh": "姓"},
    "name": {"en": "a name", "zh": "名称"},
    "company": {"en": "a company", "zh": "公司"},
    "owner": {"en": "the record's owner", "zh": "负责人"},
    "user": {"en": "a user", "zh": "用户"},
    "created_at": {"en": "the creation time", "zh": "创建时间"},
    "updated_at": {"en": "the last-modified time", "zh": "最后修改时间"},
    "last_activity": {"en": "the last activity time", "zh": "最后跟进时间"},
    "activity_time": {"en": "an activity's time", "zh": "活动时间"},
    "submitted_at": {"en": "the submission time", "zh": "提交时间"},
    "other_date": {"en": "a date", "zh": "日期"},
    "stage": {"en": "a stage", "zh": "阶段"},
    "status": {"en": "a status", "zh": "状态"},
    "source": {"en": "a lead source", "zh": "来源"},
    "channel": {"en": "a channel", "zh": "渠道"},
    "type": {"en": "a type", "zh": "类型"},
    "industry": {"en": "an industry", "zh": "行业"},
    "team": {"en": "a team", "zh": "团队"},
    "amount": {"en": "an amount", "zh": "金额"},
    "score": {"en": "a score", "zh": "评分"},
    "comment": {"en": "a comment", "zh": "评论"},
    "notes": {"en": "notes", "zh": "备注"},
    "address": {"en": "an address", "zh": "地址"},
    "city": {"en": "a city", "zh": "城市"},
    "id": {"en": "an id", "zh": "编号"},
}


def text(key: str, lang: Lang, **args: Any) -> str:
    """A message in `lang`, its placeholders filled."""
    if "role" in args:
        args = {**args, "role": ROLES.get(str(args["role"]), {}).get(lang, str(args["role"]))}
    return MESSAGES[key][lang].format(**args)
