//! The quantities a narrative states, as data: which table cells each one
//! stands for and the words clerks write for it (rule R7).
//!
//! Patterns are regular-expression templates: `{F}` is the filler allowed
//! between a keyword and its number (共计, 为, 数量 …), `{N}` the number with
//! its unit. A pattern with the keyword before `{N}` is a *before* form; one
//! with `{N}` first is an *after* form ("4件为不予公开"). Before forms win.

use super::TableId;

/// Filler between a keyword and its number.
pub const FILLER: &str =
    r"(?:共计|合计|总计|累计|共|计|总数|数量|件数|为|是|达到|达|有|了|的|：|:|\s)*";

/// Units of a count (requests, cases, decisions).
pub const COUNT_UNITS: &str = "(?:件次|件|起|宗|个|次|项)";
/// Units of a count of cases and decisions (no 项: 行政许可事项 are kinds, not decisions).
pub const CASE_UNITS: &str = "(?:件次|件|起|宗|个|次)";
/// The unit of table 二's amounts.
pub const WAN_YUAN: &str = "万元";

/// What a quantity's number is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relative {
    /// Fixed cells: `fields` × `columns`.
    No,
    /// Columns of table 三 of the row the sentence's parent statement names
    /// (收到申请12件，其中自然人10件).
    ApplicantOfParent,
    /// A column of table 四 of the rows the parent statement (or the sentence) names
    /// (行政复议2件，其中维持1件).
    OutcomeOfParent,
}

/// One kind of figure the narrative states.
#[derive(Debug)]
pub struct Quantity {
    pub key: &'static str,
    pub table: TableId,
    /// Field key prefixes; the figure is the sum over every field whose key starts with one.
    pub fields: &'static [&'static str],
    /// Column keys summed; empty means the 总计 column (or the only one).
    pub columns: &'static [&'static str],
    pub relative: Relative,
    pub patterns: &'static [&'static str],
    /// The unit pattern after the number.
    pub units: &'static str,
    /// The sentence must contain one of these words (empty: no condition).
    pub needs: &'static [&'static str],
    /// A whole that a 其中 list breaks down (申请、办结、行政复议 …).
    pub whole: bool,
    /// One of the six outcome categories of table 三 (for breakdown sums).
    pub outcome: bool,
}

const fn q(
    key: &'static str,
    table: TableId,
    fields: &'static [&'static str],
    patterns: &'static [&'static str],
) -> Quantity {
    Quantity {
        key,
        table,
        fields,
        columns: &[],
        relative: Relative::No,
        patterns,
        units: COUNT_UNITS,
        needs: &[],
        whole: false,
        outcome: false,
    }
}

const fn whole(mut x: Quantity) -> Quantity {
    x.whole = true;
    x
}

const fn outcome(mut x: Quantity) -> Quantity {
    x.outcome = true;
    x
}

const fn cases(mut x: Quantity) -> Quantity {
    x.units = CASE_UNITS;
    x
}

const fn columns(mut x: Quantity, columns: &'static [&'static str]) -> Quantity {
    x.columns = columns;
    x
}

const fn relative(mut x: Quantity, r: Relative, needs: &'static [&'static str]) -> Quantity {
    x.relative = r;
    x.needs = needs;
    x
}

use TableId::{Four, Three, Two};

/// The legal-person columns of table 三 (法人或其他组织).
pub const ORGANISATION_COLUMNS: &[&str] = &[
    "business",
    "research",
    "nonprofit",
    "legal_service",
    "other",
];

/// Every quantity the narrative-figure engine knows.
pub static QUANTITIES: &[Quantity] = &[
    // ---- table 三: the request flow
    whole(q(
        "new_requests",
        Three,
        &["new_requests"],
        &[
            r"(?:新收|收到|受理|接收|接到|接受|登记)(?:了)?(?:并办理|和办理|和处理|并处理|并答复)?(?:各类|公民、法人(?:或|和)其他组织(?:提出)?的?|群众|申请人)?(?:的)?(?:政府信息公开|信息公开|依申请公开|公开)(?:的)?(?:申请|请求)(?:事项)?{F}{N}",
            r"(?:新收|收到|受理|接收|接到|接受)(?:了)?(?:并办理|和办理|和处理|并处理|并答复)?依申请公开(?:申请|请求|事项)?{F}{N}",
            r"(?:新收|收到|受理|接收|接到)(?:了)?(?:共|共计)?{N}(?:政府信息公开|依申请公开|信息公开)申请",
            r"(?:本年)?新收政府信息公开申请数量{F}{N}",
        ],
    )),
    q(
        "carried_over",
        Three,
        &["carried_over"],
        &[
            r"上(?:一)?年(?:度)?结转(?:过来)?(?:的)?(?:政府信息公开)?(?:申请)?{F}{N}",
            r"{N}(?:为|系|属)?上(?:一)?年(?:度)?结转",
        ],
    ),
    whole(q(
        "total",
        Three,
        &["total"],
        &[
            r"(?:已)?(?:办结|答复|办理完毕|作出答复|予以答复)(?:了)?(?:政府信息公开|依申请公开|信息公开)?(?:申请)?{F}{N}",
            r"(?:本年度)?办理结果总计{F}{N}",
        ],
    )),
    q(
        "carry_forward",
        Three,
        &["carry_forward"],
        &[
            r"(?:结转|转入)(?:至|到|入)?下(?:一)?年(?:度)?(?:继续)?(?:办理)?(?:的)?(?:申请)?{F}{N}",
            r"{N}(?:申请)?(?:需)?(?:结转|转入)(?:至|到|入)?下(?:一)?年",
        ],
    ),
    // ---- table 三: outcomes (aggregates first, by the longest match they win)
    outcome(q(
        "granted_or_partly",
        Three,
        &["granted", "partly_granted"],
        &[
            r"(?:予以|同意)公开(?:和|及|与|、|或|以及)部分(?:予以)?公开(?:的)?{F}{N}",
            r"(?:予以|同意)公开[（(]含部分公开[）)]{F}{N}",
            r"{N}(?:为|系|属于)?(?:予以|同意)公开(?:和|及|与|、|或)部分(?:予以)?公开",
        ],
    )),
    outcome(q(
        "granted",
        Three,
        &["granted"],
        &[
            r"(?:予以|同意)(?:全部)?公开(?:的)?{F}{N}",
            r"{N}(?:为|系|属于|均)?(?:予以|同意)公开",
        ],
    )),
    outcome(q(
        "partly_granted",
        Three,
        &["partly_granted"],
        &[
            r"部分(?:予以)?公开(?:的)?{F}{N}",
            r"{N}(?:为|系|属于)?部分(?:予以)?公开",
        ],
    )),
    outcome(q(
        "denied",
        Three,
        &["denied_"],
        &[
            r"不予(?:以)?公开(?:的)?{F}{N}",
            r"{N}(?:为|系|属于|作)?不予(?:以)?公开",
        ],
    )),
    outcome(q(
        "unavailable",
        Three,
        &["unavailable_"],
        &[r"无法提供(?:的)?{F}{N}", r"{N}(?:为|系|属于)?无法提供"],
    )),
    outcome(q(
        "rejected",
        Three,
        &["rejected_"],
        &[r"不予处理(?:的)?{F}{N}", r"{N}(?:为|系|属于|作)?不予处理"],
    )),
    outcome(q(
        "other_handling",
        Three,
        &["other"],
        &[r"其他处理(?:的)?{F}{N}", r"{N}(?:为|系|属于|作)?其他处理"],
    )),
    // ---- table 三: sub-rows, where the narrative names them
    q(
        "denied_state_secret",
        Three,
        &["denied_state_secret"],
        &[
            r"(?:属于)?国家秘密(?:的)?{F}{N}",
            r"{N}(?:为|系|属于|涉及)*国家秘密",
        ],
    ),
    q(
        "denied_prohibited_by_law",
        Three,
        &["denied_prohibited_by_law"],
        &[
            r"(?:其他)?法律(?:、)?行政法规禁止公开(?:的)?{F}{N}",
            r"{N}(?:为|系|属于)*(?:其他)?法律(?:、)?行政法规禁止公开",
        ],
    ),
    q(
        "denied_three_safeties",
        Three,
        &["denied_three_safeties"],
        &[
            r"三安全一稳定[”」]?(?:的)?{F}{N}",
            r"{N}(?:为|系|属于)*危及[“「]?三安全一稳定",
        ],
    ),
    q(
        "denied_third_party",
        Three,
        &["denied_third_party"],
        &[
            r"(?:保护)?第三方合法权益(?:的)?{F}{N}",
            r"{N}(?:为|系|属于|涉及)*(?:保护)?第三方合法权益",
        ],
    ),
    q(
        "denied_internal_affairs",
        Three,
        &["denied_internal_affairs"],
        &[
            r"(?:三类)?内部事务(?:信息|文件)?(?:的)?{F}{N}",
            r"{N}(?:为|系|属于)*(?:机关)?(?:三类)?内部事务",
        ],
    ),
    q(
        "denied_process_information",
        Three,
        &["denied_process_information"],
        &[
            r"(?:四类)?过程性信息(?:的)?{F}{N}",
            r"{N}(?:为|系|属于)*(?:四类)?过程性信息",
        ],
    ),
    q(
        "denied_enforcement_files",
        Three,
        &["denied_enforcement_files"],
        &[
            r"行政执法案卷(?:的)?{F}{N}",
            r"{N}(?:为|系|属于)*行政执法案卷",
        ],
    ),
    q(
        "denied_inquiry_matters",
        Three,
        &["denied_inquiry_matters"],
        &[
            r"行政查询事项(?:的)?{F}{N}",
            r"{N}(?:为|系|属于)*行政查询事项",
        ],
    ),
    q(
        "unavailable_not_held",
        Three,
        &["unavailable_not_held"],
        &[
            r"(?:本机关)?不掌握(?:相关)?(?:的)?(?:政府)?信息(?:的)?{F}{N}",
            r"{N}(?:为|系|属于|因)*(?:本机关)?不掌握",
        ],
    ),
    q(
        "unavailable_needs_making",
        Three,
        &["unavailable_needs_making"],
        &[
            r"(?:没有现成信息)?(?:，|、)?需要?另行制作(?:的)?{F}{N}",
            r"{N}(?:为|系|属于|因)*没有现成信息",
        ],
    ),
    q(
        "unavailable_still_unclear",
        Three,
        &["unavailable_still_unclear"],
        &[
            r"补正后申请内容仍不明确(?:的)?{F}{N}",
            r"{N}(?:为|系|属于|因)*补正后申请内容仍不明确",
        ],
    ),
    q(
        "rejected_petition",
        Three,
        &["rejected_petition"],
        &[
            r"信访(?:、)?举报(?:、)?投诉类?(?:申请)?(?:的)?{F}{N}",
            r"{N}(?:为|系|属于)*信访(?:、)?举报(?:、)?投诉",
        ],
    ),
    q(
        "rejected_repeated",
        Three,
        &["rejected_repeated"],
        &[r"重复申请(?:的)?{F}{N}", r"{N}(?:为|系|属于)*重复申请"],
    ),
    q(
        "rejected_publications",
        Three,
        &["rejected_publications"],
        &[
            r"(?:要求提供)?公开出版物(?:的)?{F}{N}",
            r"{N}(?:为|系|属于)*要求提供公开出版物",
        ],
    ),
    q(
        "rejected_excessive",
        Three,
        &["rejected_excessive"],
        &[
            r"大量(?:、)?反复申请(?:的)?{F}{N}",
            r"{N}(?:为|系|属于)*(?:无正当理由)?大量(?:、)?反复申请",
        ],
    ),
    q(
        "rejected_confirmation",
        Three,
        &["rejected_confirmation"],
        &[
            r"确认或重新出具已获取信息(?:的)?{F}{N}",
            r"{N}(?:为|系|属于)*要求(?:行政机关)?确认或重新出具",
        ],
    ),
    q(
        "other_no_correction",
        Three,
        &["other_no_correction"],
        &[
            r"逾期不补正(?:的)?{F}{N}",
            r"{N}(?:为|系|属于|因)*(?:申请人)?(?:无正当理由)?逾期不补正",
        ],
    ),
    q(
        "other_fee_unpaid",
        Three,
        &["other_fee_unpaid"],
        &[
            r"逾期未(?:按收费通知要求)?缴纳费用(?:的)?{F}{N}",
            r"{N}(?:为|系|属于|因)*(?:申请人)?逾期未(?:按收费通知要求)?缴纳",
        ],
    ),
    // ---- table 三: applicant columns of the row the parent statement names
    relative(
        columns(
            q(
                "natural_person",
                Three,
                &[],
                &[
                    r"(?:来自|为)?自然人(?:提出)?(?:的)?(?:申请)?{F}{N}",
                    r"{N}(?:为|来自|由)?自然人",
                ],
            ),
            &["natural_person"],
        ),
        Relative::ApplicantOfParent,
        &[],
    ),
    relative(
        columns(
            q(
                "organisations",
                Three,
                &[],
                &[
                    r"法人(?:或|和|及)其他组织(?:提出)?(?:的)?(?:申请)?{F}{N}",
                    r"{N}(?:为|来自|由)?法人(?:或|和|及)其他组织",
                ],
            ),
            ORGANISATION_COLUMNS,
        ),
        Relative::ApplicantOfParent,
        &[],
    ),
    relative(
        columns(
            q(
                "business",
                Three,
                &[],
                &[r"商业企业(?:提出)?(?:的)?(?:申请)?{F}{N}"],
            ),
            &["business"],
        ),
        Relative::ApplicantOfParent,
        &[],
    ),
    relative(
        columns(
            q(
                "research",
                Three,
                &[],
                &[r"科研机构(?:提出)?(?:的)?(?:申请)?{F}{N}"],
            ),
            &["research"],
        ),
        Relative::ApplicantOfParent,
        &[],
    ),
    relative(
        columns(
            q(
                "nonprofit",
                Three,
                &[],
                &[r"社会公益组织(?:提出)?(?:的)?(?:申请)?{F}{N}"],
            ),
            &["nonprofit"],
        ),
        Relative::ApplicantOfParent,
        &[],
    ),
    relative(
        columns(
            q(
                "legal_service",
                Three,
                &[],
                &[r"法律服务机构(?:提出)?(?:的)?(?:申请)?{F}{N}"],
            ),
            &["legal_service"],
        ),
        Relative::ApplicantOfParent,
        &[],
    ),
    // ---- table 四
    whole(cases(q(
        "review",
        Four,
        &["review"],
        &[
            r"(?:被申请)?(?:行政)?复议(?:案件|申请)?(?:的)?{F}{N}",
            r"{N}(?:政府信息公开)?(?:被申请)?(?:行政)?复议(?:案件)?",
        ],
    ))),
    whole(cases(q(
        "suits",
        Four,
        &["direct_suit", "suit_after_review"],
        &[
            r"(?:被提起)?行政(?:诉讼|应诉)(?:案件)?(?:的)?{F}{N}",
            r"{N}(?:政府信息公开)?(?:被提起)?行政(?:诉讼|应诉)(?:案件)?",
        ],
    ))),
    whole(cases(q(
        "direct_suit",
        Four,
        &["direct_suit"],
        &[r"(?:未经复议)?直接(?:提起)?(?:行政)?(?:起诉|诉讼)(?:的)?{F}{N}"],
    ))),
    whole(cases(q(
        "suit_after_review",
        Four,
        &["suit_after_review"],
        &[r"复议后(?:提起)?(?:行政)?(?:起诉|诉讼)(?:的)?{F}{N}"],
    ))),
    relative(
        columns(
            cases(q(
                "upheld",
                Four,
                &[],
                &[
                    r"(?:结果|决定)?(?:被|获)?维持(?:原)?(?:行政行为|决定|答复)?(?:的)?{F}{N}",
                    r"{N}(?:被|获|予以)?维持",
                ],
            )),
            &["upheld"],
        ),
        Relative::OutcomeOfParent,
        &["复议", "诉讼"],
    ),
    relative(
        columns(
            cases(q(
                "corrected",
                Four,
                &[],
                &[r"(?:结果)?(?:被)?纠正(?:的)?{F}{N}", r"{N}(?:被)?纠正"],
            )),
            &["corrected"],
        ),
        Relative::OutcomeOfParent,
        &["复议", "诉讼"],
    ),
    relative(
        columns(
            cases(q("outcome_other", Four, &[], &[r"其他结果(?:的)?{F}{N}"])),
            &["other"],
        ),
        Relative::OutcomeOfParent,
        &["复议", "诉讼"],
    ),
    relative(
        columns(
            cases(q(
                "pending",
                Four,
                &[],
                &[r"尚未审结(?:的)?{F}{N}", r"{N}(?:尚|仍)?未审结"],
            )),
            &["pending"],
        ),
        Relative::OutcomeOfParent,
        &["复议", "诉讼"],
    ),
    // ---- table 二
    columns(
        cases(q(
            "regulations_issued",
            Two,
            &["regulations"],
            &[r"(?:制发|印发|出台|制定|发布)(?:了)?(?:政府)?规章{F}{N}"],
        )),
        &["issued"],
    ),
    columns(
        cases(q(
            "regulations_abolished",
            Two,
            &["regulations"],
            &[r"废止(?:了)?(?:政府)?规章{F}{N}"],
        )),
        &["abolished"],
    ),
    columns(
        cases(q(
            "regulations_in_force",
            Two,
            &["regulations"],
            &[r"现行有效(?:的)?(?:政府)?规章{F}{N}", r"规章现行有效{F}{N}"],
        )),
        &["in_force"],
    ),
    columns(
        cases(q(
            "documents_issued",
            Two,
            &["normative_documents"],
            &[r"(?:制发|印发|出台|制定|发布)(?:了)?(?:行政)?规范性文件{F}{N}"],
        )),
        &["issued"],
    ),
    columns(
        cases(q(
            "documents_abolished",
            Two,
            &["normative_documents"],
            &[r"废止(?:了)?(?:行政)?规范性文件{F}{N}"],
        )),
        &["abolished"],
    ),
    columns(
        cases(q(
            "documents_in_force",
            Two,
            &["normative_documents"],
            &[
                r"现行有效(?:的)?(?:行政)?规范性文件{F}{N}",
                r"(?:行政)?规范性文件现行有效{F}{N}",
            ],
        )),
        &["in_force"],
    ),
    columns(
        cases(q(
            "licensing",
            Two,
            &["licensing"],
            &[r"(?:作出)?行政许可(?:决定)?{F}{N}"],
        )),
        &["decisions"],
    ),
    columns(
        cases(q(
            "punishment",
            Two,
            &["punishment"],
            &[r"(?:作出)?行政处罚(?:决定)?{F}{N}"],
        )),
        &["decisions"],
    ),
    columns(
        cases(q(
            "enforcement",
            Two,
            &["enforcement"],
            &[r"(?:作出)?行政强制(?:决定|措施)?{F}{N}"],
        )),
        &["decisions"],
    ),
    Quantity {
        units: WAN_YUAN,
        columns: &["amount"],
        ..q(
            "fees",
            Two,
            &["fees"],
            &[r"(?:行政事业性)?收费(?:金额|总额|合计|收入)?{F}{N}"],
        )
    },
];

/// Words that make a sentence about something other than this agency's
/// figures of this year; such sentences are not compared (a false R7 is worse
/// than a missed one).
pub const OFF_TOPIC_WORDS: &[&str] = &[
    "备案",
    "咨询",
    "人次",
    "去年",
    "上年",
    "上一年",
    "同比",
    "环比",
    "较上",
    "历年",
    "以来",
    "全市",
    "全区",
    "全县",
    "全省",
    "全国",
    "各区",
    "各县",
    "各地",
    "下属",
    "所属",
    "直属",
    "各单位",
    "各部门",
    "系统内",
    "全系统",
    "分别",
    "预计",
    "计划",
    "力争",
    "目标",
];

/// Words after a statement of new requests that say it includes last year's
/// (收到申请13件（含上年结转1件）): then 一 + 二 is also a right figure.
pub const INCLUDES_CARRIED_OVER: &[&str] = &["含", "包括", "结转"];

/// Phrases containing an off-topic word that still speak of this year's figures.
pub const ON_TOPIC_PHRASES: &[&str] = &["上年结转", "上年度结转", "上一年度结转", "上一年结转"];
